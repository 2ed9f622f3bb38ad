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
			actions.record_diagnosis(ticket.name, "Remote")  # AGR-16 before AGR-17
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


class DueFollowUps:
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_outgoing_email_account()

	def follow_up(self, **kwargs) -> str:
		"""A due follow-up of a ticket that need not exist: only the job's own work is under test."""
		suffix = frappe.generate_hash(length=6)
		doc = frappe.get_doc(
			{
				"doctype": "Service Follow-up",
				"ticket": "0",
				"subject": "Totals drift",
				"contact_email": f"followup.{suffix}@example.com",
				"round_days": 7,
				"due_on": getdate(),
				"email_customer": 1,
				"follow_up_key": f"_Test half state {suffix}",
				**kwargs,
			}
		)
		doc.flags.ignore_links = True
		doc.insert(ignore_permissions=True)
		return doc.name

	def mails(self, name: str) -> int:
		return frappe.db.count(
			"Email Queue", {"reference_doctype": "Service Follow-up", "reference_name": name}
		)


class TestFollowUpsLeaveNoHalfState(DueFollowUps, FrappeTestCase):
	"""Issue 11 point 7: each due follow-up is one unit (mail, engineer's alert, stamp)."""

	def test_agr20_a_failure_after_the_mail_is_queued_takes_the_mail_back(self):
		"""The customer's mail is queued, then the engineer's alert fails: no mail, no stamp, one log; the
		other follow-ups go out, and the next run sends it once."""
		broken = self.follow_up(engineer="Administrator")
		fine = self.follow_up()

		def alert_fails(follow_up):
			self.assertEqual(self.mails(follow_up.name), 1)  # the mail is queued by now
			raise RuntimeError("notification table unavailable")

		errors = frappe.db.count("Error Log", {"reference_name": broken})
		with patch("after_sales.follow_ups._tell_engineer", alert_fails):
			send_due()
		self.assertEqual(self.mails(broken), 0)
		self.assertFalse(frappe.db.get_value("Service Follow-up", broken, "emailed_on"))
		self.assertEqual(frappe.db.count("Error Log", {"reference_name": broken}), errors + 1)
		self.assertEqual(self.mails(fine), 1)
		send_due()
		send_due()
		self.assertEqual((self.mails(broken), self.mails(fine)), (1, 1))
		self.assertTrue(frappe.db.get_value("Service Follow-up", broken, "emailed_on"))
		self.assertTrue(
			frappe.db.exists(
				"Notification Log", {"document_type": "Service Follow-up", "document_name": broken}
			)
		)

	def test_agr20_a_follow_up_closed_meanwhile_is_not_sent(self):
		"""The job read it as due; an engineer closed it before its turn: the claim finds it not Open."""
		name = self.follow_up()
		from after_sales import follow_ups

		frappe.db.set_value("Service Follow-up", name, "status", "Cancelled")
		follow_ups._send(name)
		self.assertEqual(self.mails(name), 0)
		self.assertFalse(frappe.db.get_value("Service Follow-up", name, "emailed_on"))


class TestFollowUpRunsAtOnce(DueFollowUps, FrappeTestCase):
	"""Issue 11 point 7: two runs ask each customer once. A class of its own: the records are committed for
	the runs' connections, and only this test's are in the transaction then."""

	def test_agr20_two_runs_at_once_ask_each_customer_once(self):
		from after_sales.tests.concurrency import committed, run_at_once, slow

		names = [self.follow_up() for _ in range(3)]
		committed(self, *(("Service Follow-up", name) for name in names))
		with slow("frappe.sendmail"):
			errors = run_at_once(send_due)
		self.assertEqual(errors, [])
		for name in names:
			self.assertEqual(self.mails(name), 1, name)
			self.assertTrue(frappe.db.get_value("Service Follow-up", name, "emailed_on"))
