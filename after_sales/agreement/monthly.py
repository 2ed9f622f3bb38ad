"""The monthly service report's arithmetic: which month, and whether each commitment was kept.
Pure Python: no frappe import.

Three kinds of commitment appear in the agreement:

- per request ("confirm receipt within 15 minutes", AGR-15; "respond within 30 minutes / 1 hour /
  24 hours", AGR-21..23): kept in a month when no request that reached the event missed it;
- on average ("average response <= 30 minutes", "average fault resolution within 4 hours",
  AGR-10): kept when the month's average is at most the target;
- as a share ("customer satisfaction over 90%", AGR-27): kept when the share is strictly over it.

A commitment with nothing to measure in the month is neither kept nor broken: it has no data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from after_sales.agreement.compat import StrEnum

__all__ = [
	"Measure",
	"Verdict",
	"average_verdict",
	"count_verdict",
	"month_of",
	"previous_month",
	"share_verdict",
]


class Verdict(StrEnum):
	MET = "Met"
	NOT_MET = "Not met"
	NO_DATA = "No data"


@dataclass(frozen=True)
class Measure:
	"""One commitment's outcome for the month: the verdict and the figures behind it."""

	verdict: Verdict
	kept: int = 0  # requests that kept it (count commitments)
	total: int = 0  # requests that reached the event (count commitments)
	value: float | None = None  # average seconds or share percent (average / share commitments)
	room: float | None = None  # target - value (positive: room left; negative: over by)


def month_of(day: date) -> tuple[date, date]:
	"""First and last day of the month containing `day`."""
	first = day.replace(day=1)
	following = (first + timedelta(days=32)).replace(day=1)
	return first, following - timedelta(days=1)


def previous_month(today: date) -> tuple[date, date]:
	"""First and last day of the month before `today`'s: the month a report sent on the 1st covers."""
	return month_of(today.replace(day=1) - timedelta(days=1))


def count_verdict(kept: int, total: int) -> Measure:
	"""A per-request promise (AGR-15, AGR-21..23): met when every request that reached the event kept it."""
	if kept < 0 or total < 0:
		raise ValueError("counts cannot be negative")
	if kept > total:
		raise ValueError("more requests kept a promise than reached it")
	if total == 0:
		return Measure(Verdict.NO_DATA)
	return Measure(Verdict.MET if kept == total else Verdict.NOT_MET, kept=kept, total=total)


def average_verdict(average: float | None, target: float) -> Measure:
	"""A promise about an average (AGR-10): met when the average is at most the target."""
	if target <= 0:
		raise ValueError("the target must be positive")
	if average is None:
		return Measure(Verdict.NO_DATA)
	if average < 0:
		raise ValueError("an average duration cannot be negative")
	return Measure(
		Verdict.MET if average <= target else Verdict.NOT_MET,
		value=float(average),
		room=float(target) - float(average),
	)


def share_verdict(share: float | None, target: float) -> Measure:
	"""A promise about a share (AGR-27: satisfaction over 90%): met when the share is strictly over it."""
	if share is None:
		return Measure(Verdict.NO_DATA)
	if not 0 <= share <= 100:
		raise ValueError("a share is between 0 and 100")
	return Measure(
		Verdict.MET if share > target else Verdict.NOT_MET, value=float(share), room=float(share) - target
	)
