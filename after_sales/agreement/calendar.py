"""Working-time calendars and deadlines (AGR-5, AGR-10, AGR-15, AGR-21..AGR-24). Pure Python: no frappe import.

A calendar says which instants are working time. Two questions are asked of it:

- ``add(start, duration, pauses)``: the instant at which ``duration`` of working time has elapsed,
  counting from ``start`` (a deadline);
- ``elapsed(start, end, pauses)``: how much working time lies between two instants.

Rules shared by every calendar:

- Datetimes are naive local datetimes (Frappe stores them so); an aware datetime raises ``ValueError``.
  Everything is exact to the microsecond: no second is lost or gained at midnight.
- Working windows, holidays and pauses are half-open: a window 09:00-18:00 contains 09:00 but not
  18:00, a pause ``(a, b)`` stops the clock from ``a`` up to ``b``.
- Pauses are closed intervals given by the caller (both ends known); they may overlap each other and
  come in any order. Working time inside any pause does not count. A pause ending before it starts
  raises ``ValueError``; a pause with ``end == start`` is empty.
- ``add`` with a positive duration returns the *earliest* instant at which the duration has elapsed;
  a deadline may therefore fall exactly on the end of a working window (17:00 + 1 h = 18:00, not the
  next morning) or on the start of a pause.
- ``add`` with a zero duration returns ``start`` itself when ``start`` is working time (inside a
  working window, on no holiday, in no pause), else the next instant that is.
- A negative duration raises ``ValueError``; ``elapsed`` is zero when ``end <= start``.
- ``elapsed(s, add(s, d, p), p) == d`` for every ``d >= 0``; ``add`` is non-decreasing in ``start``
  and in ``duration``.

Internally an instant is an integer count of microseconds since 0001-01-01 00:00 (a Monday), and a
calendar maps it to the working microseconds elapsed since that origin: a continuous, non-decreasing
function that grows at rate 1 in working time. ``add`` inverts that function, ``elapsed`` takes a
difference of it. For business hours both are computed in closed form from weekly totals plus a
sorted list of holidays, so the cost does not grow with the length of the duration: a year-long
target costs about the same as a 15-minute one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta

__all__ = [
	"WEEKDAYS",
	"AlwaysOpen",
	"BusinessHours",
	"Calendar",
	"DeadlineOutOfRange",
	"twenty_four_seven",
]

# The days of the week by number, 0 = Monday as in `date.weekday()`: the names SLA Policy's working hours
# and Helpdesk's SLA use
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Pause = tuple[datetime, datetime]
TimeOfDay = time | timedelta | str

_DAY_US = 86_400_000_000
_EPOCH = datetime(1, 1, 1)  # a Monday: day number n has weekday n % 7
_ONE_US = timedelta(microseconds=1)


class DeadlineOutOfRange(ValueError):
	"""The deadline falls after the last instant a datetime holds (year 9999): a calendar with almost no
	working time (seconds a week) against a long target."""


def _moment(instant_us: int) -> datetime:
	try:
		return _EPOCH + timedelta(microseconds=instant_us)
	except OverflowError as error:
		raise DeadlineOutOfRange("the deadline falls after the year 9999 on this calendar") from error


_ZERO = timedelta(0)


def _instant_us(moment: datetime) -> int:
	"""Microseconds from 0001-01-01 00:00 to the naive datetime `moment`."""
	if not isinstance(moment, datetime):
		raise TypeError(f"expected a datetime, got {type(moment).__name__}")
	if moment.tzinfo is not None:
		raise ValueError("expected a naive datetime (local time without time zone)")
	return (
		(moment.toordinal() - 1) * _DAY_US
		+ ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000
		+ moment.microsecond
	)


def _duration_us(duration: timedelta) -> int:
	if not isinstance(duration, timedelta):
		raise TypeError(f"expected a timedelta duration, got {type(duration).__name__}")
	amount = duration // _ONE_US
	if amount < 0:
		raise ValueError("a duration cannot be negative")
	return amount


def _merge_pauses(pauses: Iterable[Pause], floor: int, ceiling: int | None) -> list[tuple[int, int]]:
	"""Pauses as sorted, disjoint, non-touching microsecond intervals clipped to [floor, ceiling]."""
	spans: list[tuple[int, int]] = []
	for pause in pauses:
		try:
			begin, end = pause
		except (TypeError, ValueError):
			raise ValueError(f"a pause must be a (start, end) pair of datetimes, got {pause!r}") from None
		if begin is None or end is None:
			raise ValueError("a pause must have both a start and an end; close open pauses first")
		low, high = _instant_us(begin), _instant_us(end)
		if high < low:
			raise ValueError(f"a pause cannot end before it starts: {begin} .. {end}")
		low = max(low, floor)
		if ceiling is not None:
			high = min(high, ceiling)
		if high > low:
			spans.append((low, high))
	if len(spans) < 2:
		return spans
	spans.sort()
	merged = [spans[0]]
	for low, high in spans[1:]:
		last_low, last_high = merged[-1]
		if low <= last_high:
			if high > last_high:
				merged[-1] = (last_low, high)
		else:
			merged.append((low, high))
	return merged


class Calendar(ABC):
	"""Working time: which instants count towards a deadline. See the module docstring for the rules.

	Subclasses describe their working time through three primitives on integer microseconds; ``add``
	and ``elapsed`` (including pauses) are built on them.
	"""

	__slots__ = ()

	@abstractmethod
	def _work_at(self, instant: int) -> int:
		"""Working microseconds from the origin up to `instant`: continuous, non-decreasing."""

	@abstractmethod
	def _first_at(self, work: int, floor: int) -> int:
		"""The earliest instant at which `_work_at` reaches `work`; `floor` is a lower bound of it."""

	@abstractmethod
	def _last_at(self, work: int, floor: int) -> int:
		"""The latest instant at which `_work_at` is still `work` (the next working instant).

		`floor` is a lower bound of the answer with `_work_at(floor) <= work`.
		"""

	def add(self, start: datetime, duration: timedelta, pauses: Iterable[Pause] = ()) -> datetime:
		"""The instant at which `duration` of working time has elapsed from `start`, pauses excluded."""
		begin = _instant_us(start)
		amount = _duration_us(duration)
		spans = _merge_pauses(pauses, begin, None)
		return _moment(self._add_us(begin, amount, spans))

	def _add_us(self, begin: int, amount: int, spans: list[tuple[int, int]]) -> int:
		target = self._work_at(begin) + amount
		if amount:
			for low, high in spans:
				work_at_low = self._work_at(low)
				if work_at_low >= target:
					break  # the deadline falls before this pause (and all later ones)
				target += self._work_at(high) - work_at_low
			return self._first_at(target, begin)
		instant = self._last_at(target, begin)
		for low, high in spans:
			if low > instant:
				break
			if high > instant:  # the next working instant lies inside this pause
				instant = self._last_at(self._work_at(high), high)
		return instant

	def elapsed(self, start: datetime, end: datetime, pauses: Iterable[Pause] = ()) -> timedelta:
		"""Working time between `start` and `end` (zero if `end <= start`), pauses excluded."""
		begin, finish = _instant_us(start), _instant_us(end)
		if finish <= begin:
			return _ZERO
		work_at = self._work_at
		total = work_at(finish) - work_at(begin)
		for low, high in _merge_pauses(pauses, begin, finish):
			total -= work_at(high) - work_at(low)
		return timedelta(microseconds=total)


class AlwaysOpen(Calendar):
	"""A 24x7 clock: every instant is working time (AGR-5: 24-hour online service; AGR-24, AGR-28)."""

	__slots__ = ()

	def _work_at(self, instant: int) -> int:
		return instant

	def _first_at(self, work: int, floor: int) -> int:
		return work

	def _last_at(self, work: int, floor: int) -> int:
		return work

	def add(self, start: datetime, duration: timedelta, pauses: Iterable[Pause] = ()) -> datetime:
		if pauses or not isinstance(pauses, (tuple, list)):
			return Calendar.add(self, start, duration, pauses)
		_instant_us(start)  # validates: naive datetime
		if _duration_us(duration) == 0:
			return start
		return start + duration

	def elapsed(self, start: datetime, end: datetime, pauses: Iterable[Pause] = ()) -> timedelta:
		if pauses or not isinstance(pauses, (tuple, list)):
			return Calendar.elapsed(self, start, end, pauses)
		_instant_us(start)
		_instant_us(end)
		return end - start if end > start else _ZERO

	def __repr__(self) -> str:
		return "AlwaysOpen()"

	def __eq__(self, other: object) -> bool:
		return isinstance(other, AlwaysOpen)

	def __hash__(self) -> int:
		return hash(AlwaysOpen)


def _time_of_day_us(value: TimeOfDay, *, is_end: bool) -> int:
	"""Microseconds since midnight; an end of 00:00 (or 24:00 as a timedelta) means midnight ending the day."""
	if isinstance(value, str):
		try:
			value = time.fromisoformat(value.strip())
		except ValueError:
			raise ValueError(f"{value!r} is not a time of day such as 09:00 or 18:30:00") from None
	if isinstance(value, timedelta):
		us = value // _ONE_US
		if not 0 <= us <= _DAY_US:
			raise ValueError(f"a time of day must lie between 00:00 and 24:00, got {value}")
	elif isinstance(value, time):
		if value.tzinfo is not None:
			raise ValueError("working hours are local times: a time of day cannot carry a time zone")
		us = ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond
	else:
		raise TypeError(f"expected a time of day, got {type(value).__name__}")
	if is_end and us == 0:
		return _DAY_US
	if not is_end and us == _DAY_US:
		raise ValueError("a working window cannot start at 24:00")
	return us


def _format_us(us: int) -> str:
	hours, rest = divmod(us, 3_600_000_000)
	minutes, rest = divmod(rest, 60_000_000)
	seconds, micro = divmod(rest, 1_000_000)
	text = f"{hours:02d}:{minutes:02d}"
	if seconds or micro:
		text += f":{seconds:02d}"
	if micro:
		text += f".{micro:06d}"
	return text


def _day_number(value: date | str) -> int:
	if isinstance(value, str):
		value = date.fromisoformat(value.strip()[:10])
	elif isinstance(value, datetime):
		value = value.date()
	elif not isinstance(value, date):
		raise TypeError(f"a holiday must be a date, got {type(value).__name__}")
	return value.toordinal() - 1


def _windows_per_day(windows) -> list[list[tuple[int, int]]]:
	"""The working windows as microseconds of the day, per weekday, each checked."""
	per_day: list[list[tuple[int, int]]] = [[] for _ in range(7)]
	for weekday, day_windows in windows.items():
		if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
			raise ValueError(f"a weekday must be an integer from 0 (Monday) to 6 (Sunday), got {weekday!r}")
		for window in day_windows:
			try:
				start_of, end_of = window
			except (TypeError, ValueError):
				raise ValueError(
					f"{WEEKDAYS[weekday]}: a working window must be a (start, end) pair, got {window!r}"
				) from None
			low = _time_of_day_us(start_of, is_end=False)
			high = _time_of_day_us(end_of, is_end=True)
			if high <= low:
				raise ValueError(
					f"{WEEKDAYS[weekday]}: the working window {_format_us(low)}-{_format_us(high)} "
					"must end after it starts"
				)
			per_day[weekday].append((low, high))
	return per_day


def _merged(weekday: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
	"""A day's windows sorted, touching ones joined; overlapping ones refused."""
	merged: list[tuple[int, int]] = []
	for low, high in sorted(spans):
		if merged and low < merged[-1][1]:
			previous = merged[-1]
			raise ValueError(
				f"{WEEKDAYS[weekday]}: the working windows "
				f"{_format_us(previous[0])}-{_format_us(previous[1])} and "
				f"{_format_us(low)}-{_format_us(high)} overlap"
			)
		if merged and low == merged[-1][1]:
			merged[-1] = (merged[-1][0], high)
		else:
			merged.append((low, high))
	return merged


