# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""No ticket is ever lost to the app (issue 11).

Applying the agreement's terms (`applying_terms`) reads the database and changes only the ticket in memory
(what it records, such as an urgency change's comment, is written after the save): if it fails for any
reason, what the step changed on the ticket is put back, the ticket is saved under Helpdesk's own rules and
SLA, flagged with the reason (`terms_error`), logged and the After Sales Managers told once, and retried by
the watchdog with a back-off. Bookkeeping (follow-ups, the watchdog's next check, queueing mail) never
blocks a save (`never_blocking`); what writes does so under a savepoint of its own.
"""

import frappe
from frappe import _
from frappe.utils import add_to_date, get_datetime, now_datetime

from after_sales.integrations import helpdesk
from after_sales.overrides import ticket_notices
from after_sales.ticket_fields import TICKET_FIELDNAMES

# What applying the terms may change on the ticket besides the app's own fields: restored on a failure
HELPDESK_FIELDS_WE_SET = (
	"sla",
	"priority",
	"agent_group",
	"response_by",
	"resolution_by",
	"agreement_status",
)
# The watchdog retries failed terms after this long, doubling up to a day
RETRY_AFTER_MINUTES, RETRY_AT_MOST_MINUTES = 5, 24 * 60


def applying_terms(doc, step, *args) -> None:
	"""Run one step of applying the terms; on any failure fall back to Helpdesk's own rules."""
	if doc.flags.after_sales_terms_failed:
		return
	before = {f: doc.get(f) for f in (*TICKET_FIELDNAMES, *HELPDESK_FIELDS_WE_SET)}
	messages = len(frappe.local.message_log or [])
	try:
		step(doc, *args)
	except Exception as error:
		if frappe.local.message_log:
			del frappe.local.message_log[messages:]  # the save goes through: no error dialog
		doc.update(before)
		doc.flags.after_sales_urgency_comment = None
		terms_failed(doc, error)


def terms_failed(doc, error: Exception) -> None:
	"""The ticket keeps Helpdesk's rules, says why, and is retried by the watchdog; told once."""
	doc.flags.after_sales_terms_failed = True
	# told once per ticket: the stored flag decides (one mail can save the same ticket through two objects)
	first = not doc.terms_error and (
		doc.is_new() or not frappe.db.get_value("HD Ticket", doc.name, "terms_error")
	)
	reason = _("The agreement's terms could not be applied: {0}").format(
		frappe.utils.strip_html(str(error)) or type(error).__name__
	)
	doc.terms_error = reason[:1000]
	doc.terms_failed_on = doc.terms_failed_on or now_datetime()
	had_policy, doc.sla_policy = doc.sla_policy, None
	if had_policy:
		doc.sla = helpdesk.helpdesk_sla_for(doc) or doc.sla
	doc.next_check_at = _retry_at(doc)
	if first:
		frappe.log_error(title=f"After Sales: terms not applied to HD Ticket {doc.name}")
		never_blocking(ticket_notices.alert_terms_not_applied, doc, writes=True)


def _retry_at(doc):
	"""Back-off: 5 minutes after the first failure, then half the time since it, at most a day."""
	waited = (now_datetime() - get_datetime(doc.terms_failed_on)).total_seconds() / 60
	minutes = min(max(RETRY_AFTER_MINUTES, waited / 2), RETRY_AT_MOST_MINUTES)
	return add_to_date(now_datetime(), minutes=minutes)


def terms_applied(doc) -> None:
	doc.terms_error = None
	doc.terms_failed_on = None


def never_blocking(fn, doc, *args, writes: bool = False) -> None:
	"""Bookkeeping must never block a ticket save: a failure is logged. What `writes` runs under a savepoint,
	so that a failure takes its half-done writes back (a read needs none: two statements saved per save)."""
	savepoint = "after_sales_bookkeeping"
	if writes:
		frappe.db.savepoint(savepoint)
	try:
		fn(doc, *args)
	except Exception:
		if writes:
			frappe.db.rollback(save_point=savepoint)
		frappe.log_error(title=f"After Sales: {fn.__name__} failed for HD Ticket {doc.name}")
	else:
		if writes:
			frappe.db.release_savepoint(savepoint)
