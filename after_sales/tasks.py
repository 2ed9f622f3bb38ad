# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Scheduled jobs. Each is idempotent and handles one record at a time."""

import frappe
from frappe import _
from frappe.utils import add_days, now_datetime, today

from after_sales import mail

OPEN_CONTRACT_STATUSES = ("Scheduled", "Active", "Expiring")


def refresh_contract_statuses():
	"""Keep submitted contracts' status true to their dates (AGR-2, AGR-3): Scheduled -> Active -> Expiring -> Expired."""
	on = today()
	for name in frappe.get_all(
		"Service Contract",
		filters={"docstatus": 1, "status": ("in", OPEN_CONTRACT_STATUSES)},
		pluck="name",
	):
		try:
			contract = frappe.get_doc("Service Contract", name)
			status = contract.compute_status(on=on)
			if status != contract.status:
				contract.db_set("status", status)
		except Exception:
			frappe.log_error(title=f"Service Contract {name}: status refresh failed")


def send_contract_notices():
	"""Tell the customer's contacts and the account owner, once each, N days before the free period ends
	and before the contract ends (AGR-2, AGR-3). N is After Sales Settings' notice days."""
	from after_sales.after_sales.doctype.service_contract.service_contract import notice_days

	if not mail.can_send():
		frappe.log_error(
			title=_("Contract notices waiting for e-mail"),
			message=_("The site has no outgoing e-mail account: contract notices go out once one is set up."),
		)
		return
	horizon = add_days(today(), notice_days())
	notices = (
		("free_service_end", "free_period_notice_sent_on", _free_period_message),
		("contract_end", "end_notice_sent_on", _end_message),
	)
	for date_field, stamp_field, message in notices:
		for name in frappe.get_all(
			"Service Contract",
			filters={
				"docstatus": 1,
				"status": ("in", OPEN_CONTRACT_STATUSES),
				date_field: ("between", (today(), horizon)),
				stamp_field: ("is", "not set"),
			},
			pluck="name",
		):
			try:
				_send_notice(frappe.get_doc("Service Contract", name), stamp_field, message)
			except Exception:
				frappe.log_error(title=f"Service Contract {name}: notice not sent")


def _send_notice(contract, stamp_field: str, message) -> None:
	if stamp_field == "end_notice_sent_on" and frappe.db.exists(
		"Service Contract", {"previous_contract": contract.name, "docstatus": 1}
	):
		return  # already renewed
	recipients = sorted({row.email_id for row in contract.contacts if row.email_id})
	owner_email = contract.account_owner and frappe.db.get_value("User", contract.account_owner, "email")
	if owner_email:
		recipients.append(owner_email)
	subject, body = message(contract)
	if recipients:
		frappe.sendmail(
			recipients=recipients,
			subject=subject,
			message=body,
			reference_doctype="Service Contract",
			reference_name=contract.name,
		)
	contract.db_set(stamp_field, now_datetime(), update_modified=False)
	contract.add_comment(
		"Info", _("{0} Sent to: {1}").format(subject, ", ".join(recipients) or _("nobody (no e-mail)"))
	)


def _free_period_message(contract) -> tuple[str, str]:
	end = frappe.format(contract.free_service_end, "Date")
	return (
		_("Free service for {0} ends on {1}").format(contract.product, end),
		_(
			"<p>The free after-sales service of contract {0} ({1}) ends on {2}. Service continues under the paid terms of the contract until {3}.</p>"
		).format(contract.name, contract.product, end, frappe.format(contract.contract_end, "Date")),
	)


def _end_message(contract) -> tuple[str, str]:
	end = frappe.format(contract.contract_end, "Date")
	return (
		_("Service contract {0} ends on {1}").format(contract.name, end),
		_("<p>Service contract {0} for {1} ends on {2}. Please contact us to renew it.</p>").format(
			contract.name, contract.product, end
		),
	)


MIN_RATINGS_FOR_ALERT = 5


def check_satisfaction():
	"""Warn After Sales Managers, once a day, when the rolling 30-day satisfaction is at or under 90% (AGR-27)."""
	from after_sales.after_sales.report.service_volume_and_satisfaction.service_volume_and_satisfaction import (
		rolling_satisfaction,
	)
	from after_sales.agreement.metrics import SATISFACTION_TARGET_PERCENT

	satisfaction, rated = rolling_satisfaction(30)
	if satisfaction is None or rated < MIN_RATINGS_FOR_ALERT or satisfaction > SATISFACTION_TARGET_PERCENT:
		return
	subject = _(
		"Customer satisfaction over the last 30 days is {0}% ({1} ratings), under the agreement's 90%"
	).format(satisfaction, rated)
	managers = frappe.get_all(
		"Has Role",
		filters={
			"role": "After Sales Manager",
			"parenttype": "User",
			"parent": ("not in", ("Administrator", "Guest")),
		},
		pluck="parent",
		distinct=True,
	)
	for user in managers:
		already = frappe.db.exists(
			"Notification Log",
			{
				"for_user": user,
				"subject": ("like", "Customer satisfaction over the last 30 days%"),
				"creation": (">=", today()),
			},
		)
		if already:
			continue
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": "Report",
				"document_name": "Service Volume and Satisfaction",
				"subject": subject,
			}
		).insert(ignore_permissions=True)
