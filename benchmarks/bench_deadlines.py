"""Speed of deadline computation (AGR-5, AGR-21..AGR-24), against a naive minute-stepping reference.

Run from the repository root: ``python benchmarks/bench_deadlines.py``.

Both implementations get the same inputs in the same run: random minute-aligned starts in 2026 and the
agreement's targets (15 min, 1 h, 4 h, 24 h), on a 24x7 clock, on a Mon-Fri 09:00-12:00 + 13:00-18:00
business-hours calendar without statutory days, and on the same calendar with China's statutory days of
2026 (its holidays and its make-up working days, 调休). The script checks that both give identical
deadlines, prints deadlines per second for each and the ratio fast/naive, whether the statutory calendar
keeps a ratio at least that of the plain one, and whether the business-hours path reaches 100,000
deadlines per second. It exits non-zero only if results disagree.
"""

from __future__ import annotations

import platform
import random
import sys
import time as clock
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NAIVE_STARTS = 2_000
FAST_DEADLINES = 300_000
TARGET_RATE = 100_000
TARGETS = (timedelta(minutes=15), timedelta(hours=1), timedelta(hours=4), timedelta(hours=24))
WINDOWS = {day: [(time(9), time(12)), (time(13), time(18))] for day in range(5)}
HOLIDAYS = (
	date(2026, 1, 1),
	date(2026, 2, 16),
	date(2026, 2, 17),
	date(2026, 2, 18),
	date(2026, 2, 19),
	date(2026, 2, 20),
	date(2026, 4, 6),
	date(2026, 5, 1),
	date(2026, 5, 4),
	date(2026, 5, 5),
	date(2026, 6, 19),
	date(2026, 9, 25),
	date(2026, 10, 1),
	date(2026, 10, 2),
	date(2026, 10, 5),
	date(2026, 10, 6),
	date(2026, 10, 7),
)
# The weekend days worked instead (State Council, 2026)
MAKE_UP_DAYS = (
	date(2026, 1, 4),
	date(2026, 2, 14),
	date(2026, 2, 28),
	date(2026, 5, 9),
	date(2026, 9, 20),
	date(2026, 10, 10),
)
MINUTE = timedelta(minutes=1)
ORIGIN = datetime(2026, 1, 1)

Case = tuple[datetime, timedelta]


# The naive reference's own view of the calendar: windows in minutes of the day, holidays as day numbers.
NAIVE_WINDOWS = {
	day: [(low.hour * 60 + low.minute, high.hour * 60 + high.minute) for low, high in spans]
	for day, spans in WINDOWS.items()
}


def naive_business(holidays: Sequence[date] = (), extra: Sequence[date] = ()):
	"""Step one minute at a time, counting minutes inside a window on a non-holiday, or inside Monday's
	windows on an extra working day (minute-aligned input)."""
	windows, first_weekday = NAIVE_WINDOWS, ORIGIN.weekday()
	holiday_days = {(day - ORIGIN.date()).days for day in holidays}
	extra_days = {(day - ORIGIN.date()).days for day in extra}

	def deadline(start: datetime, duration: timedelta) -> datetime:
		return _naive_walk(windows, first_weekday, holiday_days, extra_days, start, duration)

	return deadline


def _naive_walk(windows, first_weekday, holidays, extra, start: datetime, duration: timedelta) -> datetime:
	minute = (start - ORIGIN) // MINUTE
	remaining = duration // MINUTE
	while True:
		day, of_day = divmod(minute, 1440)
		weekday = 0 if day in extra else (first_weekday + day) % 7
		working = (day in extra or day not in holidays) and any(
			low <= of_day < high for low, high in windows.get(weekday, ())
		)
		if remaining == 0:
			if working:
				return ORIGIN + minute * MINUTE
		elif working:
			remaining -= 1
			if remaining == 0:
				return ORIGIN + (minute + 1) * MINUTE
		minute += 1


def naive_always_open_deadline(start: datetime, duration: timedelta) -> datetime:
	"""Step one minute at a time on a clock where every minute counts."""
	minute = (start - ORIGIN) // MINUTE
	remaining = duration // MINUTE
	while remaining:
		remaining -= 1
		minute += 1
	return ORIGIN + minute * MINUTE


