# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The terms a ticket runs under: its contract, entitlement, policy, urgency and deadlines.

Thin Frappe glue around the pure core (after_sales.agreement); called from overrides/ticket_terms.py and ticket_clock.py.
"""

from datetime import timedelta

import frappe
from frappe.utils import cint, get_datetime, getdate

from after_sales.agreement.calendar import Calendar
from after_sales.agreement.entitlement import ContractTerms, entitlement_for, pick_contract
from after_sales.agreement.urgency import classify, parse_keywords

_CALENDARS: dict[tuple, Calendar] = {}


def find_contract(customer: str | None, on) -> tuple[dict | None, ContractTerms | None]:
	"""The customer's submitted contract covering day `on` (rule: latest start, then latest end, then name).

	Returns the contract's row (name, sla_policy, service_centre) and its terms, with the service types it
	covers (AGR-6..13), in one query.
	"""
	if not customer:
		return None, None
	on = getdate(on)
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
	contracts: dict[str, dict] = {}
	covered_types: dict[str, list[str]] = {}
	for row in rows:
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
	"""The policy's calendar, cached per policy version (holidays come from the database once)."""
	key = (frappe.local.site, policy.name, str(policy.modified))
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
