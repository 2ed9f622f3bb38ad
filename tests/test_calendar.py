"""Working-time calendars and deadlines: AGR-5, AGR-10, AGR-15, AGR-21..AGR-24."""

import time as clock
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from after_sales.agreement.calendar import (
	AlwaysOpen,
	BusinessHours,
	Calendar,
	DeadlineOutOfRange,
	twenty_four_seven,
)

H = timedelta(hours=1)
MIN = timedelta(minutes=1)
FAST = settings(deadline=None, max_examples=200)

# Mon-Fri 09:00-12:00 and 13:00-18:00: 8 working hours a day, 40 a week.
OFFICE = {day: [(time(9), time(12)), (time(13), time(18))] for day in range(5)}
# 2 March 2026 is a Monday.
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 3, 2) + timedelta(days=i) for i in range(7))


def at(day: date, hour: int, minute: int = 0) -> datetime:
	return datetime.combine(day, time(hour, minute))


@pytest.fixture
def office() -> BusinessHours:
	return BusinessHours(OFFICE)


# -- 24x7 clock ----------------------------------------------------------------------------------


def test_agr24_urgent_report_at_2300_due_2330_on_24x7_clock():
	"""AGR-5/AGR-24: a report at 23:00 on a 24x7 clock is due 23:30 (AGR-21) and resolved within 4 h
	(AGR-10) at 03:00 the next day: exact, no second lost at midnight."""
	clock24 = twenty_four_seven()
	report = datetime(2026, 3, 6, 23, 0)
	assert clock24.add(report, timedelta(minutes=30)) == datetime(2026, 3, 6, 23, 30)
	assert clock24.add(report, 4 * H) == datetime(2026, 3, 7, 3, 0)
	assert clock24.elapsed(report, datetime(2026, 3, 7, 3, 0)) == 4 * H
	assert clock24.elapsed(report, datetime(2026, 3, 7, 0, 0, 0, 1)) == timedelta(hours=1, microseconds=1)


def test_agr5_24x7_clock_counts_nights_and_weekends():
	"""AGR-5: the 24-hour online service clock runs on Saturday night as on a Tuesday morning."""
	assert twenty_four_seven().add(at(SAT, 22), 24 * H) == at(SUN, 22)
	assert isinstance(twenty_four_seven(), AlwaysOpen)
	assert isinstance(twenty_four_seven(), Calendar)


def test_agr15_24x7_pauses_stop_the_clock():
	"""AGR-15/AGR-5: time inside a pause (e.g. waiting for the customer) does not count."""
	clock24 = AlwaysOpen()
	start = at(WED, 10)
	pauses = [(at(WED, 10, 10), at(WED, 10, 20))]
	assert clock24.add(start, 30 * MIN, pauses) == at(WED, 10, 40)
	assert clock24.elapsed(start, at(WED, 10, 40), pauses) == 30 * MIN
	# A pause that ends before the start, or starts after the deadline, changes nothing.
	later = [(at(WED, 9), at(WED, 9, 30)), (at(WED, 11), at(WED, 12))]
	assert clock24.add(start, 30 * MIN, later) == at(WED, 10, 30)


def test_agr5_deadline_on_the_start_of_a_pause_is_not_pushed():
	"""AGR-5: the deadline is the earliest instant the duration has elapsed, even if a pause starts then."""
	assert AlwaysOpen().add(at(WED, 10), 30 * MIN, [(at(WED, 10, 30), at(WED, 11))]) == at(WED, 10, 30)


def test_agr5_zero_duration_on_24x7_is_the_start_unless_paused():
	clock24 = AlwaysOpen()
	assert clock24.add(at(WED, 10), timedelta(0)) == at(WED, 10)
	pauses = [(at(WED, 9), at(WED, 11)), (at(WED, 10, 30), at(WED, 12))]
	assert clock24.add(at(WED, 10), timedelta(0), pauses) == at(WED, 12)


def test_agr5_overlapping_unsorted_pauses_count_once():
	clock24 = AlwaysOpen()
	pauses = [
		(at(WED, 11), at(WED, 11, 30)),
		(at(WED, 10, 10), at(WED, 10, 40)),
		(at(WED, 10, 30), at(WED, 11)),
	]
	# Paused 10:10-11:30 in all: 10:00-10:10 and 11:30-11:50 count.
	assert clock24.add(at(WED, 10), 30 * MIN, pauses) == at(WED, 11, 50)
	assert clock24.elapsed(at(WED, 10), at(WED, 12), pauses) == 40 * MIN
	assert clock24.elapsed(at(WED, 10), at(WED, 12), iter(pauses)) == 40 * MIN


