# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The terms a ticket runs under: its contract, entitlement, policy, urgency and deadlines.

Thin Frappe glue around the pure core (after_sales.agreement); called from overrides/ticket_terms.py and ticket_clock.py.

The contract covering a customer on a day is read on every new ticket and changes only when one of the
customer's contracts does, so it is kept in Redis (`find_contract`), one entry per customer holding the days
asked for. A change to any of the customer's contracts (insert, save, submit, cancel, amend, delete) replaces
that entry with a "changed" mark (`forget_contracts`, from the Service Contract controller), at once, when the
change commits and when it rolls back. While the mark lasts (CHANGED_MARK_SECONDS) nothing is cached for the
customer: a ticket whose transaction began before the change committed reads the database as it was, and
must not store that for the tickets after it. Writes are optimistic (WATCH): a mark set meanwhile wins. So a
contract just signed covers the customer's next ticket, and a cancelled or ended one never does (the entry is
per day, and only submitted contracts covering that day are in it).
"""

import pickle
from datetime import timedelta

import frappe
import redis
from frappe.utils import cint, get_datetime, getdate

from after_sales.agreement.calendar import Calendar
from after_sales.agreement.entitlement import ContractTerms, entitlement_for, pick_contract
from after_sales.agreement.urgency import classify, parse_keywords

_CALENDARS: dict[tuple, Calendar] = {}


# How long a customer's cached contracts live without a change, and how long a change stops caching for them
CONTRACTS_CACHED_SECONDS, CHANGED_MARK_SECONDS = 3600, 600
_CHANGED = b"changed"
_DAYS_KEPT = 8  # days cached per customer (a ticket's opening day is nearly always today)


def find_contract(customer: str | None, on) -> tuple[dict | None, ContractTerms | None]:
	"""The customer's submitted contract covering day `on` (rule: latest start, then latest end, then name).

	Returns the contract's row (name, sla_policy, service_centre) and its terms, with the service types it
	covers (AGR-6..13): from the cache, or in one query.
	"""
	if not customer:
		return None, None
	on = getdate(on)
	key, day = contracts_cache_key(customer), on.isoformat()
	cached = _read_cache(key)
	if isinstance(cached, dict) and day in cached:
		rows = cached[day]
	else:
		rows = _rows_in_db(customer, on)
		if cached != _CHANGED:
			_cache_day(key, day, rows)
	return _pick(rows, on)


def forget_contracts(customer: str | None) -> None:
	"""One of the customer's contracts changed: its tickets read the database again, now and once the change
	commits or rolls back (a transaction that began before the commit still sees the database as it was)."""
	if not customer:
		return
	key = contracts_cache_key(customer)

	def mark_changed():
		try:
			frappe.cache.set(key, _CHANGED, ex=CHANGED_MARK_SECONDS)
		except redis.exceptions.RedisError:
			frappe.log_error(title=f"After Sales: cached contracts of {customer} not cleared")

	mark_changed()
	frappe.db.after_commit.add(mark_changed)
	frappe.db.after_rollback.add(mark_changed)


def contracts_cache_key(customer: str) -> bytes:
	return frappe.cache.make_key(f"after_sales:contracts:{customer}")  # the site's own key


def _read_cache(key: bytes):
	"""The customer's cached days ({day: rows}), the "changed" mark, or None (Redis, never the
	request's local copy: a contract changed by another worker must show in a long job too)."""
	try:
		value = frappe.cache.get(key)
	except redis.exceptions.RedisError:
		return _CHANGED  # no cache: read the database, store nothing
	if value is None or value == _CHANGED:
		return value
	try:
		return pickle.loads(value)
	except Exception:
		return None


