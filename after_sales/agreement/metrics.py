"""Figures the agreement is measured by (AGR-11, AGR-27). Pure Python: no frappe import."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from after_sales.agreement.urgency import Urgency

REACH_TARGET_PERCENT = 80.0  # AGR-11: releases reaching over 80% of customers
SATISFACTION_TARGET_PERCENT = 90.0  # AGR-27: customer satisfaction over 90%
AVERAGE_RESPONSE_TARGET_SECONDS = 30 * 60  # AGR-10: average fault response at most 30 minutes
AVERAGE_RESOLUTION_TARGET_SECONDS = 4 * 60 * 60  # AGR-10: average fault resolution within 4 hours
POSITIVE_RATING = 0.8  # Helpdesk stores 1-5 stars as 0.2-1.0: 4 or 5 stars is a satisfied customer
# AGR-10 quotes both averages for fault troubleshooting; consultations answer within 24 h (AGR-23)
AVERAGED_URGENCIES = (Urgency.URGENT_FAULT.value, Urgency.GENERAL_FAULT.value)


def share_percent(part: int, whole: int, places: int = 2) -> float | None:
	"""`part` as a percentage of `whole`, rounded to `places` places; None when `whole` is 0 (no division
	by zero). Every share the app shows is taken here: reports, cards, charts, the monthly report."""
	if part < 0 or whole < 0:
		raise ValueError("counts cannot be negative")
	if part > whole:
		raise ValueError("the part cannot exceed the whole")
	if whole == 0:
		return None
	return round(100.0 * part / whole, places)


def reach_percent(installed: int, entitled: int) -> float | None:
	"""A release's reach: installed / entitled customers (AGR-11); None when nobody is entitled."""
	return share_percent(installed, entitled)


def meets_reach_target(installed: int, entitled: int) -> bool | None:
	"""Whether a release reached over 80% of its entitled customers (AGR-11); None when none was entitled."""
	reach = reach_percent(installed, entitled)
	return None if reach is None else reach > REACH_TARGET_PERCENT


def percentile_positions(count: int, fraction: float) -> tuple[int, int, float]:
	"""Where the `fraction` percentile of `count` sorted values lies, as SQL's PERCENTILE_CONT reads it:
	the 0-based positions of the two values around it and how far between them it is (linear
	interpolation at rank fraction x (count - 1)). Lets a query fetch just those two values."""
	if count <= 0:
		raise ValueError("no values to take a percentile of")
	if not 0 <= fraction <= 1:
		raise ValueError("the fraction is between 0 and 1")
	rank = fraction * (count - 1)
	low = int(rank)
	high = min(low + 1, count - 1)
	return low, high, rank - low


def interpolate(low_value: float, high_value: float, weight: float) -> float:
	"""The value `weight` of the way from `low_value` to `high_value`."""
	return low_value + weight * (high_value - low_value)


def slice_without(window: Sequence[float], excluded: Iterable[float], size: int) -> list[float] | None:
	"""`size` values of a descending list once `excluded` is taken out, from the window's position on.

	`window` is a descending list of values read from position p on, at least ``size + len(excluded)``
	long; `excluded` (any order) are values of that list, before or after p, to leave out. Returns the
	values at positions p .. p + size - 1 of the list without them (as a multiset, so among equal values
	it does not matter which copy is left out), or None when `window` is too short to tell. Lets a query
	read a percentile from an index while some rows, known apart, do not count.
	"""
	if not window:
		return None
	top = window[0]
	left = Counter(excluded)
	before = sum(n for value, n in left.items() if value > top)  # all of these lie before the window
	rest = []
	for value in window:
		if left[value]:
			left[value] -= 1
		else:
			rest.append(value)
	before += left[top]  # copies of the window's first value it does not hold lie before it too
	found = rest[before : before + size]
	return found if len(found) == size else None
