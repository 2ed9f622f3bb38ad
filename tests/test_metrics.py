import pytest
from hypothesis import given
from hypothesis import strategies as st

from after_sales.agreement.metrics import meets_reach_target, reach_percent, share_percent


def test_agr11_reach_is_installed_over_entitled():
	assert reach_percent(4, 5) == 80.0
	assert reach_percent(1, 3) == 33.33


def test_agr11_reach_with_no_entitled_customer_is_not_a_number():
	assert reach_percent(0, 0) is None
	assert meets_reach_target(0, 0) is None


def test_agr11_reach_target_is_over_80_percent():
	assert meets_reach_target(5, 6) is True
	assert meets_reach_target(4, 5) is False


@pytest.mark.parametrize(("part", "whole"), [(-1, 3), (4, 3), (0, -1)])
def test_impossible_counts_are_refused(part, whole):
	with pytest.raises(ValueError):
		share_percent(part, whole)


@given(st.integers(min_value=1, max_value=10**6).flatmap(lambda w: st.tuples(st.integers(0, w), st.just(w))))
def test_share_is_between_0_and_100(pair):
	part, whole = pair
	value = share_percent(part, whole)
	assert 0 <= value <= 100
	if part == whole:
		assert value == 100
