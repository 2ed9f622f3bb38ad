# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Follow-ups of resolved requests so the problem does not recur (AGR-20)."""

from functools import partial

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from after_sales import jobs, mail, notices


def schedule(ticket, policy) -> None:
	"""On resolution: one follow-up per policy rule (e.g. 7 and 30 days), never two for a ticket and round."""
	resolved = getdate(ticket.resolution_date)
	engineer = next(iter(frappe.parse_json(ticket._assign or "[]") or []), None)
	for rule in policy.follow_up_rules:
		key = f"{ticket.name}|{rule.days_after_resolution}"
		due = add_days(resolved, rule.days_after_resolution)
		existing = frappe.db.get_value(
			"Service Follow-up", {"follow_up_key": key}, ["name", "status"], as_dict=True
		)
		if existing:
			if existing.status == "Cancelled":
				# resolved again after a reopening: the round starts over from the new resolution
				frappe.db.set_value("Service Follow-up", existing.name, {"status": "Open", "due_on": due})
			continue
		frappe.get_doc(
			{
				"doctype": "Service Follow-up",
				"ticket": ticket.name,
				"customer": ticket.customer,
				"subject": ticket.subject,
				"contact_email": ticket.raised_by,
				"engineer": engineer,
				"round_days": rule.days_after_resolution,
				"due_on": due,
				"email_customer": rule.email_customer,
				"follow_up_key": key,
			}
		).insert(ignore_permissions=True)


def cancel_pending(ticket) -> None:
	"""A ticket reopened before its follow-ups are due needs none of them (for now)."""
	for name in frappe.get_all(
		"Service Follow-up", filters={"ticket": ticket.name, "status": "Open"}, pluck="name"
	):
		frappe.db.set_value("Service Follow-up", name, "status", "Cancelled")


def send_due() -> None:
	"""Daily: ask each customer whose follow-up is due whether the problem came back; tell the engineer."""
	can_mail = mail.can_send()
	waiting = 0
	for follow_up in frappe.get_all(
		"Service Follow-up",
		filters={"status": "Open", "due_on": ("<=", today()), "emailed_on": ("is", "not set")},
		fields=["name", "email_customer", "contact_email"],
	):
		if not can_mail and follow_up.email_customer and follow_up.contact_email:
			waiting += 1  # kept for the day the site can send: nothing is lost
			continue
		jobs.per_record(
			partial(_send, follow_up.name),
			title=f"Service Follow-up {follow_up.name}: not sent",
			reference=("Service Follow-up", follow_up.name),
		)
	if waiting:
		frappe.log_error(
			title=_("Follow-ups waiting for e-mail"),
			message=_(
				"{0} follow-ups are due, but the site has no outgoing e-mail account. They go out once one is set up."
			).format(waiting),
		)


def _send(name: str) -> None:
	"""Ask the customer and tell the engineer, once: `emailed_on` is claimed first (a run at the same time
	finds it taken and sends nothing); a failure after the mail is queued rolls back mail and stamp."""
	if not jobs.claim("Service Follow-up", name, "emailed_on", status="Open"):
		return  # another run handled it, or it was closed meanwhile
	follow_up = frappe.get_doc("Service Follow-up", name)
	if follow_up.email_customer and follow_up.contact_email:
		frappe.sendmail(
			recipients=[follow_up.contact_email],
			subject=_("Ticket #{0}: has the problem come back?").format(follow_up.ticket),
			message=_(
				"<p>{0} days ago we resolved your request #{1}: {2}.</p><p>Has the problem come back? Reply to this e-mail and your engineer will follow up.</p>"
			).format(
				follow_up.round_days, follow_up.ticket, frappe.utils.escape_html(follow_up.subject or "")
			),
			reference_doctype="Service Follow-up",
			reference_name=follow_up.name,
		)
	if follow_up.engineer:
		_tell_engineer(follow_up)


def _tell_engineer(follow_up) -> None:
	notices.alert(
		[follow_up.engineer],
		"Service Follow-up",
		follow_up.name,
		_("Follow-up {0} of ticket #{1} is due").format(follow_up.name, follow_up.ticket),
	)