def _day_tables(per_day):
	"""Per weekday: window starts and ends, the working time before and through each window, the total."""
	starts, ends, work_before, work_through, day_work = [], [], [], [], []
	for weekday, spans in enumerate(per_day):
		merged = _merged(weekday, spans)
		before, through = _prefix_sums([high - low for low, high in merged])
		starts.append(tuple(low for low, _ in merged))
		ends.append(tuple(high for _, high in merged))
		work_before.append(tuple(before))
		work_through.append(tuple(through))
		day_work.append(through[-1] if through else 0)
	return starts, ends, work_before, work_through, day_work


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
	"""Windows of one day with overlapping and touching ones joined (the union of two days' hours)."""
	joined: list[tuple[int, int]] = []
	for low, high in sorted(spans):
		if joined and low <= joined[-1][1]:
			joined[-1] = (joined[-1][0], max(high, joined[-1][1]))
		else:
			joined.append((low, high))
	return joined


def _prefix_sums(amounts: list[int]) -> tuple[list[int], list[int]]:
	"""For each amount, the sum of those before it and the sum through it."""
	before: list[int] = []
	through: list[int] = []
	running = 0
	for amount in amounts:
		before.append(running)
		running += amount
		through.append(running)
	return before, through


class BusinessHours(Calendar):
	"""Working windows per weekday, minus whole-day holidays, plus whole extra working days.

	`windows` maps a weekday (0 = Monday .. 6 = Sunday) to (start, end) pairs of times of day. An end of
	``time(0, 0)`` means midnight at the end of that day (24:00), so ``(time(20), time(0))`` is
	20:00-24:00 and ``(time(0), time(0))`` is the whole day. Times may also be given as ``timedelta``
	since midnight (as Frappe's database layer returns Time columns, 0..24 h) or ISO strings
	("09:00"). Windows of one weekday must not overlap; windows that touch (09:00-12:00, 12:00-18:00)
	are joined. Weekdays not in `windows` have no working time. `holidays` are whole days off (dates,
	datetimes or ISO date strings).

	`extra_working_days` are days worked although their weekday is not (China's make-up working days,
	调休: a weekend day the State Council moves work onto around a statutory holiday). Such a day works the
	hours of weekday `extra_day_hours` (by default the first weekday with working time: Monday in a
	Monday-to-Friday week), in addition to any hours its own weekday has: an extra working day only ever
	adds working time. A date that is both a holiday and an extra working day is worked: the extra day is
	the more specific statement.

	Raises ValueError for a weekday outside 0..6, a window that does not end after it starts, overlapping
	windows, or a calendar without any working time in its week (no deadline could ever be reached).
	"""

	__slots__ = (
		"_day_before",
		"_day_through",
		"_day_work",
		"_ends",
		"_extra_weekday",
		"_override_count",
		"_override_days",
		"_override_end_work",
		"_override_schedule",
		"_override_shift",
		"_override_start_work",
		"_starts",
		"_week",
		"_work_before",
		"_work_through",
	)

	def __init__(
		self,
		windows: Mapping[int, Sequence[tuple[TimeOfDay, TimeOfDay]]],
		holidays: Iterable[date] = (),
		extra_working_days: Iterable[date] = (),
		extra_day_hours: int | None = None,
	) -> None:
		per_day = _windows_per_day(windows)
		starts, ends, work_before, work_through, day_work = _day_tables(per_day)
		week = sum(day_work)
		if week == 0:
			raise ValueError(
				"the working hours contain no working time at all, so no deadline could be reached"
			)
		if extra_day_hours is None:
			extra_day_hours = next(weekday for weekday in range(7) if day_work[weekday])
		elif isinstance(extra_day_hours, bool) or extra_day_hours not in range(7):
			raise ValueError(
				f"extra_day_hours must be a weekday from 0 (Monday) to 6, got {extra_day_hours!r}"
			)
		elif not day_work[extra_day_hours]:
			raise ValueError(
				f"extra working days cannot work the hours of {WEEKDAYS[extra_day_hours]}: it has none"
			)
		# Schedules 7..13: weekday 0..6 worked as an extra day (its own windows and the reference day's)
		extra_tables = _day_tables(
			[_joined(per_day[weekday] + per_day[extra_day_hours]) for weekday in range(7)]
		)
		for table, more in zip(
			(starts, ends, work_before, work_through, day_work), extra_tables, strict=True
		):
			table.extend(more)
		day_before, day_through = _prefix_sums(day_work[:7])
		self._week = week
		self._day_work = tuple(day_work)
		self._day_before = tuple(day_before)
		self._day_through = tuple(day_through)
		self._starts = tuple(starts)
		self._ends = tuple(ends)
		self._work_before = tuple(work_before)
		self._work_through = tuple(work_through)
		self._extra_weekday = extra_day_hours
		self._set_overrides(holidays, extra_working_days)

	def _set_overrides(self, holidays: Iterable[date], extra_working_days: Iterable[date]) -> None:
		"""Days whose working time differs from their weekday's: holidays (none) and extra working days (their
		own hours and those of `_extra_weekday`: schedule 7 + weekday), sorted, each with the working time at its start and end, and the shift
		(sum of differences from the plain week) that applies after it. Lookups are then bisections: every
		answer is closed-form, whatever the number of such days."""
		extra = {n for n in map(_day_number, extra_working_days)}
		day_work = self._day_work
		overrides: list[tuple[int, int | None]] = []
		for n in sorted({n for n in map(_day_number, holidays) if day_work[n % 7]} - extra):
			overrides.append((n, None))
		for n in sorted(extra):
			if day_work[7 + n % 7] != day_work[n % 7]:  # a day already working those hours changes nothing
				overrides.append((n, 7 + n % 7))
		overrides.sort()
		days, schedules, shifts, start_work, end_work = [], [], [0], [], []
		for n, schedule in overrides:
			worked = day_work[schedule] if schedule is not None else 0
			at_start = (n // 7) * self._week + self._day_before[n % 7] + shifts[-1]
			days.append(n)
			schedules.append(schedule)
			start_work.append(at_start)
			end_work.append(at_start + worked)
			shifts.append(shifts[-1] + worked - day_work[n % 7])
		self._override_days = tuple(days)
		self._override_schedule = tuple(schedules)
		self._override_shift = tuple(shifts)  # shift[i]: the difference accumulated before override i
		self._override_start_work = tuple(start_work)
		self._override_end_work = tuple(end_work)
		self._override_count = len(days)

	def __repr__(self) -> str:
		days = []
		for weekday in range(7):  # the plain week (schedules 7..13 are its days worked as extra days)
			if self._starts[weekday]:
				spans = ", ".join(
					f"{_format_us(low)}-{_format_us(high)}"
					for low, high in zip(self._starts[weekday], self._ends[weekday], strict=True)
				)
				days.append(f"{WEEKDAYS[weekday][:3]} {spans}")
		holidays = sum(1 for schedule in self._override_schedule if schedule is None)
		extra = self._override_count - holidays
		return f"BusinessHours({'; '.join(days)}; {holidays} holidays; {extra} extra working days)"

	# -- primitives ------------------------------------------------------------------------------

	def _within_day(self, weekday: int | None, t: int) -> int:
		"""Working microseconds from midnight to `t` on a day working the hours of `weekday` (None: none)."""
		if weekday is None:
			return 0
		starts = self._starts[weekday]
		j = bisect_right(starts, t) - 1
		if j < 0:
			return 0
		inside = t - starts[j]
		length = self._ends[weekday][j] - starts[j]
		return self._work_before[weekday][j] + (inside if inside < length else length)

	def _work_at(self, instant: int) -> int:
		n, t = divmod(instant, _DAY_US)
		week, weekday = divmod(n, 7)
		work = week * self._week + self._day_before[weekday]
		schedule: int | None = weekday
		if self._override_count:
			i = bisect_left(self._override_days, n)
			work += self._override_shift[i]
			if i < self._override_count and self._override_days[i] == n:
				schedule = self._override_schedule[i]
		return work + self._within_day(schedule, t)

	def _locate_first(self, work: int) -> tuple[int, int]:
		"""(day, microsecond of day) where `work` is first reached, ignoring holidays; `work` > 0."""
		week, rest = divmod(work, self._week)
		if rest == 0:
			week -= 1
			rest = self._week
		weekday = bisect_left(self._day_through, rest)
		offset = rest - self._day_before[weekday]
		j = bisect_left(self._work_through[weekday], offset)
		return week * 7 + weekday, self._starts[weekday][j] + offset - self._work_before[weekday][j]

	def _locate_last(self, work: int) -> tuple[int, int]:
		"""(day, microsecond of day) where `work` is last held, ignoring holidays."""
		week, rest = divmod(work, self._week)
		weekday = bisect_right(self._day_through, rest)
		offset = rest - self._day_before[weekday]
		j = bisect_right(self._work_through[weekday], offset)
		return week * 7 + weekday, self._starts[weekday][j] + offset - self._work_before[weekday][j]

	def _first_at(self, work: int, floor: int) -> int:
		# The last day with its own hours (holiday, extra day) whose start `work` lies beyond: the answer is
		# in that day, or in the plain weeks after it (before the next such day), shifted by what it changed.
		i = bisect_left(self._override_start_work, work) - 1
		if i >= 0 and self._override_end_work[i] >= work:
			weekday = self._override_schedule[i]
			offset = work - self._override_start_work[i]
			j = bisect_left(self._work_through[weekday], offset)
			t = self._starts[weekday][j] + offset - self._work_before[weekday][j]
			return self._override_days[i] * _DAY_US + t
		n, t = self._locate_first(work - self._override_shift[i + 1])
		return n * _DAY_US + t

	def _last_at(self, work: int, floor: int) -> int:
		# As _first_at, for the next working instant once `work` is held: the last such day starting at or
		# before it.
		i = bisect_right(self._override_start_work, work) - 1
		if i >= 0 and self._override_end_work[i] > work:
			weekday = self._override_schedule[i]
			offset = work - self._override_start_work[i]
			j = bisect_right(self._work_through[weekday], offset)
			t = self._starts[weekday][j] + offset - self._work_before[weekday][j]
			return self._override_days[i] * _DAY_US + t
		n, t = self._locate_last(work - self._override_shift[i + 1])
		return n * _DAY_US + t

	# -- fast path without pauses -------------------------------------------------------------------

	def add(self, start: datetime, duration: timedelta, pauses: Iterable[Pause] = ()) -> datetime:
		if pauses or not isinstance(pauses, (tuple, list)):
			return Calendar.add(self, start, duration, pauses)
		begin = _instant_us(start)
		amount = _duration_us(duration)
		if amount:
			instant = self._first_at(self._work_at(begin) + amount, begin)
		else:
			instant = self._last_at(self._work_at(begin), begin)
		return _moment(instant)


_ALWAYS_OPEN = AlwaysOpen()


def twenty_four_seven() -> AlwaysOpen:
	"""The 24x7 clock the agreement's online service runs on (AGR-5)."""
	return _ALWAYS_OPEN
