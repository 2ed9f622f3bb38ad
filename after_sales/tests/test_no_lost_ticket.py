# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""No incoming ticket is ever lost to the app (issue 11; AGR-4 requests by e-mail, AGR-5 around the clock).

A policy broken in the database (a business-hours clock with no working time) makes applying the terms
fail. Through Frappe's own inbound-mail path, a new ticket and a reply are still saved under Helpdesk's
rules, flagged with the reason, logged and told once, and the watchdog applies the terms once the policy
is repaired.
"""

from email.utils import make_msgid

import frappe
from frappe.email.receive import InboundMail
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_to_date, now_datetime, today

from after_sales import watchdog
from after_sales.tests.utils import (
	as_background_job,
	make_contact,
	make_contract,
	make_customer,
	make_policy,
	make_product,
	make_user,
)


def raw_mail(sender: str, subject: str, body: str, in_reply_to: str | None = None) -> bytes:
	headers = [
		f"From: {sender}",
		"To: inbox.after.sales@example.com",
		f"Subject: {subject}",
		f"Message-ID: {make_msgid(domain='customer.example.com')}",
		"Date: Tue, 01 Dec 2026 09:00:00 +0000",
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
	]
	if in_reply_to:
		headers.append(f"In-Reply-To: {in_reply_to}")
	return ("\r\n".join(headers) + "\r\n\r\n" + body + "\r\n").encode()


class TestNoLostTicket(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		suffix = frappe.generate_hash(length=5)
		cls.manager = make_user(f"lost.manager.{suffix}@example.com", ("After Sales Manager",))
		cls.customer = make_customer(f"_Test Mail Customer {suffix}")
		cls.sender = f"lost.sender.{suffix}@example.com"
		make_contact(cls.sender, cls.customer)
		cls.policy = make_policy(f"_Test Breakable Policy {suffix}")
		make_contract(
			customer=cls.customer,
			product=make_product(f"_Test Mail Product {suffix}"),
			start=add_days(today(), -5),
			sla_policy=cls.policy,
		)
		account = "_Test After Sales Inbox"
		if not frappe.db.exists("Email Account", account):
			frappe.get_doc(
				{
					"doctype": "Email Account",
					"email_account_name": account,
					"email_id": "inbox.after.sales@example.com",
					"enable_incoming": 0,
					"enable_outgoing": 0,
				}
			).insert(ignore_permissions=True)
		frappe.db.set_value("Email Account", account, "append_to", "HD Ticket")
		cls.account = account
		frappe.db.commit()

	def tearDown(self):
		self.repair_policy()

	def break_policy(self):
		"""A business-hours clock without working hours: no deadline can be computed (set in the database,
		as a bad migration or a direct edit would; the form refuses it)."""
		frappe.db.set_value("SLA Policy", self.policy, "clock", "Business hours")
		frappe.db.delete("SLA Working Hours", {"parent": self.policy, "parenttype": "SLA Policy"})
		frappe.clear_document_cache("SLA Policy", self.policy)

	def repair_policy(self):
		frappe.db.set_value("SLA Policy", self.policy, "clock", "24x7")
		frappe.clear_document_cache("SLA Policy", self.policy)

	def receive(self, subject: str, body: str = "Our server is down.", in_reply_to: str | None = None):
		"""As EmailAccount.receive does: one InboundMail per message, processed in a background job."""
		account = frappe.get_doc("Email Account", self.account)
		with as_background_job():
			mail = InboundMail(
				raw_mail(self.sender, subject, body, in_reply_to), account, append_to="HD Ticket"
			)
			return mail.process()

	def errors_for(self, ticket: str) -> int:
		return frappe.db.count("Error Log", {"method": ("like", f"%terms not applied to HD Ticket {ticket}")})

	def error_logs(self, ticket: str) -> list:
		return frappe.get_all(
			"Error Log",
			filters={"method": ("like", f"%HD Ticket {ticket}")},
			fields=["method", "error"],
		)

	def told(self, ticket: str) -> int:
		return frappe.db.count(
			"Notification Log",
			{"for_user": self.manager, "document_type": "HD Ticket", "document_name": ticket},
		)

	def test_a_new_ticket_by_mail_survives_a_broken_policy_and_is_retried(self):
		self.break_policy()
		communication = self.receive("Production server down")
		self.assertEqual(communication.reference_doctype, "HD Ticket")
		ticket = frappe.get_doc("HD Ticket", communication.reference_name)
		self.assertEqual(ticket.raised_by, self.sender)
		self.assertIn("could not be applied", ticket.terms_error or "", ticket.as_dict())
		self.assertIsNone(ticket.sla_policy)
		self.assertFalse((ticket.sla or "").startswith("After Sales: "))  # Helpdesk's own SLA decides
		self.assertTrue(ticket.response_by)  # ...and sets its deadlines
		self.assertTrue(ticket.next_check_at)
		self.assertEqual(self.errors_for(ticket.name), 1, self.error_logs(ticket.name))
		self.assertEqual(self.told(ticket.name), 1)

		# still broken: the watchdog's retry keeps the ticket, backs off, and tells nobody twice
		with as_background_job():
			watchdog.watch_ticket(ticket.name)
		ticket.reload()
		self.assertTrue(ticket.terms_error)
		self.assertGreater(ticket.next_check_at, now_datetime())
		self.assertEqual(self.errors_for(ticket.name), 1, self.error_logs(ticket.name))
		self.assertEqual(self.told(ticket.name), 1)

		self.repair_policy()
		with as_background_job():
			watchdog.watch_ticket(ticket.name, add_to_date(now_datetime(), hours=1))
		ticket.reload()
		self.assertFalse(ticket.terms_error)
		self.assertEqual(ticket.sla_policy, self.policy)
		self.assertEqual(ticket.sla, f"After Sales: {self.policy}")
		self.assertTrue(ticket.acknowledge_by)

	def test_a_reply_by_mail_survives_a_broken_policy(self):
		first = self.receive("Export fails")
		ticket = frappe.get_doc("HD Ticket", first.reference_name)
		self.assertEqual(ticket.sla_policy, self.policy)
		self.break_policy()
		reply = self.receive(f"Re: Export fails (#{ticket.name})", "Still failing.", first.message_id)
		self.assertEqual((reply.reference_doctype, reply.reference_name), ("HD Ticket", ticket.name))
		self.assertTrue(frappe.db.exists("Communication", reply.name))
		ticket.reload()
		self.assertIn("could not be applied", ticket.terms_error)
		self.assertEqual(self.errors_for(ticket.name), 1, self.error_logs(ticket.name))
		self.assertEqual(self.told(ticket.name), 1)
