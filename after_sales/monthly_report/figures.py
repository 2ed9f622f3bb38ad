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

from after_sales.agreement.metrics import POSITIVE_RATING

DONE = ("Met", "Breached")


@dataclass(frozen=True)
class Month:
	"""One customer's month, as `lines` reads it."""

	tickets: dict  # per urgency: requests, and per promise how many reached it and kept it
	requests: list[dict]  # per service type and urgency
	follow_ups: tuple[int, int]  # done, due
	visits: list[dict]
	releases: list[dict]
	trainings: list[dict]
	contracts: list[dict]


def of_month(customer: str, start: date, end: date) -> Month:
	"""The figures of `customer` from `start` to `end` (both included)."""
	return Month(
		tickets=_ticket_figures(customer, start, end),
		requests=_requests_by_type(customer, start, end),
		follow_ups=_follow_ups(customer, start, end),
		visits=_visits(customer, start, end),
		releases=_releases(customer, start, end),
		trainings=_trainings(customer, start, end),
		contracts=_contracts(customer, start, end),
	)


def _ticket_figures(customer: str, start: date, end: date) -> dict:
	"""Per urgency: requests, and for each promise how many reached it and how many kept it."""
	t = frappe.qb.DocType("HD Ticket")

	def met(prefix):
		return Sum(Case().when(t[f"{prefix}_status"] == "Met", 1).else_(0))

	def done(prefix):
		return Sum(Case().when(t[f"{prefix}_status"].isin(DONE), 1).else_(0))

	def duration(prefix):
		return Sum(Case().when(t[f"{prefix}_status"].isin(DONE), t[f"{prefix}_duration"]).else_(0))

	rows = (
		frappe.qb.from_(t)
		.select(
			t.urgency,
			Count("*").as_("tickets"),
			met("acknowledge").as_("ack_met"),
			done("acknowledge").as_("ack_done"),
			met("response").as_("resp_met"),
			done("response").as_("resp_done"),
			duration("response").as_("resp_seconds"),
			met("resolution").as_("res_met"),
			done("resolution").as_("res_done"),
			duration("resolution").as_("res_seconds"),
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
		.groupby(t.urgency)
		.run(as_dict=True)
	)
	return {row.urgency or "": {k: (v or 0) for k, v in row.items() if k != "urgency"} for row in rows}


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
	link = frappe.qb.DocType("Dynamic Link")
	contacts = (
		frappe.qb.from_(link)
		.select(link.parent)
		.where(
			(link.parenttype == "Contact")
			& (link.link_doctype == "HD Customer")
			& (link.link_name == customer)
		)
	)
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
