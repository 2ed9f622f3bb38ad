# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""What the app tells people about a new HD Ticket, after it is committed: the receipt confirmation (AGR-15),
Helpdesk's own acknowledgement for tickets the agreement does not cover, the no-contract alert (AGR-3), and
the alert that a ticket's terms could not be applied.
"""

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from after_sales import notices, service_terms, watchdog
from after_sales.after_sales.doctype.after_sales_settings.after_sales_settings import get_settings
from after_sales.agreement.targets import ACKNOWLEDGE, verdict
from after_sales.integrations import helpdesk
from after_sales.overrides.ticket_guards import is_person_agent
from after_sales.permissions import users_with_role


def queue_after_commit(doc) -> None:
	if get_settings().send_acknowledgement or doc.service_entitlement == "No active contract":
		frappe.enqueue(
			"after_sales.overrides.ticket_notices.after_ticket_created",
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


def send_acknowledgement(doc) -> None:
	"""Confirm receipt with the ticket number, urgency and committed response time (AGR-15)."""
	from frappe.core.doctype.communication.email import _make
	from frappe.utils import validate_email_address

	recipient = validate_email_address(doc.raised_by or "")
	if not recipient or (recipient == frappe.session.user and is_person_agent()):
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
	_stamp_acknowledged(doc)


def _stamp_acknowledged(doc) -> None:
	"""The receipt confirmation acknowledges the ticket (AGR-15), unless an agent already did."""
	if doc.get(ACKNOWLEDGE.event_field):
		return
	now = now_datetime()
	due = doc.get(ACKNOWLEDGE.due_field)
	values = {ACKNOWLEDGE.event_field: now, "service_step": "Acknowledged"}
	if due:
		values[ACKNOWLEDGE.status_field] = verdict(now, get_datetime(due))
	if doc.sla_policy:
		policy = frappe.get_cached_doc("SLA Policy", doc.sla_policy)
		if due:
			values[ACKNOWLEDGE.duration_field] = service_terms.working_seconds(
				policy, doc.service_level_agreement_creation, now
			)
		doc.update(values)
		watchdog.set_next_check(doc, policy)
		values["next_check_at"] = doc.next_check_at
	doc.db_set(values, update_modified=False)


def alert_terms_not_applied(doc) -> None:
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
