# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The agreement's clock and process on an HD Ticket, after Helpdesk's own SLA has run (before_save):
deadlines on the policy's calendar (AGR-5, AGR-15, AGR-24), the met or breached stamps and working times,
the resolution gate (AGR-17, AGR-18) and the service step (AGR-14..19). Called by hd_ticket.py.
"""

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from after_sales import service_terms, watchdog
from after_sales.agreement.process import current_step
from after_sales.agreement.targets import ACKNOWLEDGE, RESPONSE, TARGETS, verdict
from after_sales.integrations import helpdesk
from after_sales.overrides.ticket_guards import is_person_agent
from after_sales.overrides.ticket_safety import never_blocking


def apply_on_save(doc, policy) -> None:
	if not doc.sla_policy:
		return
	if not policy:
		frappe.throw(_("SLA Policy {0} does not exist.").format(doc.sla_policy), frappe.DoesNotExistError)
	_set_deadlines(doc, policy)
	_stamp_events(doc, policy)
	_advance_step(doc)
	helpdesk.apply_agreement_status(doc)
	never_blocking(watchdog.set_next_check, doc, policy)


def _set_deadlines(doc, policy) -> None:
	"""Each target's deadline on the policy's calendar from the opening; resolution waits out the hold time."""
	start = doc.service_level_agreement_creation
	if not start or not doc.get(RESPONSE.within_field):
		return
	doc.terms_opened_on = start
	for target in TARGETS:
		allowed = float(doc.get(target.within_field) or 0)
		if target.paused_on_hold:
			allowed += float(doc.total_hold_time or 0)
		doc.set(target.due_field, service_terms.deadline(policy, start, allowed))


def _stamp_events(doc, policy) -> None:
	"""Each target reached gets its verdict and working time, once; the first agent action acknowledges."""
	if not doc.get(ACKNOWLEDGE.event_field) and (doc.get(RESPONSE.event_field) or is_person_agent()):
		doc.set(ACKNOWLEDGE.event_field, doc.get(RESPONSE.event_field) or now_datetime())
	for target in TARGETS:
		if target.paused_on_hold and not doc.get(target.event_field):
			# reopened (or never resolved): the clock runs again
			doc.set(target.status_field, None)
			doc.set(target.duration_field, None)
			continue
		_stamp_target(doc, policy, target)


def _stamp_target(doc, policy, target) -> None:
	event, due = doc.get(target.event_field), doc.get(target.due_field)
	if not event or not due or doc.get(target.status_field):
		return
	doc.set(target.status_field, verdict(get_datetime(event), get_datetime(due)))
	took = service_terms.working_seconds(policy, doc.service_level_agreement_creation, event)
	if target.paused_on_hold and took:
		took = max(float(took) - float(doc.total_hold_time or 0), 0)
	doc.set(target.duration_field, took)


def gate_resolution(doc, policy) -> None:
	"""Resolving needs a confirmed solution (AGR-17) and a verification note (AGR-18) where the policy says so."""
	if helpdesk.status_category(doc.status) != "Resolved" or not doc.has_value_changed("status"):
		return
	before = doc.get_doc_before_save()
	if before and helpdesk.status_category(before.status) == "Resolved":
		return
	if not is_person_agent():
		# the customer closing its own request confirms the solution
		if not doc.solution_confirmed_on:
			doc.solution_confirmed_on = now_datetime()
			doc.solution_confirmed_by = frappe.session.user
			doc.solution_confirmed_via = "Portal"
		return
	missing = []
	if policy.require_customer_confirmation and not doc.solution_confirmed_on:
		missing.append(_("the customer's confirmation of the solution (AGR-17)"))
	if policy.require_verification_note and not (doc.verification_note or "").strip():
		missing.append(_("a verification note (AGR-18)"))
	if missing:
		frappe.throw(
			_("Ticket {0} cannot be resolved yet. Missing: {1}.").format(doc.name, "; ".join(missing)),
			title=_("Not ready to resolve"),
		)


def _advance_step(doc) -> None:
	"""The step is the furthest stamped step of the agreement's process (AGR-14..19)."""
	resolved = bool(doc.resolution_date)
	if resolved and not doc.feedback_closed_on:
		doc.feedback_closed_on = doc.resolution_date
	elif not resolved:
		doc.feedback_closed_on = None
	doc.service_step = current_step(doc)
