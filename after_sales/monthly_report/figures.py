# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The monthly report's figures: what happened for one customer in one month, read with a handful of
aggregate queries (never a loop over tickets). Numbers and records only: `lines` puts them into words."""

from dataclasses import dataclass
from datetime import date

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Avg, Count, Sum
from frappe.utils import add_days

from after_sales.agreement.entitlement import Entitlement
from after_sales.agreement.metrics import POSITIVE_RATING
from after_sales.agreement.targets import MET, TARGETS, VERDICTS
from after_sales.integrations import helpdesk


@dataclass(frozen=True)
class Month:
	"""One customer's month, as `lines` reads it."""

	tickets: dict  # per urgency: requests under the promises; per target how many reached, kept it
	not_covered: dict  # the same, of the requests their contract does not cover (AGR-6..13)
	requests: list[dict]  # per service type and urgency
	follow_ups: tuple[int, int]  # done, due
	visits: list[dict]
	releases: list[dict]
	trainings: list[dict]
	contracts: list[dict]


def of_month(customer: str, start: date, end: date) -> Month:
	"""The figures of `customer` from `start` to `end` (both included)."""
	tickets, not_covered = _ticket_figures(customer, start, end)
	return Month(
		tickets=tickets,
		not_covered=not_covered,
		requests=_requests_by_type(customer, start, end),
		follow_ups=_follow_ups(customer, start, end),
		visits=_visits(customer, start, end),
		releases=_releases(customer, start, end),
		trainings=_trainings(customer, start, end),
		contracts=_contracts(customer, start, end),
	)


def _ticket_figures(customer: str, start: date, end: date) -> tuple[dict, dict]:
	"""Per urgency: requests, and for each target how many reached it, how many kept it and the working
	seconds it took; first of the requests under the agreement's promises, then of those their contract
	does not cover (AGR-6..13), which are reported apart."""
	t = frappe.qb.DocType("HD Ticket")
	per_target = []
	for target in TARGETS:
		status, reached = t[target.status_field], t[target.status_field].isin(VERDICTS)
		per_target += [
			Sum(Case().when(status == MET, 1).else_(0)).as_(f"{target.name}_met"),
			Sum(Case().when(reached, 1).else_(0)).as_(f"{target.name}_done"),
			Sum(Case().when(reached, t[target.duration_field]).else_(0)).as_(f"{target.name}_seconds"),
		]
	apart = Case().when(t.service_entitlement == Entitlement.NOT_COVERED.value, 1).else_(0)
	rows = (
		frappe.qb.from_(t)
		.select(
			t.urgency,
			apart.as_("not_covered"),
			Count("*").as_("tickets"),
			*per_target,
			# Helpdesk's status category, so that a site's own resolved statuses count too
			Sum(Case().when(t.status_category == "Resolved", 1).else_(0)).as_("resolved"),
			Sum(
				Case()
				.when(
					(t.status_category == "Resolved")
					& t.solution_confirmed_on.isnotnull()
					& t.verified_on.isnotnull(),
					1,
				)
				.else_(0)
			).as_("confirmed"),
			Sum(Case().when(t.feedback_rating > 0, 1).else_(0)).as_("rated"),
			Sum(Case().when(t.feedback_rating >= POSITIVE_RATING, 1).else_(0)).as_("positive"),
		)
		.where((t.customer == customer) & (t.opening_date >= start) & (t.opening_date <= end))
		.groupby(t.urgency, apart)
		.run(as_dict=True)
	)
	covered, not_covered = {}, {}
	for row in rows:
		counts = {k: (v or 0) for k, v in row.items() if k not in ("urgency", "not_covered")}
		(not_covered if row.not_covered else covered)[row.urgency or ""] = counts
	return covered, not_covered


def _requests_by_type(customer: str, start: date, end: date) -> list[dict]:
	t = frappe.qb.DocType("HD Ticket")
	return (
		frappe.qb.from_(t)
		.select(t.ticket_type, t.urgency, Count("*").as_("tickets"))
		.where((t.customer == customer) & (t.opening_date >= start) & (t.opening_date <= end))
		.groupby(t.ticket_type, t.urgency)
		.run(as_dict=True)
	)


