import pytest
from hypothesis import given
from hypothesis import strategies as st

from after_sales.agreement.metrics import (
	interpolate,
	meets_reach_target,
	percentile_positions,
	reach_percent,
	share_percent,
	slice_without,
)


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


def _percentile_cont(values, fraction):
	"""PERCENTILE_CONT as the SQL standard defines it, the slow way: sort, then interpolate."""
	ordered = sorted(values)
	rank = fraction * (len(ordered) - 1)
	low = int(rank)
	high = min(low + 1, len(ordered) - 1)
	return ordered[low] + (rank - low) * (ordered[high] - ordered[low])


def test_agr10_p90_of_known_response_times():
	"""AGR-10: the 90th percentile of 600, 1200, 2400, 3000 s is 2820 s, as MariaDB's PERCENTILE_CONT gives."""
	values = [600, 1200, 2400, 3000]
	low, high, weight = percentile_positions(len(values), 0.9)
	assert (low, high) == (2, 3)
	assert interpolate(values[low], values[high], weight) == pytest.approx(2820)


def test_percentile_of_one_value_is_that_value():
	assert percentile_positions(1, 0.9) == (0, 0, 0.0)


@pytest.mark.parametrize(("count", "fraction"), [(0, 0.9), (-3, 0.5), (5, 1.5), (5, -0.1)])
def test_percentile_positions_refuse_nonsense(count, fraction):
	with pytest.raises(ValueError):
		percentile_positions(count, fraction)


@given(
	st.lists(st.integers(0, 10**6), min_size=1, max_size=300),
	st.sampled_from([0.0, 0.5, 0.9, 0.95, 1.0]),
)
def test_two_values_are_enough_for_the_percentile(values, fraction):
	"""Fetching only the two values at `percentile_positions` gives the same percentile as sorting all."""
	ordered = sorted(values)
	low, high, weight = percentile_positions(len(ordered), fraction)
	assert 0 <= low <= high < len(ordered)
	assert interpolate(ordered[low], ordered[high], weight) == pytest.approx(
		_percentile_cont(values, fraction)
	)


def test_agr10_p90_without_the_tickets_reported_apart():
	"""AGR-6..13 with AGR-10: the p90 of the tickets a contract covers, read from the list of all of them
	without the ones it does not cover: 7200 and 3000 s are left out, so 600, 1200, 2400, 2400 remain."""
	everything = [7200, 3000, 2400, 2400, 1200, 600]  # descending, as the index is walked
	excluded = [3000, 7200]
	count = len(everything) - len(excluded)
	low, high, weight = percentile_positions(count, 0.9)
	size = high - low + 1
	offset = count - 1 - high
	window = everything[offset : offset + size + len(excluded)]
	found = slice_without(window, excluded, size)
	assert found == [2400, 2400]
	assert interpolate(found[-1], found[0], weight) == pytest.approx(
		_percentile_cont([600, 1200, 2400, 2400], 0.9)
	)
	assert slice_without(window[:1], excluded, size) is None  # too short to tell
	assert slice_without([], [], 1) is None


@given(st.lists(st.tuples(st.integers(0, 20), st.booleans()), min_size=1, max_size=60), st.data())
def test_slice_without_matches_sorting_the_rest(items, data):
	"""Reading `size + len(excluded)` values of the whole descending list from a position gives the same
	values as sorting what remains once the excluded ones are taken out."""
	everything = sorted((value for value, _out in items), reverse=True)
	excluded = [value for value, out in items if out]
	rest = sorted((value for value, out in items if not out), reverse=True)
	if not rest:
		return
	size = data.draw(st.integers(1, min(2, len(rest))))
	position = data.draw(st.integers(0, len(rest) - size))
	window = everything[position : position + size + len(excluded)]
	assert slice_without(window, excluded, size) == rest[position : position + size]


def test_a_share_is_rounded_to_the_places_asked():
	"""One rule for every share the app shows: two places unless the caller asks for fewer."""
	assert share_percent(1, 3) == 33.33
	assert share_percent(1, 3, 1) == 33.3
	assert share_percent(2, 3, 1) == 66.7
	assert share_percent(0, 0, 1) is None
