# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Applying the agreement's terms to an HD Ticket: contract, entitlement, policy, urgency, channel, routing and
the Helpdesk SLA it runs under (AGR-2, AGR-3, AGR-4, AGR-6..13, AGR-12, AGR-21..23). Called by hd_ticket.py.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from after_sales import service_terms
from after_sales.after_sales.doctype.after_sales_settings.after_sales_settings import get_settings
from after_sales.after_sales.doctype.sla_policy.sla_policy import get_default_policy
from after_sales.agreement.targets import TARGETS
from after_sales.integrations import helpdesk
from after_sales.overrides.ticket_guards import is_customer_side, is_person_agent


def apply_on_validate(doc) -> None:
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


def apply_terms(doc, keep_urgency: bool = False) -> None:
	"""Stamp contract, entitlement and policy; classify; snapshot the targets the ticket opens under."""
	if doc.is_new() and not doc.customer:
		doc.customer = helpdesk.customer_from_contact(doc.contact)
	contract = _stamp_contract(doc)
	doc.service_contract = contract.name if contract else None
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
		elif is_person_agent():
			doc.urgency_reason = "agent"
			doc.urgency_set_by_agent = 1
		else:
			doc.urgency_reason = "sender"  # given by the system that filed it (an import, an integration)
	_snapshot_targets(doc, policy)
	if contract and contract.service_centre and not doc.agent_group:
		if helpdesk.team_is_active(contract.service_centre):
			doc.agent_group = contract.service_centre


def _stamp_contract(doc):
	"""The contract covering the opening day and the ticket's entitlement under it; returns the contract."""
	opened = doc.service_level_agreement_creation or doc.creation or now_datetime()
	contract, terms = service_terms.find_contract(doc.customer, opened)
	doc.service_entitlement = service_terms.ticket_entitlement(terms, opened, doc.ticket_type)
	return contract


def _restamp_entitlement(doc) -> None:
	"""An agent re-types the ticket: whether the contract covers it follows (AGR-6..13); the targets stay."""
	_stamp_contract(doc)


def _policy_without_contract() -> str | None:
	"""Tickets without a contract run under the default policy only where the site says so."""
	return get_default_policy() if get_settings().cover_tickets_without_contract else None


def _snapshot_targets(doc, policy) -> None:
	"""The targets the ticket opens under (a later policy edit applies only when the terms are re-applied)."""
	row = policy.get_target(doc.urgency)
	if not row:
		return
	doc.priority = row.priority
	for target in TARGETS:
		doc.set(target.within_field, row.get(target.within_field))


def reapply_terms(doc) -> None:
	"""An agent's explicit re-application of the current contract and policy to an open ticket."""
	doc.service_contract = None
	apply_terms(doc, keep_urgency=True)


def retry_terms(name: str) -> None:
	"""The watchdog's retry of a ticket whose terms failed: re-apply them as the system."""
	doc = frappe.get_doc("HD Ticket", name)
	doc.flags.after_sales_action = True
	doc.flags.after_sales_reapply = True
	doc.save(ignore_permissions=True)


def set_channel(doc) -> None:
	if doc.request_channel:
		return
	if doc.via_customer_portal or is_customer_side():
		doc.request_channel = "Portal"
	elif is_person_agent():
		doc.request_channel = get_settings().agent_ticket_channel or "Phone"
	else:
		doc.request_channel = "E-mail"


def check_urgency_change(doc) -> None:
	"""An agent may change the urgency, with a reason (AGR-21..23): refused otherwise."""
	before = doc.get_doc_before_save()
	if not doc.sla_policy or not before or doc.urgency == before.urgency:
		return
	if not doc.urgency:
		frappe.throw(_("A ticket's urgency cannot be empty."), title=_("Missing urgency"))
	if helpdesk.status_category(before.status) == "Resolved":
		# its targets are stamped met or missed: re-classifying it now would rewrite the record (AGR-19)
		frappe.throw(
			_("Ticket {0} is resolved: its urgency cannot change now.").format(doc.name),
			title=_("Ticket closed"),
		)
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
	if not doc.sla_policy or not before or (doc.urgency, doc.priority) == (before.urgency, before.priority):
		return
	if helpdesk.status_category(before.status) == "Resolved":
		return  # a resolved ticket's targets are final (AGR-19): a later priority change moves nothing
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
	"""Who changed the urgency and why; the comment is written once the ticket is saved (hd_ticket.on_update),
	so that applying the terms writes nothing to the database and a failure leaves nothing behind."""
	doc.urgency_set_by_agent = 1
	doc.urgency_reason = f"agent:{frappe.session.user}"
	doc.urgency_change_reason = None
	doc.flags.after_sales_urgency_comment = _("Urgency changed from {0} to {1} by {2}: {3}").format(
		_(old or "-"), _(doc.urgency), frappe.session.user, reason
	)


def _use_policy_sla(doc) -> None:
	"""The ticket runs under the HD Service Level Agreement that mirrors its policy."""
	if not doc.sla_policy:
		return
	name = helpdesk.hd_sla_name(doc.sla_policy)
	if frappe.get_cached_value(helpdesk.HD_SLA, name, "name"):
		doc.sla = name


def policy_of(doc):
	if not doc.sla_policy:
		return None
	try:
		return frappe.get_cached_doc("SLA Policy", doc.sla_policy)
	except frappe.DoesNotExistError:
		return None