# -- business hours ------------------------------------------------------------------------------


@pytest.mark.parametrize(
	("start", "duration", "expected"),
	[
		(at(WED, 10), H, at(WED, 11)),  # inside working time
		(at(WED, 11, 30), H, at(WED, 13, 30)),  # across lunch
		(at(WED, 7), H, at(WED, 10)),  # before opening
		(at(WED, 12, 30), 30 * MIN, at(WED, 13, 30)),  # during lunch
		(at(WED, 17, 30), H, at(THU, 9, 30)),  # across the night
		(at(WED, 22), H, at(THU, 10)),  # reported at night
		(at(FRI, 17), 4 * H, at(MON + timedelta(days=7), 12)),  # across the weekend
		(at(SAT, 11), 30 * MIN, at(MON + timedelta(days=7), 9, 30)),  # reported on a weekend
		(at(WED, 17), H, at(WED, 18)),  # lands on closing time: not pushed to the next morning
		(at(WED, 9), 8 * H, at(WED, 18)),  # exactly one working day
		(at(WED, 9), 8 * H + timedelta(microseconds=1), datetime(2026, 3, 5, 9, 0, 0, 1)),
		(at(MON, 9), 40 * H, at(FRI, 18)),  # exactly one working week
	],
)
def test_agr22_business_hours_deadlines(office, start, duration, expected):
	"""AGR-22 on a business-hours clock: nights, lunch breaks and weekends do not count."""
	assert office.add(start, duration) == expected
	assert office.elapsed(start, expected) == duration


def test_agr22_business_hours_skip_holidays(office):
	"""Friday 17:00 + 4 h, Monday a holiday: 1 h on Friday, 3 h on Tuesday -> Tuesday 12:00."""
	next_mon = MON + timedelta(days=7)
	calendar = BusinessHours(OFFICE, holidays=[next_mon])
	assert calendar.add(at(FRI, 17), 4 * H) == at(next_mon + timedelta(days=1), 12)
	assert calendar.elapsed(at(FRI, 17), at(next_mon + timedelta(days=1), 12)) == 4 * H
	# Reported on the holiday itself.
	assert calendar.add(at(next_mon, 10), H) == at(next_mon + timedelta(days=1), 10)
	# A holiday on a weekend changes nothing; holidays may be datetimes or ISO strings.
	assert BusinessHours(OFFICE, holidays=[SAT, "2026-03-08"]).add(at(FRI, 17), 4 * H) == office.add(
		at(FRI, 17), 4 * H
	)
	assert BusinessHours(OFFICE, holidays=[datetime(2026, 3, 9, 0, 0)]).add(at(FRI, 17), 4 * H) == at(
		next_mon + timedelta(days=1), 12
	)


def test_agr22_consecutive_holidays_and_weekend(office):
	"""A week of holidays (e.g. a national holiday week) after a weekend is skipped whole."""
	next_mon = MON + timedelta(days=7)
	week_off = [next_mon + timedelta(days=i) for i in range(5)]
	calendar = BusinessHours(OFFICE, holidays=week_off)
	assert calendar.add(at(FRI, 17, 30), H) == at(next_mon + timedelta(days=7), 9, 30)


def test_agr15_business_hours_pauses_are_excluded(office):
	"""AGR-15: paused time inside working hours does not count; paused time outside them changes nothing."""
	pauses = [(at(WED, 10, 30), at(WED, 11))]
	# 10:00-10:30, pause, 11:00-12:00, lunch, 13:00-13:30.
	assert office.add(at(WED, 10), 2 * H, pauses) == at(WED, 13, 30)
	assert office.elapsed(at(WED, 10), at(WED, 13, 30), pauses) == 2 * H
	# A pause over a night: 17:00-17:30 counts, then paused until Thursday 10:00.
	night = [(at(WED, 17, 30), at(THU, 10))]
	assert office.add(at(WED, 17), 2 * H, night) == at(THU, 11, 30)
	# A pause only over lunch and the night changes nothing.
	idle = [(at(WED, 12), at(WED, 13)), (at(WED, 18), at(THU, 9))]
	assert office.add(at(WED, 11), 3 * H, idle) == office.add(at(WED, 11), 3 * H)


