# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Data for the customer portal pages (www/my-*.html). Reads go through the viewer's permissions
(permissions.py and Helpdesk's own ticket rules); each page runs a fixed number of queries."""

from urllib.parse import quote

import frappe
from frappe import _
from frappe.utils import cint, date_diff, format_duration, get_datetime, getdate, now_datetime, today

from after_sales.agreement.targets import TARGETS
from after_sales.permissions import customers_of

# A customer's tickets live on Helpdesk's own portal, with the agreement's commitments and the answer to a
# proposed solution on each ticket's page (helpdesk_ui/): the one view of a ticket a customer ever meets.
HELPDESK_TICKETS = "/helpdesk/my-tickets"


def ticket_url(ticket: str) -> str:
	"""The ticket's page on Helpdesk's portal."""
	return f"{HELPDESK_TICKETS}/{quote(str(ticket), safe='')}"


def menu() -> tuple[tuple[str, str], ...]:
	"""The portal's menu and its titles, translated for the viewer, in the order of the site's portal menu
	(hooks.standard_portal_menu_items): the app's own pages, and the customer's requests on Helpdesk's."""
	return (
		("/my-service", _("My Service")),
		(HELPDESK_TICKETS, _("My Requests")),
		("/my-updates", _("Updates")),
		("/my-training", _("Training")),
		("/my-follow-ups", _("Follow-ups")),
	)


def pages() -> tuple[tuple[str, str], ...]:
	"""The app's own portal pages (www/my-*.html) and their titles."""
	return tuple((href.removeprefix("/"), title) for href, title in menu() if href != HELPDESK_TICKETS)


def prepare(context, route: str) -> None:
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to=/{route}"
		raise frappe.Redirect
	context.no_cache = 1
	context.show_sidebar = True
	context.title = dict(pages())[route]
	context.route = route
	context.pages = [{"href": href, "title": title, "current": href == f"/{route}"} for href, title in menu()]
	context.customers = customers_of()
	context.several_customers = len(context.customers) > 1


def service(context) -> None:
	"""Contracts with their free period, commitments in words, service centre and visits (AGR-2, AGR-12),
	and the monthly service reports sent (AGR-27)."""
	contracts = frappe.get_list(
		"Service Contract",
		filters={"docstatus": 1},
		fields=[
			"name", "customer", "product", "status", "contract_start", "contract_end", "free_service_end",
			"sla_policy", "service_centre", "onsite_visits_included",
		],
		order_by="contract_end desc",
	)  # fmt: skip
	commitments = _commitments({c.sla_policy for c in contracts})
	used = _visits_used([c.name for c in contracts])
	for contract in contracts:
		contract.free_days_left = (
			date_diff(contract.free_service_end, today()) if contract.free_service_end else None
		)
		contract.in_free_period = contract.free_days_left is not None and contract.free_days_left >= 0
		contract.commitments = commitments.get(contract.sla_policy, [])
		contract.visits_used = used.get(contract.name, 0)
	context.contracts = contracts
	context.monthly_reports = _monthly_reports()


def _commitments(policies: set[str]) -> dict[str, list[str]]:
	"""Each policy's targets in words, per urgency."""
	rows = frappe.get_all(
		"SLA Policy Target",
		filters={"parent": ("in", list(policies) or [""]), "parenttype": "SLA Policy"},
		fields=["parent", "urgency", *(target.within_field for target in TARGETS)],
		order_by="idx asc",
	)
	words: dict[str, list[str]] = {}
	for row in rows:
		words.setdefault(row.parent, []).append(
			_("{0}: receipt confirmed within {1}, response within {2}, resolution within {3}").format(
				_(row.urgency),
				*(format_duration(row[target.within_field], hide_days=False) for target in TARGETS),
			)
		)
	return words


def _visits_used(contracts: list[str]) -> dict[str, int]:
	"""On-site visits recorded against each contract (AGR-16)."""
	visits = frappe.get_all(
		"HD Ticket",
		filters={"service_contract": ("in", contracts or [""]), "diagnosis_mode": "On-site"},
		fields=["service_contract", "count(name) as used"],
		group_by="service_contract",
	)
	return {v.service_contract: v.used for v in visits}


def _monthly_reports() -> list:
	"""The monthly service reports sent to the viewer's customers (AGR-27), newest first, with the PDF as
	it was e-mailed."""
	reports = frappe.get_list(
		"Monthly Service Report",
		fields=["name", "customer", "period_start", "commitments_met", "commitments_measured", "sent_pdf"],
		order_by="period_start desc",
		limit_page_length=24,
	)
	for report in reports:
		report.month = str(report.period_start)[:7]
		report.pdf_url = quote(report.sent_pdf) if report.sent_pdf else None
	return reports


def updates(context) -> None:
	"""Releases the customer is entitled to, newest first; security marked; install state (AGR-11)."""
	releases = frappe.get_list(
		"Update Release",
		fields=[
			"name",
			"product",
			"version",
			"release_type",
			"release_date",
			"release_notes",
			"download_link",
			"attachment",
		],
		order_by="version_key desc",
		limit_page_length=50,
	)
	rows = frappe.get_all(
		"Update Release Delivery",
		filters={
			"parent": ("in", [r.name for r in releases] or [""]),
			"parenttype": "Update Release",
			"customer": ("in", context.customers or [""]),
		},
		fields=["parent", "customer", "status", "installed_on"],
	)
	for release in releases:
		release.deliveries = [row for row in rows if row.parent == release.name]
		release.security = release.release_type == "Security"
	context.releases = releases


def training(context) -> None:
	"""Upcoming and past sessions, open sessions to register for, and ratings (AGR-8)."""
	sessions = frappe.get_list(
		"Training Session",
		filters={"status": ("!=", "Cancelled")},
		fields=[
			"name",
			"title",
			"customer",
			"mode",
			"starts_on",
			"ends_on",
			"location",
			"meeting_link",
			"status",
			"capacity",
		],
		order_by="starts_on desc",
		limit_page_length=100,
	)
	user = frappe.session.user.lower()
	attendees = frappe.get_all(
		"Training Attendee",
		filters={"parent": ("in", [s.name for s in sessions] or [""]), "parenttype": "Training Session"},
		fields=["parent", "email", "rating"],
	)
	now = now_datetime()
	for session in sessions:
		mine = [a for a in attendees if a.parent == session.name]
		me = next((a for a in mine if a.email == user), None)
		session.attending = bool(me)
		session.open = not session.customer
		session.upcoming = get_datetime(session.starts_on) > now
		session.places_left = max(cint(session.capacity) - len(mine), 0)
		session.can_register = session.open and not me and session.upcoming and session.places_left > 0
		session.can_rate = bool(
			me and not me.rating and session.status == "Completed" and get_datetime(session.ends_on) <= now
		)
		session.my_rating = me.rating if me else None
	context.upcoming = [s for s in sessions if s.upcoming and (s.attending or not s.open or s.can_register)]
	context.past = [s for s in sessions if not s.upcoming and (s.attending or not s.open)]


def follow_ups(context) -> None:
	"""Open follow-up questions the customer can answer (AGR-20), each with its ticket's page on Helpdesk's
	portal."""
	context.follow_ups = frappe.get_list(
		"Service Follow-up",
		filters={"status": "Open", "due_on": ("<=", getdate())},
		fields=["name", "ticket", "subject", "customer", "due_on", "round_days"],
		order_by="due_on asc",
	)
	for follow_up in context.follow_ups:
		follow_up.ticket_url = ticket_url(follow_up.ticket)
