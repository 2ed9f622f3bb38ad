# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""What a customer's contact can do from the portal. Each action checks, on the server, that the record
belongs to one of the contact's customers (permissions.py); anything else is refused with 403."""

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, now_datetime, today

from after_sales import ticket_views
from after_sales.api.inputs import api
from after_sales.permissions import customers_of, has_permission, is_agent


def _require_login() -> str:
	if frappe.session.user == "Guest":
		frappe.throw(_("Please log in."), frappe.PermissionError)
	return frappe.session.user


def _refuse():
	frappe.throw(_("This record is not yours."), frappe.PermissionError)


def _readable(doc, user: str) -> bool:
	"""Helpdesk's own rule for who may open the ticket (1.25: any contact of its customer; 1.28: its own
	contact or a manager of its customer), and for a contact also the app's: the ticket is one of its own
	customers' (AGR-25)."""
	if not doc.has_permission("read"):
		return False
	return is_agent(user) or doc.customer in customers_of(user)


@api(methods=["GET", "POST"])  # reads only (Helpdesk's portal form script calls with POST)
def ticket_view(ticket: str) -> dict:
	"""The contact's ticket as Helpdesk's portal shows it: urgency, commitments, a solution to answer.
	An agent who may read the ticket may read it too (what its customer sees)."""
	user = _require_login()
	doc = frappe.get_doc("HD Ticket", ticket)
	if not _readable(doc, user):
		_refuse()
	return ticket_views.customer_view(doc)


@api(methods=["POST"])
def confirm_solution(ticket: str, solved: bool, comment: str | None = None) -> dict:
	"""The customer confirms the proposed solution, or says it did not solve the problem (AGR-17)."""
	user = _require_login()
	doc = frappe.get_doc("HD Ticket", ticket)
	if is_agent(user) or not _readable(doc, user):
		_refuse()
	if not ticket_views.is_open(doc):
		frappe.throw(_("This request is closed: its record is final."), title=_("Request closed"))
	if not doc.solution_proposed_on:
		frappe.throw(_("No solution has been proposed on this request yet."), title=_("Nothing to confirm"))
	if doc.solution_confirmed_on:
		frappe.throw(_("The solution was already confirmed."), title=_("Already confirmed"))
	doc.flags.after_sales_portal_action = True
	if cint(solved):
		doc.solution_confirmed_on = now_datetime()
		doc.solution_confirmed_by = user
		doc.solution_confirmed_via = "Portal"
		message = _("{0} confirmed the proposed solution from the portal.").format(user)
	else:
		doc.solution_proposed_on = None
		message = _("{0} says the proposed solution does not solve the problem.").format(user)
	if comment:
		message += " " + frappe.utils.escape_html(comment.strip()[:1000])
	doc.save(ignore_permissions=True)
	doc.add_comment("Info", message)
	return {"service_step": doc.service_step}


@api(methods=["POST"])
def mark_installed(release: str, customer: str | None = None) -> dict:
	"""The customer reports that it installed a release (AGR-11)."""
	user = _require_login()
	doc = frappe.get_doc("Update Release", release)
	if not has_permission(doc, "read", user):
		_refuse()
	mine = customers_of(user)
	rows = [
		row for row in doc.deliveries if row.customer in mine and (not customer or row.customer == customer)
	]
	if not rows:
		_refuse()
	if len(rows) > 1:
		frappe.throw(
			_("Say for which of your customers the release was installed."), title=_("Which customer?")
		)
	rows[0].status = "Installed"
	rows[0].installed_on = today()
	doc.flags.ignore_permissions = True
	doc.save()
	return {"reach_percent": doc.reach_percent}


@api(methods=["POST"])
def rate_session(session: str, rating: int, comment: str | None = None) -> dict:
	"""An attendee rates a session once, after it ended (AGR-8)."""
	user = _require_login()
	doc = frappe.get_doc("Training Session", session)
	row = next((r for r in doc.attendees if r.email == user.lower()), None)
	if not row or not has_permission(doc, "read", user):
		_refuse()
	doc.rate(row, rating, comment)
	return {"rated": True}


@api(methods=["POST"])
def register(session: str) -> dict:
	"""A contact registers for an open session, within its capacity (AGR-8)."""
	user = _require_login()
	doc = frappe.get_doc("Training Session", session)
	if doc.customer or doc.is_internal or not has_permission(doc, "read", user):
		_refuse()
	if doc.status != "Planned" or get_datetime(doc.starts_on) <= now_datetime():
		frappe.throw(_("Registration is closed for this session."), title=_("Closed"))
	if any(r.email == user.lower() for r in doc.attendees):
		return {"registered": True}
	if len(doc.attendees) >= cint(doc.capacity):
		frappe.throw(_("This session is full."), title=_("Session full"))
	doc.append("attendees", {"email": user.lower()})
	doc.flags.ignore_permissions = True
	doc.save()
	return {"registered": True}


@api(methods=["POST"])
def answer_follow_up(
	follow_up: str, came_back: bool, choice: str | None = None, note: str | None = None
) -> dict:
	"""The customer answers a follow-up: the problem came back (reopen or new ticket) or not (AGR-20)."""
	user = _require_login()
	doc = frappe.get_doc("Service Follow-up", follow_up)
	if not has_permission(doc, "read", user):
		_refuse()
	if doc.status != "Open":
		frappe.throw(_("This follow-up is already answered."), title=_("Already answered"))
	if cint(came_back):
		if choice not in ("Reopen ticket", "New ticket"):
			frappe.throw(
				_("Choose whether to reopen the request or open a new one."), title=_("Missing choice")
			)
		doc.outcome, doc.recurrence_action = "Recurred", choice
	else:
		doc.outcome = "No recurrence"
	doc.outcome_note = _("Answered by {0} in the portal.").format(user) + (
		" " + (note or "").strip()[:1000] if note else ""
	)
	doc.flags.ignore_permissions = True
	doc.save()
	return {"status": doc.status, "new_ticket": doc.new_ticket}