def test_agr15_zero_duration_is_start_or_next_working_instant(office):
	"""Zero duration: `start` itself if it is working time, else the next working (unpaused) instant."""
	zero = timedelta(0)
	assert office.add(at(WED, 10), zero) == at(WED, 10)
	assert office.add(at(WED, 9), zero) == at(WED, 9)  # opening time is working time
	assert office.add(at(WED, 12), zero) == at(WED, 13)  # closing time is not
	assert office.add(at(FRI, 18), zero) == at(MON + timedelta(days=7), 9)
	holiday = BusinessHours(OFFICE, holidays=[MON + timedelta(days=7)])
	assert holiday.add(at(FRI, 18), zero) == at(TUE + timedelta(days=7), 9)
	assert office.add(at(WED, 8), zero, [(at(WED, 8, 30), at(WED, 9, 15))]) == at(WED, 9, 15)
	assert office.elapsed(at(WED, 12), office.add(at(WED, 12), zero)) == zero


def test_agr23_30_day_target_is_exact(office):
	"""AGR-23 style long targets: 30 days (720 h) of working time = 90 working days of 8 h."""
	start = at(MON, 9)
	# 18 weeks of 5 days: Friday 3 July 2026 at closing time.
	assert office.add(start, timedelta(days=30)) == datetime(2026, 7, 3, 18, 0)
	holidays = [date(2026, 5, 1), date(2026, 6, 19), date(2026, 5, 2)]  # two Fridays and a Saturday
	assert BusinessHours(OFFICE, holidays).add(start, timedelta(days=30)) == datetime(2026, 7, 7, 18, 0)
	# 30 working days of 8 h: six weeks.
	assert office.add(start, 240 * H) == at(date(2026, 4, 10), 18)


def _walk_days(windows, holidays, start: datetime, duration: timedelta) -> datetime:
	"""A plain day-by-day walk (no skipping), for long targets."""
	remaining = duration
	day = start.date()
	while True:
		if day not in holidays:
			for low, high in windows.get(day.weekday(), []):
				begin = datetime.combine(day, low)
				end = (
					datetime.combine(day, high)
					if high != time(0)
					else datetime.combine(day + timedelta(days=1), time(0))
				)
				begin = max(begin, start)
				if end <= begin:
					continue
				if remaining <= end - begin:
					return begin + remaining
				remaining -= end - begin
		day += timedelta(days=1)


@pytest.mark.parametrize("years", [1, 3])
def test_agr2_year_long_target_with_holidays_matches_a_day_walk(years):
	"""Long targets (a whole free-service year of working time, AGR-2) are exact with many holidays."""
	holidays = {date(2026, 1, 1) + timedelta(days=i) for i in range(0, 3 * 365, 11)}
	calendar = BusinessHours(OFFICE, holidays)
	start = datetime(2026, 1, 7, 15, 20, 11, 5)
	duration = timedelta(hours=8 * 250 * years, minutes=7)
	assert calendar.add(start, duration) == _walk_days(OFFICE, holidays, start, duration)


def test_cost_does_not_grow_with_the_duration():
	"""A ten-year target costs about as much as a 15-minute one (weeks are jumped, not walked)."""
	holidays = [date(2026, 1, 1) + timedelta(days=i) for i in range(0, 3650, 9)]
	calendar = BusinessHours(OFFICE, holidays)
	start = at(WED, 10)
	began = clock.perf_counter()
	for _ in range(2000):
		calendar.add(start, timedelta(days=3650))
	assert clock.perf_counter() - began < 2.0  # a day-by-day walk would take minutes


def test_window_may_end_at_midnight():
	"""An end of 00:00 means 24:00: Monday 20:00-24:00 only, Monday 23:00 + 2 h -> next Monday 21:00."""
	calendar = BusinessHours({0: [(time(20), time(0))]})
	assert calendar.add(at(MON, 23), 2 * H) == at(MON + timedelta(days=7), 21)
	assert calendar.add(at(MON, 23), H) == at(TUE, 0)  # the very end of Monday
	assert calendar.elapsed(at(MON, 20), at(TUE, 6)) == 4 * H
	# Continuing into Tuesday 00:00-02:00: no gap at midnight.
	night = BusinessHours({0: [(time(20), time(0))], 1: [(time(0), time(2))]})
	assert night.add(at(MON, 23), 2 * H) == at(TUE, 1)
	assert night.add(at(TUE, 0), timedelta(0)) == at(TUE, 0)


