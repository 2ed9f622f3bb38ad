"""Agreement Compliance counted by day (AGR-10, AGR-15, AGR-21..23; AGR-27's yearly figures). Pure Python:
no frappe import.

A year's compliance report over a million tickets must not read half a million tickets. Its figures per
urgency are sums: how many tickets, and for each target how many kept it (`met`), how many reached it
(`done`), the sum of their working times (`sum`) and how many of those times there are (`timed`); averages
and shares are taken from those sums at the end. Sums add up: the counts of a period are the sum of the
counts of its days. So the counts are kept per *bucket*, one opening day, urgency, request channel and
whether the ticket's contract covers its service type (those reported apart, AGR-6..13), and a period's
report adds up its days' buckets: about 365 x 24 rows for a year, whatever the number of tickets.

The counts stay exact because they are never updated by difference. A change to a ticket that moves one
of the fields a bucket counts records, in the change's own transaction, the days it touches
(`days_to_recount`: its opening day, and its old one when that moved). A recount later counts those days
anew from the tickets and replaces their buckets, and until it has run a report counts those days from
the tickets themselves and takes the stored buckets for the others only. Whatever the recount's delay, a
report is what the tickets say.

Here: which days a change touches, a bucket's name, adding counts up, and what a recount changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date

from after_sales.agreement.targets import TARGETS

COUNTS = ("met", "done", "sum", "timed")  # per target, in that order
COUNT_FIELDS = ("tickets", *(f"{target.name}_{count}" for target in TARGETS for count in COUNTS))
BUCKET_FIELDS = ("day", "urgency", "request_channel", "not_covered")


def days_to_recount(
	before: Mapping | None, after: Mapping | None, counted: Iterable[str], day_field: str = "opening_date"
) -> set[date]:
	"""The opening days whose buckets a change to one ticket makes stale.

	`before` is the ticket as it was (None for a new one), `after` as it is now (None once deleted), each a
	mapping of the `counted` fields (the opening day among them). A new or deleted ticket touches its day;
	a change touches the old day and the new one when any counted field differs, and nothing otherwise. A
	ticket without an opening day is in no day's bucket."""
	if before is None or after is None:
		changed = True
	else:
		changed = any(_same(before.get(field)) != _same(after.get(field)) for field in counted)
	if not changed:
		return set()
	return {row.get(day_field) for row in (before, after) if row is not None and row.get(day_field)}


def _same(value):
	"""Values as a bucket counts them: no value and an empty one are the same (Frappe writes either)."""
	return None if value in (None, "") else value


def bucket_name(day: date | str, urgency: str | None, channel: str | None, not_covered: bool | int) -> str:
	"""A bucket's document name: the same for the same bucket, so a day's recount replaces it."""
	key = json.dumps([str(day), urgency or "", channel or "", bool(not_covered)])  # unambiguous, any value
	return hashlib.sha1(key.encode()).hexdigest()[:20]


def empty() -> dict[str, float]:
	return dict.fromkeys(COUNT_FIELDS, 0)


def add(total: dict, row: Mapping) -> dict:
	"""Adds `row`'s counts to `total` (in place) and returns it; a count without a value adds nothing."""
	for field in COUNT_FIELDS:
		total[field] += row.get(field) or 0
	return total


def by_urgency(*groups: Iterable[Mapping]) -> dict[tuple[str, bool], dict]:
	"""The counts per urgency and whether they are reported apart (not covered), summed over the rows of
	every group (each row has `urgency`, `not_covered` and the counts): the stored buckets of the days that
	need no recount, and the tickets of those that do."""
	totals: dict[tuple[str, bool], dict] = {}
	for rows in groups:
		for row in rows:
			key = (row["urgency"], bool(row["not_covered"]))
			add(totals.setdefault(key, empty()), row)
	return totals


def changes(stored: Mapping[str, Mapping], counted: Mapping[str, Mapping]) -> tuple[list[str], list[str]]:
	"""What a recount writes, bucket names in both: those to delete (stored, and counted otherwise or no
	longer there) and those to insert (counted, and stored otherwise or not at all). Buckets whose counts
	are the same are left alone."""
	stale = [name for name, row in stored.items() if name not in counted or not _equal(row, counted[name])]
	fresh = [name for name, row in counted.items() if name not in stored or not _equal(stored[name], row)]
	return stale, fresh


def _equal(a: Mapping, b: Mapping) -> bool:
	return all(float(a.get(field) or 0) == float(b.get(field) or 0) for field in COUNT_FIELDS)
