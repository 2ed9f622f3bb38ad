# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""doc_events on Helpdesk's HD Ticket, dispatched to one module per job. Frappe runs HD Ticket's own method
first, then these.

- before_insert: a new ticket starts from a clean record, filed as the contact itself (ticket_guards).
- before_validate: a contact's new ticket naming another contact, sender or customer, and a person's change
  to the record, are refused (ticket_guards), after Helpdesk's own refusals; then contract, entitlement,
  policy, urgency, channel, routing and the ticket's SLA (ticket_terms).
- before_save, after Helpdesk's apply_sla: the resolution gate, our deadlines replacing Helpdesk's, the
  stamps and the service step (ticket_clock).
- on_update: follow-ups on resolution (AGR-20), an upgrade ticket's release delivery (AGR-11).
- after_insert: the receipt confirmation and alerts, after commit (ticket_notices).
- on_change (after every save and db_set) and on_trash: the days whose compliance counts the change made
  stale (compliance_days). Only the app switched off as a whole (`frappe.flags.after_sales_disabled`,
  Helpdesk alone) skips them; the daily recount then counts what it missed.

Applying the terms runs inside ticket_safety's net: a failure never loses the ticket. Only the deliberate
refusals (guards, the resolution gate, an urgency change without a reason) stop a save.
"""

import frappe

from after_sales import compliance_days, follow_ups
from after_sales.overrides import ticket_clock, ticket_guards, ticket_notices, ticket_terms
from after_sales.overrides.ticket_notices import after_ticket_created  # jobs queued under the old path
from after_sales.overrides.ticket_safety import applying_terms, never_blocking, terms_applied


def _enabled(doc) -> bool:
	return not (frappe.flags.in_uninstall or doc.flags.after_sales_skip or frappe.flags.after_sales_disabled)


def before_insert(doc, method=None):
	if _enabled(doc):
		ticket_guards.on_insert(doc)


def before_validate(doc, method=None):
	if not _enabled(doc):
		return
	if doc.is_new():
		ticket_guards.refuse_filing_as_another(doc)
		ticket_terms.set_channel(doc)
	else:
		ticket_guards.on_update(doc)
		ticket_terms.check_urgency_change(doc)
	applying_terms(doc, ticket_terms.apply_on_validate)


def before_save(doc, method=None):
	if not _enabled(doc):
		return
	policy = ticket_terms.policy_of(doc)
	if policy:
		ticket_clock.gate_resolution(doc, policy)
	applying_terms(doc, ticket_clock.apply_on_save, policy)
	if doc.terms_error and doc.flags.after_sales_terms_applied and not doc.flags.after_sales_terms_failed:
		terms_applied(doc)


def on_update(doc, method=None):
	"""What the save recorded: an urgency change's comment; resolution schedules the follow-ups (AGR-20),
	reopening cancels the pending ones; an upgrade ticket's release delivery (AGR-11)."""
	if not _enabled(doc):
		return
	if doc.flags.after_sales_urgency_comment:
		comment, doc.flags.after_sales_urgency_comment = doc.flags.after_sales_urgency_comment, None
		doc.add_comment("Info", comment)
	if doc.update_release and doc.has_value_changed("update_release"):
		from after_sales.after_sales.doctype.update_release.update_release import link_ticket

		never_blocking(link_ticket, doc, writes=True)
	if not doc.sla_policy or not doc.has_value_changed("resolution_date"):
		return
	if doc.resolution_date:
		never_blocking(
			follow_ups.schedule, doc, frappe.get_cached_doc("SLA Policy", doc.sla_policy), writes=True
		)
	elif doc.get_doc_before_save():  # a new ticket has no follow-ups to cancel
		never_blocking(follow_ups.cancel_pending, doc, writes=True)


def after_insert(doc, method=None):
	"""Mail and alerts leave the save path: they run after the ticket is committed."""
	if _enabled(doc):
		never_blocking(ticket_notices.queue_after_commit, doc)


def _counting() -> bool:
	return not (frappe.flags.in_uninstall or frappe.flags.after_sales_disabled)


def on_change(doc, method=None):
	# Frappe's delete runs on_change after on_trash (`in_delete`): the day is recorded there already
	if _counting() and not doc.flags.in_delete:
		compliance_days.on_ticket_change(doc)


def on_trash(doc, method=None):
	if _counting():
		compliance_days.on_ticket_trash(doc)


def handler_names() -> tuple[str, ...]:
	"""The HD Ticket doc_events hooks.py sends here: every one of the app's handlers on the ticket."""
	from after_sales import hooks

	prefix = f"{__name__}."
	paths = hooks.doc_events["HD Ticket"].values()
	assert all(path.startswith(prefix) for path in paths), "every HD Ticket handler lives here"
	return tuple(path.removeprefix(prefix) for path in paths)