def test_whole_day_windows_equal_24x7():
	every_day = BusinessHours({day: [(time(0), time(0))] for day in range(7)})
	start = datetime(2026, 3, 6, 23, 0, 0, 7)
	assert every_day.add(start, 4 * H) == AlwaysOpen().add(start, 4 * H)
	assert every_day.elapsed(at(MON, 0), at(MON + timedelta(days=7), 0)) == timedelta(days=7)


def test_windows_accept_timedeltas_and_strings():
	"""Frappe returns Time columns as timedelta since midnight; both forms give the same calendar."""
	as_deltas = BusinessHours({0: [(timedelta(hours=9), timedelta(hours=18))], 1: [("09:00", "18:00:00")]})
	as_times = BusinessHours({0: [(time(9), time(18))], 1: [(time(9), time(18))]})
	start = at(MON, 17)
	assert as_deltas.add(start, 2 * H) == as_times.add(start, 2 * H) == at(TUE, 10)
	assert BusinessHours({0: [(timedelta(hours=20), timedelta(hours=24))]}).add(at(MON, 23), H) == at(TUE, 0)


def test_touching_windows_are_joined():
	joined = BusinessHours({2: [(time(12), time(18)), (time(9), time(12))]})
	assert joined.add(at(WED, 11), 2 * H) == at(WED, 13)
	assert joined.add(at(WED, 12), timedelta(0)) == at(WED, 12)
	assert joined.elapsed(at(MON, 0), at(MON + timedelta(days=7), 0)) == 9 * H


@pytest.mark.parametrize(
	("windows", "message"),
	[
		({0: [(time(9), time(13)), (time(12), time(18))]}, "overlap"),
		({0: [(time(9), time(18)), (time(10), time(11))]}, "overlap"),
		({0: [(time(18), time(9))]}, "end after it starts"),
		({0: [(time(9), time(9))]}, "end after it starts"),
		({}, "no working time"),
		({5: []}, "no working time"),
		({7: [(time(9), time(18))]}, "weekday"),
		({-1: [(time(9), time(18))]}, "weekday"),
		({0: [(time(9),)]}, "pair"),
		({0: [(time(9, tzinfo=timezone.utc), time(18))]}, "time zone"),
		({0: [("9 o'clock", "18:00")]}, "not a time of day"),
	],
)
def test_invalid_working_hours_are_refused(windows, message):
	with pytest.raises(ValueError, match=message):
		BusinessHours(windows)


def test_invalid_arguments_are_refused(office):
	with pytest.raises(ValueError, match="negative"):
		office.add(at(WED, 10), -MIN)
	with pytest.raises(ValueError, match="naive"):
		office.add(datetime(2026, 3, 4, 10, tzinfo=timezone.utc), H)
	with pytest.raises(ValueError, match="both a start and an end"):
		office.add(at(WED, 10), H, [(at(WED, 10), None)])
	with pytest.raises(ValueError, match="before it starts"):
		AlwaysOpen().elapsed(at(WED, 10), at(WED, 12), [(at(WED, 11), at(WED, 10, 30))])
	with pytest.raises(TypeError):
		office.add(WED, H)  # a date is not an instant
	with pytest.raises(TypeError):
		AlwaysOpen().add(at(WED, 10), 30)


def test_elapsed_is_zero_when_end_is_not_after_start(office):
	assert office.elapsed(at(WED, 11), at(WED, 10)) == timedelta(0)
	assert AlwaysOpen().elapsed(at(WED, 11), at(WED, 10)) == timedelta(0)
	assert office.elapsed(at(WED, 18), at(THU, 9)) == timedelta(0)


def test_elapsed_on_business_hours(office):
	assert office.elapsed(at(FRI, 17), at(MON + timedelta(days=7), 12)) == 4 * H
	assert office.elapsed(at(MON, 0), at(MON + timedelta(days=7), 0)) == 40 * H
	assert office.elapsed(at(WED, 11, 59), at(WED, 13, 1)) == 2 * MIN


# -- properties (hypothesis) -----------------------------------------------------------------------

instants = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31))
short = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3))
durations = st.one_of(short, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)))


