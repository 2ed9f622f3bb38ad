"""The monthly service report's month and verdicts (AGR-10, AGR-15, AGR-21..23, AGR-27)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from after_sales.agreement.monthly import (
	Verdict,
	average_verdict,
	count_verdict,
	month_of,
	previous_month,
	share_verdict,
)


@pytest.mark.parametrize(
	("today", "first", "last"),
	[
		(date(2026, 12, 1), date(2026, 11, 1), date(2026, 11, 30)),
		(date(2027, 1, 1), date(2026, 12, 1), date(2026, 12, 31)),
		(date(2028, 3, 1), date(2028, 2, 1), date(2028, 2, 29)),
		(date(2027, 3, 15), date(2027, 2, 1), date(2027, 2, 28)),
	],
)
def test_a_report_sent_on_the_first_covers_the_whole_previous_month(today, first, last):
	assert previous_month(today) == (first, last)


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(9998, 12, 31)))
def test_month_of_contains_the_day_and_is_a_whole_month(day):
	first, last = month_of(day)
	assert first <= day <= last
	assert first.day == 1
	assert (last + timedelta(days=1)).day == 1
	assert first.month == last.month == day.month


def test_agr15_receipt_promise_is_met_only_when_no_request_missed_it():
	assert count_verdict(12, 12).verdict is Verdict.MET
	missed = count_verdict(11, 12)
	assert missed.verdict is Verdict.NOT_MET
	assert (missed.kept, missed.total) == (11, 12)


def test_agr21_a_month_without_urgent_faults_has_no_data_rather_than_a_pass():
	assert count_verdict(0, 0).verdict is Verdict.NO_DATA


@pytest.mark.parametrize(("kept", "total"), [(-1, 2), (3, 2), (0, -1)])
def test_impossible_counts_are_refused(kept, total):
	with pytest.raises(ValueError):
		count_verdict(kept, total)


def test_agr10_average_response_of_exactly_30_minutes_holds_with_no_room():
	measure = average_verdict(1800, 1800)
	assert measure.verdict is Verdict.MET
	assert measure.room == 0


def test_agr10_average_resolution_over_4_hours_is_not_met_and_says_by_how_much():
	measure = average_verdict(4 * 3600 + 600, 4 * 3600)
	assert measure.verdict is Verdict.NOT_MET
	assert measure.room == -600


def test_agr10_no_resolved_fault_is_no_data():
	assert average_verdict(None, 4 * 3600).verdict is Verdict.NO_DATA


def test_average_verdict_refuses_nonsense():
	with pytest.raises(ValueError):
		average_verdict(-1, 1800)
	with pytest.raises(ValueError):
		average_verdict(10, 0)


def test_agr27_satisfaction_must_be_over_90_percent():
	assert share_verdict(90.0, 90.0).verdict is Verdict.NOT_MET
	assert share_verdict(90.01, 90.0).verdict is Verdict.MET
	assert share_verdict(None, 90.0).verdict is Verdict.NO_DATA
	with pytest.raises(ValueError):
		share_verdict(101, 90.0)


@given(st.integers(0, 10**6).flatmap(lambda t: st.tuples(st.integers(0, t), st.just(t))))
def test_count_verdict_is_met_exactly_when_nothing_was_missed(pair):
	kept, total = pair
	verdict = count_verdict(kept, total).verdict
	if total == 0:
		assert verdict is Verdict.NO_DATA
	else:
		assert (verdict is Verdict.MET) == (kept == total)


@given(st.floats(0, 10**7, allow_nan=False), st.floats(1, 10**7, allow_nan=False))
def test_average_verdict_room_and_verdict_agree(average, target):
	measure = average_verdict(average, target)
	assert (measure.verdict is Verdict.MET) == (measure.room >= 0)
	assert measure.value + measure.room == pytest.approx(target)
