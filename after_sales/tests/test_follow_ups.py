# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Resolved requests are followed up so the problem does not recur (AGR-20)."""

from datetime import datetime
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate

from after_sales.follow_ups import send_due
from after_sales.tests.utils import (
	as_background_job,
	make_contact,
	make_contract,
	make_customer,
	make_outgoing_email_account,
	make_product,
	make_ticket,
)

RESOLVED_AT = datetime(2026, 4, 1, 10, 0)


class TestFollowUps(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_outgoing_email_account()
		customer = make_customer("_Test Follow-up Customer")
		make_contact("followup@example.com", customer)
		make_contract(customer=customer, product=make_product("_Test Follow-up Product"), start="2026-01-01")

	def resolved_ticket(self):
		from after_sales.api import ticket as actions

		with self.freeze_time(datetime(2026, 4, 1, 9, 0)), as_background_job():
			ticket = make_ticket("Report totals look wrong", raised_by="followup@example.com")
		with self.freeze_time(RESOLVED_AT):
			actions.propose_solution(ticket.name, "Rebuild the index")
			actions.confirm_solution(ticket.name, "followup@example.com")
			actions.record_verification(ticket.name, "Totals match")
			doc = frappe.get_doc("HD Ticket", ticket.name)
			doc.status = "Resolved"
			doc.save()
		return doc

	def follow_ups(self, ticket):
		return frappe.get_all(
			"Service Follow-up",
			filters={"ticket": ticket},
			fields=["name", "round_days", "due_on", "status"],
			order_by="round_days asc",
		)

	def test_agr20_resolution_schedules_each_round_once(self):
		"""AGR-20: resolving schedules the policy's follow-ups (7 and 30 days); saving again adds none."""
		ticket = self.resolved_ticket()
		rows = self.follow_ups(ticket.name)
		self.assertEqual(
			[(r.round_days, getdate(r.due_on)) for r in rows],
			[(7, getdate("2026-04-08")), (30, getdate("2026-05-01"))],
		)
		ticket.reload()
		ticket.save()
		self.assertEqual(len(self.follow_ups(ticket.name)), 2)

	def test_agr20_reopened_ticket_gets_no_follow_up(self):
		ticket = self.resolved_ticket()
		ticket.reload()
		ticket.status = "Open"
		ticket.save()
		self.assertEqual({r.status for r in self.follow_ups(ticket.name)}, {"Cancelled"})

	def test_agr20_due_follow_up_asks_the_customer_once(self):
		ticket = self.resolved_ticket()
		with self.freeze_time(datetime(2026, 4, 8, 8, 0)):
			send_due()
			send_due()
		mails = frappe.get_all(
			"Email Queue", filters={"reference_doctype": "Service Follow-up"}, fields=["reference_name"]
		)
		first = self.follow_ups(ticket.name)[0].name
		self.assertEqual(sum(1 for m in mails if m.reference_name == first), 1)
		self.assertFalse(any(m.reference_name == self.follow_ups(ticket.name)[1].name for m in mails))

	def test_agr20_follow_ups_wait_for_a_site_that_can_send(self):
		"""Without an outgoing e-mail account nothing is lost: the follow-up waits, one log says why."""
		ticket = self.resolved_ticket()
		first = self.follow_ups(ticket.name)[0].name
		logs = frappe.db.count("Error Log", {"method": "Follow-ups waiting for e-mail"})
		with self.freeze_time(datetime(2026, 4, 8, 8, 0)):
			with patch("after_sales.mail.can_send", return_value=False):
				send_due()
			self.assertFalse(frappe.db.get_value("Service Follow-up", first, "emailed_on"))
			self.assertEqual(
				frappe.db.count("Error Log", {"method": "Follow-ups waiting for e-mail"}), logs + 1
			)
			send_due()  # the site can send again
		self.assertTrue(frappe.db.get_value("Service Follow-up", first, "emailed_on"))
		self.assertTrue(
			frappe.db.exists(
				"Email Queue", {"reference_doctype": "Service Follow-up", "reference_name": first}
			)
		)

	def test_agr20_recurrence_reopens_or_opens_a_linked_ticket(self):
		"""AGR-20: the problem came back: the customer's choice is recorded and acted on."""
		ticket = self.resolved_ticket()
		first, second = (frappe.get_doc("Service Follow-up", r.name) for r in self.follow_ups(ticket.name))
		first.outcome = "Recurred"
		self.assertRaisesRegex(frappe.ValidationError, "reopened or a new one", first.save)
		first.reload()
		first.outcome = "Recurred"
		first.recurrence_action = "New ticket"
		first.outcome_note = "Totals drift again after month end"
		first.save()
		self.assertEqual(first.status, "Done")
		new = frappe.get_doc("HD Ticket", first.new_ticket)
		self.assertEqual(new.ticket_split_from, ticket.name)
		self.assertIn(f"#{ticket.name}", new.subject)
		second.outcome = "Recurred"
		second.recurrence_action = "Reopen ticket"
		second.save()
		self.assertNotEqual(frappe.db.get_value("HD Ticket", ticket.name, "status"), "Resolved")

	def test_no_answer_closes_the_follow_up(self):
		ticket = self.resolved_ticket()
		follow_up = frappe.get_doc("Service Follow-up", self.follow_ups(ticket.name)[0].name)
		follow_up.outcome = "No answer"
		follow_up.save()
		self.assertEqual(follow_up.status, "Done")
		self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "status"), "Resolved")
