# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Scheduled jobs. Each is idempotent and handles one record at a time, each record all or nothing
(`after_sales.jobs`): a notice's mail, stamp and comment go together, and two runs at once send it once."""

from functools import partial

import frappe
from frappe import _
from frappe.utils import add_days, today

from after_sales import jobs, mail, notices
from after_sales.permissions import users_with_role

OPEN_CONTRACT_STATUSES = ("Scheduled", "Active", "Expiring")


def refresh_contract_statuses():
	"""Keep submitted contracts' status true to their dates (AGR-2, AGR-3): Scheduled -> Active -> Expiring -> Expired."""
	on = today()
	for name in frappe.get_all(
		"Service Contract",
		filters={"docstatus": 1, "status": ("in", OPEN_CONTRACT_STATUSES)},
		pluck="name",
	):
		jobs.per_record(
			partial(_refresh_status, name, on),
			title=f"Service Contract {name}: status refresh failed",
			reference=("Service Contract", name),
		)


def _refresh_status(name: str, on) -> None:
	contract = frappe.get_doc("Service Contract", name)
	status = contract.compute_status(on=on)
	if status != contract.status:
		contract.db_set("status", status)


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
			jobs.per_record(
				partial(_send_notice, name, stamp_field, message),
				title=f"Service Contract {name}: notice not sent",
				reference=("Service Contract", name),
			)


def _send_notice(name: str, stamp_field: str, message) -> None:
	"""One notice, once: the stamp is claimed first (a run at the same time finds it taken and sends
	nothing), then the mail and the comment; a failure in any of them rolls back all three."""
	if stamp_field == "end_notice_sent_on" and frappe.db.exists(
		"Service Contract", {"previous_contract": name, "docstatus": 1}
	):
		return  # already renewed
	if not jobs.claim("Service Contract", name, stamp_field):
		return  # another run sent it
	contract = frappe.get_doc("Service Contract", name)
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
	managers = users_with_role("After Sales Manager")
	for user in managers:
		jobs.per_record(
			partial(_alert_manager, user, subject),
			title=f"Satisfaction alert for {user} not sent",
		)


SATISFACTION_REPORT = "Service Volume and Satisfaction"


def _alert_manager(user: str, subject: str) -> None:
	"""One alert a day per manager. The report's row is locked first so that a run at the same time
	waits, then finds today's alert (matched by what it points at, not by its translated subject)."""
	jobs.lock("Report", SATISFACTION_REPORT)
	already = frappe.db.exists(
		"Notification Log",
		{
			"for_user": user,
			"type": "Alert",
			"document_type": "Report",
			"document_name": SATISFACTION_REPORT,
			"creation": (">=", today()),
		},
	)
	if already:
		return
	notices.alert([user], "Report", SATISFACTION_REPORT, subject)
