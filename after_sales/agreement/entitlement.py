"""Entitlement to service under a contract (AGR-2, AGR-3, AGR-6..13). Pure Python: no frappe import.

The agreement gives at least one year of free after-sales service from the contract's start (AGR-2);
after it, service continues only under a paid (renewed) contract (AGR-3). A contract may list the
service types it covers (installation, configuration, training, consultation, fault, upgrade,
customisation: AGR-6..13); a request of another type is not covered by it, whatever the day. All date
ranges here are inclusive: a contract from 2026-01-01 to 2026-12-31 covers both days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from after_sales.agreement.compat import StrEnum

__all__ = [
	"MIN_FREE_MONTHS",
	"ContractStatus",
	"ContractTerms",
	"Entitlement",
	"add_months",
	"contract_status",
	"covers",
	"entitlement_for",
	"entitlement_on",
	"free_service_end",
	"pick_contract",
]

MIN_FREE_MONTHS = 12  # AGR-2: at least one year of free after-sales service

_ONE_DAY = timedelta(days=1)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
	if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
		return 29
	return _DAYS_IN_MONTH[month - 1]


def add_months(d: date, months: int) -> date:
	"""`d` moved by `months` calendar months (may be negative), clamped to the end of the month.

	2026-01-31 + 1 month = 2026-02-28; 2028-01-31 + 1 month = 2028-02-29 (leap year).
	Raises ValueError when the result is outside the years 1..9999.
	"""
	if isinstance(months, bool) or not isinstance(months, int):
		raise TypeError(f"months must be an integer, got {type(months).__name__}")
	index = d.year * 12 + d.month - 1 + months
	year, month0 = divmod(index, 12)
	if not 1 <= year <= 9999:
		raise ValueError(f"{d} moved by {months} months is outside the supported years 1..9999")
	month = month0 + 1
	return d.replace(year=year, month=month, day=min(d.day, _days_in_month(year, month)))


def free_service_end(start: date, months: int) -> date:
	"""The last day (inclusive) of a free-service period of `months` months from `start` (AGR-2).

	``add_months(start, months) - 1 day``: 2026-01-01 with 12 months -> 2026-12-31. With 0 months the
	result is the day before `start` (there is no free period). Negative months raise ValueError.
	"""
	if isinstance(months, bool) or not isinstance(months, int):
		raise TypeError(f"months must be an integer, got {type(months).__name__}")
	if months < 0:
		raise ValueError("the free-service period cannot be negative")
	return add_months(start, months) - _ONE_DAY


class Entitlement(StrEnum):
	"""What a customer is entitled to on a given day."""

	FREE = "Free service"  # AGR-2
	PAID = "Paid contract"  # AGR-3
	NONE = "No active contract"
	NOT_COVERED = "Not covered by the contract"  # AGR-6..13: a service type the contract leaves out


@dataclass(frozen=True)
class ContractTerms:
	"""The dates that decide entitlement under one contract.

	`free_months` months of free service run from `start` (AGR-2); the rest, up to `end`, is paid
	(AGR-3). `service_types` lists the covered service types; empty means every type. `active` is False
	for a draft or cancelled contract. Raises ValueError if `end` is before `start` or `free_months` is
	negative.
	"""

	start: date
	end: date
	free_months: int
	service_types: tuple[str, ...] = ()
	active: bool = True

	def __post_init__(self) -> None:
		if self.end < self.start:
			raise ValueError(f"a contract cannot end ({self.end}) before it starts ({self.start})")
		if self.free_months < 0:
			raise ValueError("the free-service period cannot be negative")
		if not isinstance(self.service_types, tuple):
			object.__setattr__(self, "service_types", tuple(self.service_types))

	@property
	def free_until(self) -> date:
		"""Last day of the free period (inclusive); the day before `start` when there is none."""
		return free_service_end(self.start, self.free_months)


def entitlement_on(terms: ContractTerms | None, on: date) -> Entitlement:
	"""FREE from `start` through `free_until` (never past `end`), PAID from then through `end`, else NONE.

	An inactive contract (draft or cancelled) or no contract gives NONE.
	"""
	if terms is None or not terms.active or not terms.start <= on <= terms.end:
		return Entitlement.NONE
	if on <= terms.free_until:
		return Entitlement.FREE
	return Entitlement.PAID


def covers(terms: ContractTerms | None, on: date, service_type: str | None) -> bool:
	"""Whether an active contract covers a request of `service_type` on day `on`.

	A contract with no service types covers every type, and requests with no type. A contract limited
	to some types covers only those; a request with no type is then not covered, since nothing shows
	it falls under the contract.
	"""
	if terms is None or not terms.active or not terms.start <= on <= terms.end:
		return False
	if not terms.service_types:
		return True
	return bool(service_type) and service_type in terms.service_types


def entitlement_for(terms: ContractTerms | None, on: date, service_type: str | None) -> Entitlement:
	"""What a request of `service_type` made on day `on` is entitled to under `terms`.

	NONE when no active contract runs on that day; NOT_COVERED when it runs but does not cover the type
	(see `covers`: a contract listing no types covers every type); otherwise FREE or PAID as
	`entitlement_on` says.
	"""
	entitlement = entitlement_on(terms, on)
	if entitlement is not Entitlement.NONE and not covers(terms, on, service_type):
		return Entitlement.NOT_COVERED
	return entitlement


class ContractStatus(StrEnum):
	"""Lifecycle status of a service contract."""

	DRAFT = "Draft"
	SCHEDULED = "Scheduled"
	ACTIVE = "Active"
	EXPIRING = "Expiring"
	EXPIRED = "Expired"
	CANCELLED = "Cancelled"
	RENEWED = "Renewed"


def contract_status(
	*,
	docstatus: int,
	start: date,
	end: date,
	today: date,
	expiring_days: int = 30,
	renewed: bool = False,
) -> ContractStatus:
	"""The status of a contract on `today`. The first rule that applies wins:

	docstatus 0 -> Draft; docstatus 2 -> Cancelled; `renewed` (a submitted renewal continues it) ->
	Renewed; `today` before `start` -> Scheduled; `today` after `end` -> Expired; fewer than
	`expiring_days` days from `today` to `end` (`end - today < expiring_days`, so the last day itself is
	Expiring) -> Expiring; otherwise Active.

	Raises ValueError for a docstatus other than 0, 1, 2 or a negative `expiring_days`.
	"""
	if docstatus not in (0, 1, 2):
		raise ValueError(f"docstatus must be 0, 1 or 2, got {docstatus!r}")
	if expiring_days < 0:
		raise ValueError("expiring_days cannot be negative")
	if docstatus == 0:
		return ContractStatus.DRAFT
	if docstatus == 2:
		return ContractStatus.CANCELLED
	if renewed:
		return ContractStatus.RENEWED
	if today < start:
		return ContractStatus.SCHEDULED
	if today > end:
		return ContractStatus.EXPIRED
	if (end - today).days < expiring_days:
		return ContractStatus.EXPIRING
	return ContractStatus.ACTIVE


def pick_contract(candidates: Sequence[tuple[str, ContractTerms]], on: date) -> str | None:
	"""The name of the contract that governs day `on`, or None if no candidate covers it.

	Among active candidates with ``start <= on <= end``: the latest start wins (the most recent
	agreement, e.g. a renewal), then the latest end, then the smallest name, so the pick never depends
	on the order of `candidates`.
	"""
	best: tuple[int, int, str] | None = None
	for name, terms in candidates:
		if not terms.active or not terms.start <= on <= terms.end:
			continue
		key = (-terms.start.toordinal(), -terms.end.toordinal(), name)
		if best is None or key < best:
			best = key
	return None if best is None else best[2]
