"""Figures the agreement is measured by (AGR-11, AGR-27). Pure Python: no frappe import."""

from __future__ import annotations

REACH_TARGET_PERCENT = 80.0  # AGR-11: releases reaching over 80% of customers
SATISFACTION_TARGET_PERCENT = 90.0  # AGR-27: customer satisfaction over 90%


def share_percent(part: int, whole: int) -> float | None:
	"""`part` as a percentage of `whole`, rounded to 2 places; None when `whole` is 0 (no division by zero)."""
	if part < 0 or whole < 0:
		raise ValueError("counts cannot be negative")
	if part > whole:
		raise ValueError("the part cannot exceed the whole")
	if whole == 0:
		return None
	return round(100.0 * part / whole, 2)


def reach_percent(installed: int, entitled: int) -> float | None:
	"""A release's reach: installed / entitled customers (AGR-11); None when nobody is entitled."""
	return share_percent(installed, entitled)


def meets_reach_target(installed: int, entitled: int) -> bool | None:
	"""Whether a release reached over 80% of its entitled customers (AGR-11); None when none was entitled."""
	reach = reach_percent(installed, entitled)
	return None if reach is None else reach > REACH_TARGET_PERCENT