@st.composite
def calendar_parts(draw: st.DrawFn) -> tuple:
	"""What a BusinessHours is made of: windows, holidays, extra working days and the weekday whose hours
	those work."""
	windows = {}
	for weekday in range(7):
		cuts = draw(st.lists(st.integers(0, 86_400), min_size=0, max_size=6, unique=True))
		cuts.sort()
		pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
		windows[weekday] = [
			(timedelta(seconds=low), timedelta(seconds=high)) for low, high in pairs if high > low
		]
	assume(any(windows.values()))
	holidays = draw(st.lists(st.dates(date(2024, 12, 1), date(2029, 12, 31)), max_size=40))
	extra = draw(st.lists(st.dates(date(2024, 12, 1), date(2029, 12, 31)), max_size=20))
	worked = [weekday for weekday in range(7) if windows[weekday]]
	return windows, holidays, extra, draw(st.sampled_from(worked))


business_hours = calendar_parts().map(lambda parts: BusinessHours(*parts))


calendars = st.one_of(st.just(AlwaysOpen()), business_hours, st.just(BusinessHours(OFFICE)))


@st.composite
def pause_lists(draw: st.DrawFn, around: datetime) -> list[tuple[datetime, datetime]]:
	result = []
	for _ in range(draw(st.integers(0, 4))):
		begin = around + draw(st.timedeltas(min_value=-timedelta(days=2), max_value=timedelta(days=10)))
		result.append(
			(begin, begin + draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3))))
		)
	return result


@FAST
@given(calendar=calendars, start=instants, duration=durations, data=st.data())
def test_agr5_property_elapsed_of_deadline_is_the_duration(calendar, start, duration, data):
	"""elapsed(s, add(s, d)) == d exactly, with and without pauses, on every calendar (whose deadline a
	datetime can hold: seconds of work a week against days of target fall after the year 9999)."""
	pauses = data.draw(pause_lists(start))
	try:
		due = calendar.add(start, duration)
		due_paused = calendar.add(start, duration, pauses)
	except DeadlineOutOfRange:
		assume(False)
	assert due >= start
	assert calendar.elapsed(start, due) == duration
	assert due_paused >= due
	assert calendar.elapsed(start, due_paused, pauses) == duration


@FAST
@given(calendar=calendars, start=instants, duration=durations, shift=short, extra=short, data=st.data())
def test_agr5_property_deadline_is_monotonic(calendar, start, duration, shift, extra, data):
	"""A later report or a longer target never gives an earlier deadline (with or without pauses)."""
	pauses = data.draw(st.one_of(st.just([]), pause_lists(start)))
	due = calendar.add(start, duration, pauses)
	assert calendar.add(start + shift, duration, pauses) >= due
	assert calendar.add(start, duration + extra, pauses) >= due


@FAST
@given(calendar=calendars, start=instants, first=short, second=short)
def test_agr5_property_elapsed_adds_up_and_deadlines_chain(calendar, start, first, second):
	middle, end = start + first, start + first + second
	assert calendar.elapsed(start, middle) + calendar.elapsed(middle, end) == calendar.elapsed(start, end)
	assume(second > timedelta(0))
	assert calendar.add(calendar.add(start, first), second) == calendar.add(start, first + second)


@FAST
@given(calendar=calendars, start=instants, data=st.data())
def test_agr5_property_zero_duration_is_next_working_instant(calendar, start, data):
	pauses = data.draw(st.one_of(st.just([]), pause_lists(start)))
	due = calendar.add(start, timedelta(0), pauses)
	assert due >= start
	assert calendar.elapsed(start, due, pauses) == timedelta(0)
	# `due` is working time: the clock runs right after it.
	tick = timedelta(microseconds=1)
	assert calendar.elapsed(due, due + tick, pauses) == tick


@FAST
@given(start=instants, duration=durations)
def test_agr5_24x7_is_plain_addition(start, duration):
	assert AlwaysOpen().add(start, duration) == start + duration
	assert AlwaysOpen().elapsed(start, start + duration) == duration


# -- against a naive minute-stepping reference ---------------------------------------------------

BASE = datetime(2026, 3, 2)  # a Monday; minute m is BASE + m minutes


