# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Training sessions from tickets, and attendees' ratings (AGR-8)."""

import hashlib

import frappe
from frappe import _

from after_sales.api.inputs import api, moment


@api(methods=["GET", "POST"])  # builds an unsaved session: reads only
def make_training_session(ticket: str) -> dict:
	"""A new session prefilled from a training request ticket (linking back to it), or the one already made."""
	doc = _training_ticket(ticket)
	existing = session_of(ticket)
	if existing:
		return frappe.get_doc("Training Session", existing).as_dict()
	return _session_for(doc).as_dict()


@api(methods=["POST"], max_length={"location": 2000, "meeting_link": 1000})
def schedule_training(
	ticket: str,
	starts_on: str,
	ends_on: str,
	mode: str,
	meeting_link: str | None = None,
	location: str | None = None,
) -> dict:
	"""Schedule the session a training request asks for, from the agent UI (AGR-8): the same session as
	Desk's "Schedule Training" makes, with its time and place; the session's own checks apply."""
	doc = _training_ticket(ticket)
	if doc.ticket_type != "Training":
		frappe.throw(
			_("Only a Training ticket schedules a training session."), title=_("Not a training request")
		)
	if session_of(ticket):
		frappe.throw(
			_("A training session is already scheduled for this ticket."), title=_("Already scheduled")
		)
	session = _session_for(doc)
	session.update(
		{
			"starts_on": moment(starts_on, "starts_on"),
			"ends_on": moment(ends_on, "ends_on"),
			"mode": mode,
			"meeting_link": (meeting_link or "").strip() or None,
			"location": (location or "").strip() or None,
		}
	)
	session.insert()
	return {"session": session.name}


def session_of(ticket: str) -> str | None:
	"""The session scheduled for a training request (a cancelled one does not count)."""
	return frappe.db.get_value("Training Session", {"ticket": ticket, "status": ("!=", "Cancelled")})


def _training_ticket(ticket: str):
	doc = frappe.get_doc("HD Ticket", ticket)
	doc.check_permission("read")
	if not frappe.has_permission("Training Session", "create"):
		frappe.throw(_("Not permitted to schedule training."), frappe.PermissionError)
	return doc


def _session_for(doc):
	product = doc.service_contract and frappe.db.get_value(
		"Service Contract", doc.service_contract, "product"
	)
	session = frappe.new_doc("Training Session")
	session.update(
		{
			"title": doc.subject,
			"customer": doc.customer,
			"product": product,
			"ticket": doc.name,
			"trainer": frappe.session.user,
			"agenda": doc.description,
		}
	)
	return session


def key_digest(key: str) -> str:
	"""What a Training Attendee row stores of its feedback key (the key itself is only in the e-mailed link)."""
	return hashlib.sha256(key.encode()).hexdigest()


def _row_for_key(key: str):
	key = (key or "").strip()
	if len(key) < 32:
		frappe.throw(_("This feedback link is not valid."), frappe.PermissionError)
	row = frappe.db.get_value(
		"Training Attendee",
		{"feedback_key": key_digest(key), "parenttype": "Training Session"},
		["name", "parent", "rating"],
		as_dict=True,
	)
	if not row:
		frappe.throw(_("This feedback link is not valid."), frappe.PermissionError)
	return row


@api(methods=["GET", "POST"], allow_guest=True)
def feedback_context(key: str) -> dict:
	"""What the feedback page shows for a personal link."""
	row = _row_for_key(key)
	session = frappe.db.get_value(
		"Training Session", row.parent, ["title", "starts_on", "ends_on", "status"], as_dict=True
	)
	return {"title": session.title, "starts_on": session.starts_on, "rated": bool(row.rating)}


@api(methods=["POST"], allow_guest=True)
def submit_feedback(key: str, rating: int, comment: str | None = None) -> dict:
	"""An attendee rates a completed session once, 1 to 5 (AGR-8); the link's key is the credential."""
	row = _row_for_key(key)
	session = frappe.get_doc("Training Session", row.parent)
	session.rate(next(r for r in session.attendees if r.name == row.name), rating, comment)
	return {"rated": True}
