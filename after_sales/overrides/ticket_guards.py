# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Who may write what on an HD Ticket: the compliance record and the ticket's identity (AGR-15, AGR-21..25,
AGR-27).

The app's stamps, reports, cards and monthly report are computed from its own fields and from a few of
Helpdesk's. Frappe enforces `read_only` only in Desk, so every one of them is guarded here, on every path
that saves a ticket (REST, `frappe.client`, Desk, import, bulk edit, Helpdesk's APIs):

- a **new** ticket starts from nothing: what a person sends for the clock, the stamps or the feedback is
  replaced by what the system sets (`on_insert`, run as `before_insert`, before Helpdesk's own rules);
- on an **existing** ticket, a person's change to one of these fields is refused with a clear message
  (`on_update`). Helpdesk's own rules still set them: the first response when an agent replies (derived
  from the ticket's Communications) or pauses or resolves the ticket, the resolution and hold time on a
  status change (computed later in the same save), the rating from the customer's own feedback;
- a **customer's contact** files and edits tickets only as itself: the customer is one of its own, the
  sender and contact are its own, and it cannot move the priority (which moves the urgency, AGR-21..23).

The system's own paths write freely: Administrator, background jobs (e-mail pulls, the scheduler),
installs and patches, and the app's actions (document flags set by api/ticket.py, api/portal.py).
"""

from email.utils import parseaddr

import frappe
from frappe import _
from frappe.utils import flt, get_datetime, getdate, now_datetime, nowdate, nowtime

from after_sales.permissions import contact_of, customers_of, is_agent
from after_sales.ticket_fields import GUARDED_FIELDS, TICKET_FIELDNAMES

# Helpdesk's fields the agreement's figures are computed from. Each is set by Helpdesk's own rules only.
# Fixed when the ticket is opened:
OPENING_FIELDS = ("opening_date", "opening_time", "service_level_agreement_creation")
# Computed by Helpdesk's SLA on a status change, later in the same save (apply_sla in before_save):
SLA_COMPUTED_FIELDS = ("resolution_date", "resolution_time", "total_hold_time", "on_hold_since")
# The customer's satisfaction (AGR-27): its own feedback, in the portal or through the e-mailed link
FEEDBACK_FIELDS = ("feedback", "feedback_rating", "feedback_extra")
# What a new ticket may not bring along: the clock, the stamps and the feedback start empty
RESET_ON_INSERT = (
	"service_level_agreement_creation",
	"first_responded_on",
	"first_response_time",
	"resolution_date",
	"resolution_time",
	"total_hold_time",
	"on_hold_since",
	"response_by",
	"resolution_by",
	"agreement_status",
	*FEEDBACK_FIELDS,
)
# A contact's own ticket: who it is from, and its priority, are not the contact's to change
IDENTITY_FIELDS = ("customer", "contact", "raised_by")
# What the agreement decides for a contact's new ticket, whatever it sends: the urgency is classified
# (AGR-21..23), the channel is the portal (AGR-4), the release link is the agent's (AGR-11)
DECIDED_FOR_CONTACTS = (
	"urgency",
	"urgency_change_reason",
	"urgency_reason",
	"request_channel",
	"update_release",
)
# How far Helpdesk's own "now" may lie from ours within one save (seconds)
NOW_TOLERANCE = 120


def written_by_the_system(doc) -> bool:
	"""Administrator (the scheduler, e-mail pulls), installs and the app's own actions write the guarded
	fields. A background job is not the system by itself: Frappe runs a job as the user who queued it
	(a bulk edit of 20 tickets or more, a data import), so a person's queued save is still a person's."""
	return bool(
		frappe.session.user == "Administrator"
		or frappe.flags.in_install
		or frappe.flags.in_migrate
		or frappe.flags.in_patch
		or doc.flags.after_sales_action
		or doc.flags.after_sales_portal_action
	)


def is_person_agent() -> bool:
	"""An agent working as a person (background jobs act for the system, not for an agent)."""
	user = frappe.session.user
	if user == "Guest" or (user == "Administrator" and getattr(frappe.local, "job", None)):
		return False  # the scheduler and e-mail pulls act for the system, not for an agent
	return is_agent(user)


def is_customer_side() -> bool:
	"""A logged-in person who is not an agent: a customer's contact, in the portal or through REST."""
	return frappe.session.user not in ("Administrator", "Guest") and not is_person_agent()


# ---------------------------------------------------------------- new tickets (before_insert)


def on_insert(doc) -> None:
	if written_by_the_system(doc):
		return
	_start_clean(doc)
	if is_customer_side():
		_file_as_self(doc)


def _start_clean(doc) -> None:
	"""A new ticket's clock starts now, with no stamps: the values a person sends are not kept."""
	for fieldname in (*GUARDED_FIELDS, *RESET_ON_INSERT):
		if doc.meta.has_field(fieldname):
			doc.set(fieldname, None)
	doc.opening_date = nowdate()
	doc.opening_time = nowtime()


def _file_as_self(doc) -> None:
	"""A contact files a ticket as itself, for one of its own customers (AGR-25): its sender and contact are
	filled in with its own, and the customer is left to Helpdesk's rule (its contact's only customer), which
	`ticket_terms` completes for a contact linked the other way. What it sends that is not its own is refused
	in `refuse_filing_as_another`, after Helpdesk's own checks, so that where Helpdesk refuses, its refusal is
	the one the contact sees."""
	user = frappe.session.user
	if not doc.raised_by:
		doc.raised_by = frappe.db.get_value("User", user, "email") or user
	if not doc.contact:
		doc.contact = contact_of(user)
	for fieldname in DECIDED_FOR_CONTACTS:
		doc.set(fieldname, None)


def refuse_filing_as_another(doc) -> None:
	"""A contact's new ticket names no other contact, sender or customer (AGR-25). Run in before_validate,
	after Helpdesk's own: Helpdesk 1.28 refuses another contact and another customer itself (with
	"Auto-set customer from contact" on), and then its message is the one shown; this adds what Helpdesk
	does not check (the sender; both on 1.25)."""
	if written_by_the_system(doc) or not is_customer_side():
		return
	user = frappe.session.user
	own = contact_of(user)
	if doc.contact != own or not _own_address(doc.raised_by, user, own):
		frappe.throw(
			_("You can only file a ticket as yourself."), frappe.PermissionError, title=_("Not allowed")
		)
	if doc.customer and doc.customer not in customers_of(user):
		frappe.throw(
			_("You can only file a ticket for a customer you belong to; {0} is not one of yours.").format(
				frappe.bold(doc.customer)
			),
			frappe.ValidationError,
			title=_("Not allowed"),
		)


def _own_address(raised_by: str | None, user: str, contact: str | None) -> bool:
	address = (parseaddr(raised_by or "")[1] or "").lower()
	if address == (frappe.db.get_value("User", user, "email") or user).lower():
		return True
	return bool(
		contact
		and frappe.db.exists(
			"Contact Email", {"parenttype": "Contact", "parent": contact, "email_id": address}
		)
	)


# ---------------------------------------------------------------- existing tickets (before_validate)


def on_update(doc) -> None:
	"""Refuse a person's change to the record (run after Helpdesk's before_validate, before its SLA)."""
	if written_by_the_system(doc) or not doc.get_doc_before_save():
		return
	changed = changed_fields(doc, (*GUARDED_FIELDS, *OPENING_FIELDS, *SLA_COMPUTED_FIELDS))
	if not _first_response_is_helpdesks(doc):
		changed.append("first_responded_on")
	changed += _feedback_not_allowed(doc)
	if is_customer_side():
		agents_only = changed_fields(doc, (*TICKET_FIELDNAMES, *IDENTITY_FIELDS, "priority"))
		if agents_only:
			frappe.throw(
				_("Only agents can change {0}.").format(
					", ".join(_(doc.meta.get_label(f)) for f in agents_only)
				),
				frappe.PermissionError,
				title=_("Not allowed"),
			)
	changed = list(dict.fromkeys(changed))
	if changed:
		frappe.throw(
			_(
				"These fields are recorded by the system from what happens on the ticket, and the agreement's "
				"figures are computed from them, so they cannot be set by hand: {0}."
			).format(", ".join(_(doc.meta.get_label(f)) for f in changed)),
			frappe.PermissionError,
			title=_("Not allowed"),
		)


def _first_response_is_helpdesks(doc) -> bool:
	"""Helpdesk stamps the first response, once, at the moment an agent replies, pauses or resolves."""
	before = doc.get_doc_before_save()
	if not changed_fields(doc, ("first_responded_on",)):
		return True
	if before.first_responded_on or not doc.first_responded_on:
		return False  # moved or erased: Helpdesk never does either
	if abs((get_datetime(doc.first_responded_on) - now_datetime()).total_seconds()) > NOW_TOLERANCE:
		return False  # Helpdesk stamps "now"
	return _helpdesk_responds(doc, before) or _agent_replied(doc.name)


def _helpdesk_responds(doc, before) -> bool:
	"""Helpdesk's rule (HDTicket.set_first_responded_on): pausing, or resolving an open ticket."""
	from after_sales.integrations.helpdesk import status_category

	new, old = status_category(doc.status), status_category(before.status)
	return doc.status != before.status and (new == "Paused" or (old == "Open" and new == "Resolved"))


def _agent_replied(ticket: str) -> bool:
	"""An agent's reply is a sent Communication on the ticket (not an automated message)."""
	return bool(
		frappe.db.exists(
			"Communication",
			{
				"reference_doctype": "HD Ticket",
				"reference_name": ticket,
				"sent_or_received": "Sent",
				"communication_type": ("!=", "Automated Message"),
			},
		)
	)


def _feedback_not_allowed(doc) -> list[str]:
	"""The rating is the customer's: given once, on a resolved or closed ticket, by its contact in the portal
	or through the e-mailed link (Helpdesk's HD Email Feedback, as Guest); never by an agent."""
	from after_sales.integrations.helpdesk import status_category

	changed = changed_fields(doc, FEEDBACK_FIELDS)
	if not changed:
		return []
	before = doc.get_doc_before_save()
	if frappe.session.user == "Guest" or (
		is_customer_side()
		and not before.feedback_rating
		and not before.feedback
		and status_category(doc.status) == "Resolved"
	):
		return []
	return changed


# ---------------------------------------------------------------- typed comparison


def _normalised(fieldtype: str, value):
	if value in (None, ""):
		return None
	if fieldtype == "Datetime":
		return get_datetime(value)
	if fieldtype == "Date":
		return getdate(value)
	if fieldtype == "Time":
		return str(value).split(".")[0].zfill(8)
	if fieldtype in ("Duration", "Float", "Int", "Check", "Rating", "Currency", "Percent"):
		return flt(value) or None
	return str(value)


def changed_fields(doc, fieldnames) -> list[str]:
	"""Which of `fieldnames` this save changes, values compared by type: a Desk form or REST client sends
	every value back as text, and "2026-03-06 23:00:00" is no change to a stored datetime."""
	before = doc.get_doc_before_save()
	if not before:
		return []
	changed = []
	for fieldname in fieldnames:
		field = doc.meta.get_field(fieldname)
		if field and _normalised(field.fieldtype, doc.get(fieldname)) != _normalised(
			field.fieldtype, before.get(fieldname)
		):
			changed.append(fieldname)
	return changed
