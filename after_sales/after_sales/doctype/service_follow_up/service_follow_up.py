# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from after_sales.integrations import helpdesk


class ServiceFollowup(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		completed_on: DF.Datetime | None
		contact_email: DF.Data | None
		customer: DF.Link | None
		due_on: DF.Date
		email_customer: DF.Check
		emailed_on: DF.Datetime | None
		engineer: DF.Link | None
		follow_up_key: DF.Data | None
		naming_series: DF.Literal["FU-.YYYY.-"]
		new_ticket: DF.Link | None
		outcome: DF.Literal["", "No recurrence", "Recurred", "No answer"]
		outcome_note: DF.SmallText | None
		recurrence_action: DF.Literal["", "Reopen ticket", "New ticket"]
		round_days: DF.Int
		status: DF.Literal["Open", "Done", "Cancelled"]
		subject: DF.Data | None
		ticket: DF.Link

	# end: auto-generated types
	def validate(self):
		self._validate_outcome()

	def on_update(self):
		if self.status == "Done" and self.outcome == "Recurred" and not self.flags.recurrence_handled:
			before = self.get_doc_before_save()
			if not before or before.status != "Done":
				self._handle_recurrence()

	def _validate_outcome(self):
		if self.status == "Done" and not self.outcome:
			frappe.throw(_("Record the outcome before closing the follow-up."), title=_("Missing outcome"))
		if self.outcome == "Recurred" and not self.recurrence_action:
			frappe.throw(
				_(
					"The problem came back: record whether the customer wants the ticket reopened or a new one."
				),
				title=_("Missing choice"),
			)
		if self.outcome and self.status == "Open":
			self.status = "Done"
		if self.status == "Done" and not self.completed_on:
			self.completed_on = now_datetime()

	def _handle_recurrence(self):
		"""The customer's choice: reopen the ticket, or a new ticket linked to it (AGR-20)."""
		self.flags.recurrence_handled = True
		ticket = frappe.get_doc("HD Ticket", self.ticket)
		if self.recurrence_action == "Reopen ticket":
			ticket.status = helpdesk.reopen_status(ticket)
			ticket.add_comment(
				"Info", _("Reopened by follow-up {0}: the problem came back.").format(self.name)
			)
			ticket.save(ignore_permissions=True)
		else:
			new = frappe.get_doc(
				{
					"doctype": "HD Ticket",
					"subject": _("Recurrence of #{0}: {1}").format(ticket.name, ticket.subject),
					"description": _(
						"<p>Follow-up {0} found that the problem of ticket #{1} came back.</p>{2}"
					).format(self.name, ticket.name, frappe.utils.escape_html(self.outcome_note or "")),
					"raised_by": ticket.raised_by,
					"contact": ticket.contact,
					"customer": ticket.customer,
					"ticket_type": ticket.ticket_type,
					"ticket_split_from": ticket.name,
				}
			).insert(ignore_permissions=True)
			self.db_set("new_ticket", new.name)