def _naive_tables(windows: dict[int, list[tuple[int, int]]], holidays: set[int], pauses, extra=(set(), 0)):
	"""Whether minute m counts: `extra` is (the extra working days, the weekday whose hours they work)."""
	week = bytearray(7 * 1440)
	for weekday, pairs in windows.items():
		for low, high in pairs:
			for minute in range(low, high):
				week[weekday * 1440 + minute] = 1
	paused = {m for low, high in pauses for m in range(low, high)}
	extra_days, extra_weekday = extra

	def counts(m: int) -> bool:
		day, minute = divmod(m, 1440)
		if m in paused:
			return False
		if day in extra_days:  # its own hours and the reference weekday's (BASE is a Monday: weekday n % 7)
			return bool(week[extra_weekday * 1440 + minute] or week[m % (7 * 1440)])
		return bool(week[m % (7 * 1440)]) and day not in holidays

	return counts


def naive_add(windows, holidays, start: int, minutes: int, pauses, extra=(set(), 0)) -> int:
	"""Step minute by minute: the end of the `minutes`-th counting minute (zero: the first counting one)."""
	counts = _naive_tables(windows, holidays, pauses, extra)
	m = start
	if minutes == 0:
		while not counts(m):
			m += 1
		return m
	done = 0
	while True:
		if counts(m):
			done += 1
			if done == minutes:
				return m + 1
		m += 1


def naive_elapsed(windows, holidays, start: int, end: int, pauses, extra=(set(), 0)) -> int:
	counts = _naive_tables(windows, holidays, pauses, extra)
	return sum(1 for m in range(start, end) if counts(m))


@st.composite
def minute_calendars(draw: st.DrawFn):
	windows: dict[int, list[tuple[int, int]]] = {}
	for weekday in range(7):
		cuts = sorted(draw(st.lists(st.integers(0, 1440), max_size=6, unique=True)))
		windows[weekday] = [(low, high) for low, high in zip(cuts[::2], cuts[1::2], strict=False)]
	weekly = sum(high - low for pairs in windows.values() for low, high in pairs)
	assume(weekly >= 300)
	holidays = set(draw(st.lists(st.integers(0, 28), max_size=8)))
	extra_days = set(draw(st.lists(st.integers(0, 28), max_size=6)))
	extra_weekday = draw(st.sampled_from([day for day in range(7) if windows[day]]))
	return windows, holidays, (extra_days, extra_weekday)