def rate(function: Callable[[datetime, timedelta], datetime], cases: Sequence[Case]) -> tuple[float, list]:
	began = clock.perf_counter()
	results = [function(start, duration) for start, duration in cases]
	return len(cases) / (clock.perf_counter() - began), results


def best_rate(
	function: Callable[[datetime, timedelta], datetime], cases: Sequence[Case], rounds: int
) -> float:
	return max(rate(function, cases)[0] for _ in range(rounds))


def main() -> int:
	from after_sales.agreement.calendar import BusinessHours, twenty_four_seven

	plain = BusinessHours(WINDOWS)
	business = BusinessHours(WINDOWS, HOLIDAYS, MAKE_UP_DAYS)
	always = twenty_four_seven()
	rng = random.Random(20260306)
	year_minutes = 365 * 1440
	starts = [ORIGIN + rng.randrange(year_minutes - 10 * 1440) * MINUTE for _ in range(NAIVE_STARTS)]
	cases = [(start, target) for start in starts for target in TARGETS]
	many = [
		(ORIGIN + timedelta(microseconds=rng.randrange(year_minutes * 60_000_000)), rng.choice(TARGETS))
		for _ in range(FAST_DEADLINES)
	]

	print(f"Deadline benchmark, {platform.python_implementation()} {platform.python_version()}")
	print(
		f"Same inputs for both: {NAIVE_STARTS:,} random minute-aligned starts in 2026 x targets "
		f"15 min / 1 h / 4 h / 24 h = {len(cases):,} deadlines per calendar"
	)
	print(
		f"Business hours: Mon-Fri 09:00-12:00 + 13:00-18:00; statutory 2026: {len(HOLIDAYS)} holidays and "
		f"{len(MAKE_UP_DAYS)} make-up working days"
	)
	print()

	disagreements = 0
	rows = []
	for label, calendar, naive in (
		("24x7 (AlwaysOpen)", always, naive_always_open_deadline),
		("Business hours", plain, naive_business()),
		("+ statutory 2026", business, naive_business(HOLIDAYS, MAKE_UP_DAYS)),
	):
		naive_rate, naive_results = rate(naive, cases)
		fast_results = [calendar.add(start, duration) for start, duration in cases]
		fast_rate = best_rate(calendar.add, cases, rounds=5)
		wrong = sum(1 for a, b in zip(naive_results, fast_results, strict=True) if a != b)
		disagreements += wrong
		rows.append((label, fast_rate, naive_rate, wrong))
		if wrong:
			for (start, duration), a, b in zip(cases, naive_results, fast_results, strict=True):
				if a != b:
					print(f"  MISMATCH {label}: start {start} + {duration}: naive {a}, fast {b}")
					break

	print(f"{'calendar':<20}{'fast deadlines/s':>18}{'naive deadlines/s':>20}{'fast/naive':>12}  identical")
	for label, fast_rate, naive_rate, wrong in rows:
		same = "yes" if not wrong else f"NO ({wrong:,} differ)"
		print(f"{label:<20}{fast_rate:>18,.0f}{naive_rate:>20,.0f}{fast_rate / naive_rate:>11,.1f}x  {same}")
	(_l, plain_fast, plain_naive, _w), (_s, statutory_fast, statutory_naive, _x) = rows[1], rows[2]
	kept = statutory_fast / statutory_naive >= plain_fast / plain_naive
	print(
		f"With the statutory days, fast/naive {statutory_fast / statutory_naive:,.1f}x against "
		f"{plain_fast / plain_naive:,.1f}x without: {'at least as fast' if kept else 'SLOWER'}"
	)
	print()

	many_rate = best_rate(business.add, many, rounds=3)
	verdict = "yes" if many_rate >= TARGET_RATE else "NO"
	print(
		f"Business hours, fast path alone: {many_rate:,.0f} deadlines/s over {len(many):,} random "
		f"microsecond starts x the same targets"
	)
	print(f"Reaches {TARGET_RATE:,} deadlines/s on business hours: {verdict}")
	if disagreements:
		print(f"FAILED: {disagreements:,} deadlines differ from the naive reference")
		return 1
	print("All sampled deadlines identical to the naive reference.")
	return 0


if __name__ == "__main__":
	sys.exit(main())