def _visits(customer: str, start: date, end: date) -> list[dict]:
	"""On-site visits (AGR-12, AGR-16) made in the month."""
	t = frappe.qb.DocType("HD Ticket")
	return (
		frappe.qb.from_(t)
		.select(t.name, t.subject, t.visit_date, t.visit_engineer)
		.where(
			(t.customer == customer)
			& (t.diagnosis_mode == "On-site")
			& (t.visit_date >= start)
			& (t.visit_date < add_days(end, 1))
		)
		.orderby(t.visit_date)
		.run(as_dict=True)
	)


def _releases(customer: str, start: date, end: date) -> list[dict]:
	"""Releases the customer installed in the month, and those it was sent but has not installed (AGR-11)."""
	release = frappe.qb.DocType("Update Release")
	delivery = frappe.qb.DocType("Update Release Delivery")
	installed = (
		(delivery.status == "Installed") & (delivery.installed_on >= start) & (delivery.installed_on <= end)
	)
	waiting = (
		(delivery.status == "Notified")
		& (delivery.notified_on >= start)
		& (delivery.notified_on < add_days(end, 1))
	)
	return (
		frappe.qb.from_(delivery)
		.join(release)
		.on((release.name == delivery.parent) & (delivery.parenttype == "Update Release"))
		.select(
			release.name,
			release.product,
			release.version,
			release.release_type,
			delivery.status,
			delivery.installed_on,
			delivery.notified_on,
		)
		.where((delivery.customer == customer) & (installed | waiting))
		.run(as_dict=True)
	)


def _trainings(customer: str, start: date, end: date) -> list[dict]:
	"""Completed sessions (AGR-8) the customer's contacts attended or were invited to, with attendance and rating."""
	session = frappe.qb.DocType("Training Session")
	attendee = frappe.qb.DocType("Training Attendee")
	contacts = helpdesk.contacts_of_customers([customer]) or [""]
	return (
		frappe.qb.from_(session)
		.join(attendee)
		.on((attendee.parent == session.name) & (attendee.parenttype == "Training Session"))
		.select(
			session.name,
			session.title,
			session.mode,
			session.starts_on,
			Count(attendee.name).as_("invited"),
			Sum(attendee.attended).as_("attended"),
			Avg(Case().when(attendee.rating > 0, attendee.rating)).as_("rating"),
		)
		.where(
			(session.status == "Completed")
			& (session.is_internal == 0)
			& (session.starts_on >= start)
			& (session.starts_on < add_days(end, 1))
			& ((session.customer == customer) | attendee.contact.isin(contacts))
		)
		.groupby(session.name, session.title, session.mode, session.starts_on)
		.orderby(session.starts_on)
		.run(as_dict=True)
	)


def _follow_ups(customer: str, start: date, end: date) -> tuple[int, int]:
	"""Follow-ups (AGR-20) due in the month: done, and due (cancelled ones do not count)."""
	f = frappe.qb.DocType("Service Follow-up")
	row = (
		frappe.qb.from_(f)
		.select(Count("*").as_("due"), Sum(Case().when(f.status == "Done", 1).else_(0)).as_("done"))
		.where((f.customer == customer) & (f.due_on >= start) & (f.due_on <= end) & (f.status != "Cancelled"))
		.run(as_dict=True)[0]
	)
	return int(row.done or 0), int(row.due or 0)


def _contracts(customer: str, start: date, end: date) -> list[dict]:
	"""The customer's submitted contracts that ran during the month."""
	return frappe.get_all(
		"Service Contract",
		filters={
			"customer": customer,
			"docstatus": 1,
			"contract_start": ("<=", end),
			"contract_end": (">=", start),
		},
		fields=["name", "product", "contract_start", "contract_end", "free_service_end"],
		order_by="contract_start",
	)
