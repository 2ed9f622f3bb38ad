# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""doc_events on Helpdesk's HD Ticket. Frappe runs HD Ticket's own method first, then these.

before_insert: a new ticket starts from a clean record, filed as the contact itself (ticket_guards).
before_validate: a person's change to the record is refused (ticket_guards); then contract, entitlement,
policy, urgency, channel, routing, and the ticket's SLA.
before_save (after Helpdesk's apply_sla): our deadlines replace Helpdesk's, events are stamped,
the service step advances, and resolving is gated by the policy (AGR-17, AGR-18).
after_insert: the receipt confirmation (AGR-15) and the no-contract alert (AGR-3).

No ticket is ever lost to the app (issue 11): applying the agreement's terms runs under a savepoint; if it
fails for any reason, the ticket is saved under Helpdesk's own rules, flagged with the reason
(`terms_error`), logged and the After Sales Managers told once, and the watchdog retries it. Only the
deliberate refusals (guards, the resolution gate, an urgency change without a reason) stop a save.
"""

import frappe
from frappe import _
from frappe.utils import add_to_date, get_datetime, now_datetime

from after_sales import follow_ups, notices, service_terms, watchdog
from after_sales.after_sales.doctype.after_sales_settings.after_sales_settings import get_settings
from after_sales.after_sales.doctype.sla_policy.sla_policy import get_default_policy
from after_sales.integrations import helpdesk
from after_sales.overrides import ticket_guards
from after_sales.overrides.ticket_guards import is_person_agent as _is_person_agent
from after_sales.permissions import users_with_role
from after_sales.ticket_fields import SERVICE_STEPS, TICKET_FIELDNAMES

# What applying the terms may change on the ticket besides the app's own fields: restored on a failure
HELPDESK_FIELDS_WE_SET = (
	"sla",
	"priority",
	"agent_group",
	"response_by",
	"resolution_by",
	"agreement_status",
)
TERMS_SAVEPOINT = "after_sales_terms"
# The watchdog retries failed terms after this long, doubling up to a day
RETRY_AFTER_MINUTES, RETRY_AT_MOST_MINUTES = 5, 24 * 60


def _enabled(doc) -> bool:
	return not (frappe.flags.in_uninstall or doc.flags.after_sales_skip or frappe.flags.after_sales_disabled)


def before_insert(doc, method=None):
	if _enabled(doc):
		ticket_guards.on_insert(doc)


def before_validate(doc, method=None):
	if not _enabled(doc):
		return
	if doc.is_new():
		_set_channel(doc)
	else:
		ticket_guards.on_update(doc)
		_check_urgency_change(doc)
	_applying_terms(doc, _apply_on_validate)


def _apply_on_validate(doc) -> None:
	if doc.is_new():
		apply_terms(doc)
	elif doc.flags.after_sales_reapply or doc.terms_error:
		reapply_terms(doc)  # asked for, or the terms failed on an earlier save: try them again
	else:
		if not doc.service_contract and doc.has_value_changed("customer") and doc.customer:
			apply_terms(doc, keep_urgency=True)
		elif doc.service_contract and doc.has_value_changed("ticket_type"):
			_restamp_entitlement(doc)
		_follow_urgency_changes(doc)
	_use_policy_sla(doc)


def before_save(doc, method=None):
	if not _enabled(doc):
		return
	policy = _policy_of(doc)
	if policy:
		_gate_resolution(doc, policy)
	_applying_terms(doc, _apply_on_save, policy)
	if doc.terms_error and doc.flags.after_sales_terms_applied and not doc.flags.after_sales_terms_failed:
		_terms_applied(doc)


def _policy_of(doc):
	if not doc.sla_policy:
		return None
	try:
		return frappe.get_cached_doc("SLA Policy", doc.sla_policy)
	except frappe.DoesNotExistError:
		return None


def _apply_on_save(doc, policy) -> None:
	if not doc.sla_policy:
		return
	if not policy:
		frappe.throw(_("SLA Policy {0} does not exist.").format(doc.sla_policy), frappe.DoesNotExistError)
	_set_deadlines(doc, policy)
	_stamp_events(doc, policy)
	_advance_step(doc)
	helpdesk.apply_agreement_status(doc)
	_never_blocking(watchdog.set_next_check, doc, policy)


# ---------------------------------------------------------------- the safety net (no lost ticket)


def _applying_terms(doc, step, *args) -> None:
	"""Run one step of applying the terms; on any failure fall back to Helpdesk's own rules."""
	if doc.flags.after_sales_terms_failed:
		return
	before = {f: doc.get(f) for f in (*TICKET_FIELDNAMES, *HELPDESK_FIELDS_WE_SET)}
	messages = len(frappe.local.message_log or [])
	frappe.db.savepoint(TERMS_SAVEPOINT)
	try:
		step(doc, *args)
	except Exception as error:
		frappe.db.rollback(save_point=TERMS_SAVEPOINT)
		if frappe.local.message_log:
			del frappe.local.message_log[messages:]  # the save goes through: no error dialog
		doc.update(before)
		_terms_failed(doc, error)
	else:
		frappe.db.release_savepoint(TERMS_SAVEPOINT)


def _terms_failed(doc, error: Exception) -> None:
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
		_never_blocking(_alert_terms_not_applied, doc)


def _retry_at(doc):
	"""Back-off: 5 minutes after the first failure, then half the time since it, at most a day."""
	waited = (now_datetime() - get_datetime(doc.terms_failed_on)).total_seconds() / 60
	minutes = min(max(RETRY_AFTER_MINUTES, waited / 2), RETRY_AT_MOST_MINUTES)
	return add_to_date(now_datetime(), minutes=minutes)


def _terms_applied(doc) -> None:
	doc.terms_error = None
	doc.terms_failed_on = None


def retry_terms(name: str) -> None:
	"""The watchdog's retry of a ticket whose terms failed: re-apply them as the system."""
	doc = frappe.get_doc("HD Ticket", name)
	doc.flags.after_sales_action = True
	doc.flags.after_sales_reapply = True
	doc.save(ignore_permissions=True)


def on_update(doc, method=None):
	"""Resolution schedules the follow-ups (AGR-20); reopening cancels the pending ones."""
	if not _enabled(doc):
		return
	if doc.update_release and doc.has_value_changed("update_release"):
		from after_sales.after_sales.doctype.update_release.update_release import link_ticket

		_never_blocking(link_ticket, doc)
	if not doc.sla_policy or not doc.has_value_changed("resolution_date"):
		return
	if doc.resolution_date:
		_never_blocking(follow_ups.schedule, doc, frappe.get_cached_doc("SLA Policy", doc.sla_policy))
	else:
		_never_blocking(follow_ups.cancel_pending, doc)


def _never_blocking(fn, doc, *args) -> None:
	"""Bookkeeping must never block a ticket save: failures are logged (under a savepoint of their own)."""
	savepoint = "after_sales_bookkeeping"
	frappe.db.savepoint(savepoint)
	try:
		fn(doc, *args)
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		frappe.log_error(title=f"After Sales: {fn.__name__} failed for HD Ticket {doc.name}")
	else:
		frappe.db.release_savepoint(savepoint)


def after_insert(doc, method=None):
	"""Mail and alerts leave the save path: they run after the ticket is committed."""
	if not _enabled(doc):
		return
	_never_blocking(_queue_after_commit, doc)


def _queue_after_commit(doc) -> None:
	if get_settings().send_acknowledgement or doc.service_entitlement == "No active contract":
		frappe.enqueue(
			"after_sales.overrides.hd_ticket.after_ticket_created",
			ticket=doc.name,
			queue="short",
			enqueue_after_commit=True,
			now=frappe.flags.in_test,
		)


def after_ticket_created(ticket: str) -> None:
	doc = frappe.get_doc("HD Ticket", ticket)
	if get_settings().send_acknowledgement:
		if doc.sla_policy:
			send_acknowledgement(doc)
		else:
			helpdesk.send_helpdesks_acknowledgement(doc)
	if doc.service_entitlement == "No active contract":
		_alert_no_contract(doc)


# ---------------------------------------------------------------- terms


def apply_terms(doc, keep_urgency: bool = False) -> None:
	"""Stamp contract, entitlement and policy; classify; snapshot the targets the ticket opens under."""
	opened = doc.service_level_agreement_creation or doc.creation or now_datetime()
	contract, terms = service_terms.find_contract(doc.customer, opened)
	doc.service_contract = contract.name if contract else None
	doc.service_entitlement = service_terms.ticket_entitlement(terms, opened, doc.ticket_type)
	policy_name = contract.sla_policy if contract else _policy_without_contract()
	doc.flags.after_sales_terms_applied = True
	if not policy_name:
		# AGR-3: flagged and reported, but Helpdesk's own SLA and resolve flow decide
		doc.sla_policy = None
		return
	doc.sla_policy = policy_name
	policy = frappe.get_cached_doc("SLA Policy", policy_name)
	if not (keep_urgency and doc.urgency):
		if not doc.urgency:
			result = service_terms.classify_ticket(doc, policy)
			doc.urgency = result.urgency.value
			doc.urgency_reason = result.reason
		elif _is_person_agent():
			doc.urgency_reason = "agent"
			doc.urgency_set_by_agent = 1
		else:
			doc.urgency_reason = "sender"  # given by the system that filed it (an import, an integration)
	_snapshot_targets(doc, policy)
	if contract and contract.service_centre and not doc.agent_group:
		doc.agent_group = contract.service_centre


def _restamp_entitlement(doc) -> None:
	"""An agent re-types the ticket: whether the contract covers it follows (AGR-6..13); the targets stay."""
	opened = doc.service_level_agreement_creation or doc.creation
	_contract, terms = service_terms.find_contract(doc.customer, opened)
	doc.service_entitlement = service_terms.ticket_entitlement(terms, opened, doc.ticket_type)


def _policy_without_contract() -> str | None:
	"""Tickets without a contract run under the default policy only where the site says so."""
	return get_default_policy() if get_settings().cover_tickets_without_contract else None


def _snapshot_targets(doc, policy) -> None:
	target = policy.get_target(doc.urgency)
	if not target:
		return
	doc.priority = target.priority
	doc.acknowledge_within = target.acknowledge_within
	doc.respond_within = target.respond_within
	doc.resolve_within = target.resolve_within


def reapply_terms(doc) -> None:
	"""An agent's explicit re-application of the current contract and policy to an open ticket."""
	doc.service_contract = None
	apply_terms(doc, keep_urgency=True)


def _set_channel(doc) -> None:
	if doc.request_channel:
		return
	if doc.via_customer_portal or ticket_guards.is_customer_side():
		doc.request_channel = "Portal"
	elif _is_person_agent():
		doc.request_channel = get_settings().agent_ticket_channel or "Phone"
	else:
		doc.request_channel = "E-mail"


def _check_urgency_change(doc) -> None:
	"""An agent may change the urgency, with a reason (AGR-21..23): refused otherwise."""
	before = doc.get_doc_before_save()
	if not doc.sla_policy or not before or doc.urgency == before.urgency:
		return
	if not doc.urgency:
		frappe.throw(_("A ticket's urgency cannot be empty."), title=_("Missing urgency"))
	if not (doc.urgency_change_reason or "").strip():
		frappe.throw(
			_("Give a reason for changing the urgency from {0} to {1}.").format(
				_(before.urgency or "-"), _(doc.urgency)
			),
			title=_("Reason required"),
		)


def _follow_urgency_changes(doc) -> None:
	"""The urgency (with its reason) or the priority changed: the targets follow (AGR-21..23)."""
	before = doc.get_doc_before_save()
	if not doc.sla_policy or not before:
		return
	policy = frappe.get_cached_doc("SLA Policy", doc.sla_policy)
	if doc.urgency != before.urgency:
		_record_urgency_change(doc, before.urgency, doc.urgency_change_reason.strip())
		_snapshot_targets(doc, policy)
	elif doc.priority != before.priority and not doc.flags.after_sales_escalation:
		mapped = next((t.urgency for t in policy.targets if t.priority == doc.priority), None)
		if mapped and mapped != doc.urgency:
			reason = _("priority changed to {0}").format(doc.priority)
			old = doc.urgency
			doc.urgency = mapped
			_record_urgency_change(doc, old, reason)
			_snapshot_targets(doc, policy)


def _record_urgency_change(doc, old: str | None, reason: str) -> None:
	doc.urgency_set_by_agent = 1
	doc.urgency_reason = f"agent:{frappe.session.user}"
	doc.urgency_change_reason = None
	doc.add_comment(
		"Info",
		_("Urgency changed from {0} to {1} by {2}: {3}").format(
			_(old or "-"), _(doc.urgency), frappe.session.user, reason
		),
	)


def _use_policy_sla(doc) -> None:
	"""The ticket runs under the HD Service Level Agreement that mirrors its policy."""
	if not doc.sla_policy:
		return
	name = helpdesk.hd_sla_name(doc.sla_policy)
	if frappe.get_cached_value(helpdesk.HD_SLA, name, "name"):
		doc.sla = name


# ---------------------------------------------------------------- deadlines and stamps


def _set_deadlines(doc, policy) -> None:
	start = doc.service_level_agreement_creation
	if not start or not doc.respond_within:
		return
	doc.terms_opened_on = start
	doc.acknowledge_by = service_terms.deadline(policy, start, doc.acknowledge_within)
	doc.response_by = service_terms.deadline(policy, start, doc.respond_within)
	hold = float(doc.total_hold_time or 0)
	doc.resolution_by = service_terms.deadline(policy, start, float(doc.resolve_within) + hold)


def _stamp_events(doc, policy) -> None:
	start = doc.service_level_agreement_creation
	if not doc.acknowledged_on and (doc.first_responded_on or _is_person_agent()):
		doc.acknowledged_on = doc.first_responded_on or now_datetime()
	_stamp_target(
		doc, policy, start, "acknowledged_on", "acknowledge_by", "acknowledge_status", "acknowledge_duration"
	)
	_stamp_target(
		doc, policy, start, "first_responded_on", "response_by", "response_status", "response_duration"
	)
	if doc.resolution_date:
		_stamp_target(
			doc, policy, start, "resolution_date", "resolution_by", "resolution_status", "resolution_duration"
		)
		if doc.resolution_duration:
			doc.resolution_duration = max(float(doc.resolution_duration) - float(doc.total_hold_time or 0), 0)
	else:
		# reopened (or never resolved): the resolution clock runs again
		doc.resolution_status = None
		doc.resolution_duration = None


def _stamp_target(doc, policy, start, event_field, due_field, status_field, duration_field) -> None:
	event, due = doc.get(event_field), doc.get(due_field)
	if not event or not due or doc.get(status_field):
		return
	doc.set(status_field, "Met" if get_datetime(event) <= get_datetime(due) else "Breached")
	doc.set(duration_field, service_terms.working_seconds(policy, start, event))


def _gate_resolution(doc, policy) -> None:
	"""Resolving needs a confirmed solution (AGR-17) and a verification note (AGR-18) where the policy says so."""
	if helpdesk.status_category(doc.status) != "Resolved" or not doc.has_value_changed("status"):
		return
	before = doc.get_doc_before_save()
	if before and helpdesk.status_category(before.status) == "Resolved":
		return
	if not _is_person_agent():
		# the customer closing its own request confirms the solution
		if not doc.solution_confirmed_on:
			doc.solution_confirmed_on = now_datetime()
			doc.solution_confirmed_by = frappe.session.user
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


STEP_STAMPS = (
	("Closed with feedback", "feedback_closed_on"),
	("Executed and verified", "verified_on"),
	("Solution confirmed", "solution_confirmed_on"),
	("Solution proposed", "solution_proposed_on"),
	("Diagnosed", "diagnosed_on"),
	("Acknowledged", "acknowledged_on"),
)


def _advance_step(doc) -> None:
	"""The step is the furthest stamped step of the agreement's process (AGR-14..19)."""
	resolved = bool(doc.resolution_date)
	if resolved and not doc.feedback_closed_on:
		doc.feedback_closed_on = doc.resolution_date
	elif not resolved:
		doc.feedback_closed_on = None
	doc.service_step = next((step for step, field in STEP_STAMPS if doc.get(field)), SERVICE_STEPS[0])


# ---------------------------------------------------------------- after insert


def send_acknowledgement(doc) -> None:
	"""Confirm receipt with the ticket number, urgency and committed response time (AGR-15)."""
	from frappe.core.doctype.communication.email import _make
	from frappe.utils import validate_email_address

	recipient = validate_email_address(doc.raised_by or "")
	if not recipient or (recipient == frappe.session.user and _is_person_agent()):
		return
	respond = frappe.format(doc.response_by, "Datetime") if doc.response_by else _("as soon as possible")
	subject = _("Ticket #{0}: we have received your request").format(doc.name)
	content = _(
		"<p>We have received your request <b>#{0}</b>: {1}.</p>"
		"<p>Urgency: <b>{2}</b>. We will respond by <b>{3}</b>.</p>"
		"<p>You can follow it in the support portal or by replying to this e-mail.</p>"
	).format(doc.name, frappe.utils.escape_html(doc.subject or ""), _(doc.urgency or ""), respond)
	try:
		_make(
			doctype="HD Ticket",
			name=doc.name,
			subject=subject,
			content=content,
			recipients=recipient,
			send_email=True,
			communication_type="Automated Message",
		)
	except Exception:
		frappe.log_error(title=f"HD Ticket {doc.name}: receipt confirmation not sent")
		return
	if doc.acknowledged_on:
		return
	now = now_datetime()
	values = {"acknowledged_on": now, "service_step": "Acknowledged"}
	if doc.acknowledge_by:
		values["acknowledge_status"] = "Met" if now <= get_datetime(doc.acknowledge_by) else "Breached"
	if doc.sla_policy:
		policy = frappe.get_cached_doc("SLA Policy", doc.sla_policy)
		if doc.acknowledge_by:
			values["acknowledge_duration"] = service_terms.working_seconds(
				policy, doc.service_level_agreement_creation, now
			)
		doc.update(values)
		watchdog.set_next_check(doc, policy)
		values["next_check_at"] = doc.next_check_at
	doc.db_set(values, update_modified=False)


def _alert_terms_not_applied(doc) -> None:
	"""Once per ticket: the After Sales Managers learn that a ticket runs without the agreement's terms."""
	notices.alert(
		users_with_role("After Sales Manager"),
		"HD Ticket",
		doc.name,
		_("Ticket #{0}: the agreement's terms could not be applied").format(doc.name),
		frappe.utils.escape_html(doc.terms_error or ""),
	)


def _alert_no_contract(doc) -> None:
	"""A request with no active contract is accepted, and sales is told (AGR-3)."""
	recipients = set()
	if doc.customer:
		owner = frappe.db.get_value(
			"Service Contract",
			{"customer": doc.customer, "docstatus": 1},
			"account_owner",
			order_by="contract_end desc",
		)
		if owner:
			recipients.add(owner)
	notices.alert(
		sorted(recipients) or users_with_role("After Sales Manager"),
		"HD Ticket",
		doc.name,
		_("Ticket #{0} from {1} has no active service contract").format(
			doc.name, doc.customer or doc.raised_by or _("an unknown sender")
		),
	)