def _to_calendar(windows, holidays, extra=(set(), 0)) -> BusinessHours:
	def as_time(minute: int) -> time:
		return time(0) if minute == 1440 else time(minute // 60, minute % 60)

	extra_days, extra_weekday = extra
	return BusinessHours(
		{day: [(as_time(low), as_time(high)) for low, high in pairs] for day, pairs in windows.items()},
		[BASE.date() + timedelta(days=n) for n in holidays],
		[BASE.date() + timedelta(days=n) for n in extra_days],
		extra_weekday,
	)


@settings(deadline=None, max_examples=200)
@given(
	spec=minute_calendars(),
	start=st.integers(0, 14 * 1440),
	minutes=st.integers(0, 480),
	raw_pauses=st.lists(st.tuples(st.integers(-600, 10 * 1440), st.integers(0, 360)), max_size=3),
)
def test_agr22_business_hours_match_naive_minute_stepping(spec, start, minutes, raw_pauses):
	"""BusinessHours agrees with a naive minute-by-minute walk (deadlines and elapsed, with pauses), with
	holidays and extra working days (China's make-up days) anywhere, a day both holiday and extra included."""
	windows, holidays, extra = spec
	calendar = _to_calendar(windows, holidays, extra)
	pauses = [(start + low, start + low + length) for low, length in raw_pauses]
	as_datetimes = [(BASE + low * MIN, BASE + high * MIN) for low, high in pauses]
	expected = naive_add(windows, holidays, start, minutes, pauses, extra)
	assert calendar.add(BASE + start * MIN, minutes * MIN, as_datetimes) == BASE + expected * MIN
	assert (
		calendar.add(BASE + start * MIN, minutes * MIN)
		== BASE + naive_add(windows, holidays, start, minutes, [], extra) * MIN
	)
	end = start + minutes * 3
	assert (
		calendar.elapsed(BASE + start * MIN, BASE + end * MIN, as_datetimes)
		== naive_elapsed(windows, holidays, start, end, pauses, extra) * MIN
	)


def test_agr5_a_deadline_past_the_year_9999_is_a_clear_error_not_an_overflow():
	"""One second of work a week against a five-day target: the deadline is millennia away."""
	almost_closed = BusinessHours({6: [("00:00:00", "00:00:01")]})
	with pytest.raises(DeadlineOutOfRange):
		almost_closed.add(datetime(2025, 1, 1), timedelta(days=5))
	with pytest.raises(DeadlineOutOfRange):
		almost_closed.add(
			datetime(2025, 1, 1), timedelta(days=5), [(datetime(2025, 1, 2), datetime(2025, 1, 3))]
		)


# -- China's statutory calendar: holidays and make-up working days (调休) ------------------------

# 2026 around the Spring Festival: 15-23 February off; Saturday 14 and Saturday 28 February worked.
CN_OFFICE = {day: [(time(9), time(18))] for day in range(5)}
SPRING_FESTIVAL_2026 = [date(2026, 2, 15) + timedelta(days=i) for i in range(9)]
MAKE_UP_2026 = [date(2026, 2, 14), date(2026, 2, 28)]


def test_agr22_a_general_fault_on_the_eve_of_a_make_up_saturday_is_due_that_saturday():
	"""AGR-22 (1 h to respond), 9:00-18:00 on working days: reported on Friday 13 February 2026 at 17:30,
	half an hour remains that day and half an hour on Saturday 14 February, a working day: 09:30. Without
	the make-up day the deadline would be Tuesday 24 February 09:30, ten days late."""
	china = BusinessHours(CN_OFFICE, SPRING_FESTIVAL_2026, MAKE_UP_2026)
	reported = datetime(2026, 2, 13, 17, 30)
	assert china.add(reported, H) == datetime(2026, 2, 14, 9, 30)
	assert BusinessHours(CN_OFFICE, SPRING_FESTIVAL_2026).add(reported, H) == datetime(2026, 2, 24, 9, 30)
	assert china.elapsed(reported, datetime(2026, 2, 14, 9, 30)) == H
	# 8 hours to resolve from Saturday 14 at 17:00: 1 h that day, the break, then Tuesday 24 until 16:00
	assert china.add(datetime(2026, 2, 14, 17, 0), 8 * H) == datetime(2026, 2, 24, 16, 0)
	# Saturday 28 February works too (to its 18:00), Sunday 1 March does not
	assert china.add(datetime(2026, 2, 27, 17, 0), 10 * H) == datetime(2026, 2, 28, 18, 0)
	assert china.add(datetime(2026, 2, 27, 17, 0), 11 * H) == datetime(2026, 3, 2, 10, 0)


def test_agr22_make_up_days_work_the_hours_of_a_chosen_weekday():
	"""A make-up day works a regular day's hours: by default the first weekday with working time."""
	short_friday = {**CN_OFFICE, 4: [(time(9), time(12))]}
	saturday = date(2026, 2, 14)
	as_monday = BusinessHours(short_friday, extra_working_days=[saturday])
	as_friday = BusinessHours(short_friday, extra_working_days=[saturday], extra_day_hours=4)
	assert as_monday.elapsed(datetime(2026, 2, 14), datetime(2026, 2, 15)) == 9 * H
	assert as_friday.elapsed(datetime(2026, 2, 14), datetime(2026, 2, 15)) == 3 * H
	with pytest.raises(ValueError, match="Saturday"):
		BusinessHours(CN_OFFICE, extra_working_days=[saturday], extra_day_hours=5)


@FAST
@given(
	parts=calendar_parts(),
	start=instants,
	duration=durations,
	day=st.dates(date(2025, 1, 1), date(2027, 12, 31)),
)
def test_agr22_property_a_make_up_day_never_makes_a_deadline_later(parts, start, duration, day):
	"""Adding an extra working day adds working time: no deadline moves later, and the duration between
	opening and deadline is still exactly the target on the new calendar."""
	windows, holidays, extra, extra_weekday = parts
	before = BusinessHours(windows, holidays, extra, extra_weekday)
	after = BusinessHours(windows, holidays, [*extra, day], extra_weekday)
	try:
		due_before, due_after = before.add(start, duration), after.add(start, duration)
	except DeadlineOutOfRange:
		assume(False)
	assert due_after <= due_before
	assert after.elapsed(start, due_after) == duration


@FAST
@given(calendar=business_hours, start=instants, duration=durations)
def test_agr22_property_a_deadline_never_lands_outside_working_time(calendar, start, duration):
	"""A positive target ends at the end of working time (the clock ran up to it); a zero one at working time."""
	assume(duration > timedelta(0))
	try:
		due = calendar.add(start, duration)
	except DeadlineOutOfRange:
		assume(False)
	tick = timedelta(microseconds=1)
	assert calendar.elapsed(due - tick, due) == tick