def _cache_day(key: bytes, day: str, rows: list[dict]) -> None:
	"""Add one day to the customer's entry, unless a change marked it meanwhile (optimistic: WATCH)."""
	try:
		with frappe.cache.pipeline() as pipe:
			pipe.watch(key)
			current = pipe.get(key)
			if current == _CHANGED:
				return
			days = pickle.loads(current) if current else {}
			if len(days) >= _DAYS_KEPT:
				days = {}
			days[day] = rows
			pipe.multi()
			pipe.set(key, pickle.dumps(days), ex=CONTRACTS_CACHED_SECONDS)
			pipe.execute()
	except redis.exceptions.WatchError:
		pass  # the customer's contracts changed meanwhile: nothing cached
	except Exception:
		frappe.log_error(title="After Sales: contracts not cached")


def _rows_in_db(customer: str, on) -> list[dict]:
	"""The customer's submitted contracts covering day `on`, a row per covered service type (plain values)."""
	contract = frappe.qb.DocType("Service Contract")
	covered = frappe.qb.DocType("Service Contract Ticket Type")
	rows = (
		frappe.qb.from_(contract)
		.left_join(covered)
		.on(
			(covered.parent == contract.name)
			& (covered.parenttype == "Service Contract")
			& (covered.parentfield == "service_types")
		)
		.select(
			contract.name,
			contract.contract_start,
			contract.contract_end,
			contract.free_service_months,
			contract.sla_policy,
			contract.service_centre,
			covered.ticket_type.as_("covered_type"),
		)
		.where(
			(contract.customer == customer)
			& (contract.docstatus == 1)
			& (contract.contract_start <= on)
			& (contract.contract_end >= on)
		)
		.run(as_dict=True)
	)
	return [dict(row) for row in rows]


def _pick(rows: list[dict], on) -> tuple[dict | None, ContractTerms | None]:
	contracts: dict[str, dict] = {}
	covered_types: dict[str, list[str]] = {}
	for row in rows:
		row = frappe._dict(row)
		covered_type = row.pop("covered_type")
		contracts.setdefault(row.name, row)
		types = covered_types.setdefault(row.name, [])
		if covered_type:
			types.append(covered_type)
	candidates = {
		name: ContractTerms(
			start=getdate(row.contract_start),
			end=getdate(row.contract_end),
			free_months=cint(row.free_service_months),
			service_types=tuple(covered_types[name]),
		)
		for name, row in contracts.items()
	}
	name = pick_contract(list(candidates.items()), on)
	if not name:
		return None, None
	return contracts[name], candidates[name]


def ticket_entitlement(terms: ContractTerms | None, on, ticket_type: str | None) -> str:
	"""The ticket's entitlement on its opening day, for its service type (AGR-2, AGR-3, AGR-6..13)."""
	return entitlement_for(terms, getdate(on), ticket_type).value


def policy_calendar(policy) -> Calendar:
	"""The policy's calendar, cached per version of the policy and of its statutory calendar (their days
	come from the database once)."""
	statutory = policy.get("statutory_calendar")
	statutory_version = (
		str(frappe.get_cached_value("Statutory Calendar", statutory, "modified")) if statutory else None
	)
	key = (frappe.local.site, policy.name, str(policy.modified), statutory_version)
	calendar = _CALENDARS.get(key)
	if calendar is None:
		if len(_CALENDARS) > 64:
			_CALENDARS.clear()
		calendar = _CALENDARS[key] = policy.get_calendar()
	return calendar


def classify_ticket(ticket, policy):
	consultation_types = ("Consultation", "Question")
	return classify(
		ticket_type=ticket.ticket_type,
		priority=ticket.priority,
		subject=ticket.subject,
		description=ticket.description,
		keywords=parse_keywords(policy.urgent_keywords),
		consultation_types=consultation_types,
	)


def deadline(policy, start, seconds: float) -> object:
	return policy_calendar(policy).add(get_datetime(start), timedelta(seconds=float(seconds or 0)))


def working_seconds(policy, start, end) -> float:
	if not start or not end:
		return 0
	return policy_calendar(policy).elapsed(get_datetime(start), get_datetime(end)).total_seconds()
