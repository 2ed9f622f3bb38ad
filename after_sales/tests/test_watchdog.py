# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The watchdog warns before a breach, escalates at it and again later, each alert exactly once."""

from datetime import datetime
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_to_date, get_datetime

from after_sales import watchdog
from after_sales.tests.utils import (
	as_background_job,
	make_contact,
	make_contract,
	make_customer,
	make_outgoing_email_account,
	make_policy,
	make_product,
	make_ticket,
	make_user,
)

NIGHT = datetime(2026, 3, 6, 23, 0)


class TestWatchdog(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_outgoing_email_account()
		cls.agent = make_user("as.watch.agent@example.com", ("Agent",))
		cls.escalation = make_user("as.watch.lead@example.com", ("Agent",))
		cls.director = make_user("as.watch.director@example.com", ("Agent",))
		cls.policy = make_policy(
			"_Test Watchdog Policy",
			escalation_user=cls.escalation,
			raise_priority_on_breach=1,
			second_escalation_after=3600,
			second_escalation_user=cls.director,
		)
		customer = make_customer("_Test Watchdog Customer")
		make_contact("watch@example.com", customer)
		make_contract(
			customer=customer,
			product=make_product("_Test Watchdog Product"),
			start="2026-01-01",
			sla_policy=cls.policy,
		)

	def ticket(self, subject="Report totals look wrong"):
		with self.freeze_time(NIGHT), as_background_job():
			ticket = make_ticket(subject, raised_by="watch@example.com")
		frappe.db.set_value("HD Ticket", ticket.name, "_assign", frappe.as_json([self.agent]))
		return frappe.get_doc("HD Ticket", ticket.name)

	def logs(self, ticket):
		return frappe.get_all(
			"SLA Alert Log",
			filters={"ticket": ticket},
			fields=["target", "kind", "status", "recipients", "message"],
			order_by="creation asc",
		)

	def test_next_check_is_kept_on_the_ticket(self):
		"""The general fault's response warning (80% of 1 h) is the ticket's next check: 23:48."""
		ticket = self.ticket()
		self.assertEqual(ticket.urgency, "General fault")
		self.assertTrue(ticket.acknowledged_on)
		self.assertEqual(get_datetime(ticket.next_check_at), datetime(2026, 3, 6, 23, 48))

	def test_agr22_warning_goes_to_the_assigned_agent_once(self):
		"""AGR-22: before the 1 h response deadline the assigned agent is warned, in Desk and by e-mail, once."""
		ticket = self.ticket()
		at = datetime(2026, 3, 6, 23, 50)
		watchdog.watch_ticket(ticket.name, at)
		watchdog.watch_ticket(ticket.name, at)  # a second run at the same moment sends nothing more
		logs = self.logs(ticket.name)
		self.assertEqual([(l.target, l.kind, l.status) for l in logs], [("Response", "Warning", "Sent")])
		self.assertEqual(logs[0].recipients, self.agent)
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": self.agent, "document_name": ticket.name})
		)
		self.assertTrue(
			frappe.db.exists("HD Notification", {"user_to": self.agent, "reference_ticket": ticket.name})
		)
		self.assertTrue(
			frappe.db.exists(
				"Email Queue",
				{"reference_name": ticket.name, "message": ("like", "%response target is due%")},
			)
		)
		self.assertEqual(
			get_datetime(frappe.db.get_value("HD Ticket", ticket.name, "next_check_at")),
			add_to_date(NIGHT, hours=1),
		)

	def test_alerts_reach_desk_when_the_site_cannot_send_email(self):
		"""Without an outgoing e-mail account the warning still reaches Desk and Helpdesk, once."""
		ticket = self.ticket()
		with patch("after_sales.mail.can_send", return_value=False):
			watchdog.watch_ticket(ticket.name, datetime(2026, 3, 6, 23, 50))
		self.assertEqual([l.status for l in self.logs(ticket.name)], ["Sent"])
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": self.agent, "document_name": ticket.name})
		)
		self.assertFalse(
			frappe.db.exists(
				"Email Queue",
				{"reference_name": ticket.name, "message": ("like", "%response target is due%")},
			)
		)

	def test_concurrent_runs_insert_one_alert(self):
		ticket = self.ticket()
		event = next(e for e in watchdog.ticket_events(ticket, frappe.get_doc("SLA Policy", self.policy)))
		self.assertTrue(watchdog._log(ticket, event, NIGHT, "Sent", [], "first"))
		self.assertFalse(watchdog._log(ticket, event, NIGHT, "Sent", [], "second"))

	def test_agr22_breach_escalates_raises_priority_and_comments(self):
		"""At the breach: the escalation user is told, priority goes up one step, a comment says by how long."""
		ticket = self.ticket()
		watchdog.watch_ticket(ticket.name, datetime(2026, 3, 7, 0, 7))
		logs = self.logs(ticket.name)
		self.assertIn(("Response", "Escalation", "Sent"), [(l.target, l.kind, l.status) for l in logs])
		self.assertIn(("Response", "Warning", "Skipped"), [(l.target, l.kind, l.status) for l in logs])
		escalation = next(l for l in logs if l.kind == "Escalation")
		self.assertEqual(escalation.recipients, self.escalation)
		self.assertIn("by 7 min", escalation.message)
		ticket.reload()
		self.assertEqual(ticket.priority, "Urgent")
		self.assertEqual(ticket.urgency, "General fault")
		self.assertEqual(get_datetime(ticket.response_by), add_to_date(NIGHT, hours=1))
		comments = frappe.get_all(
			"Comment", filters={"reference_name": ticket.name, "comment_type": "Info"}, pluck="content"
		)
		self.assertTrue(any("missed its Response target" in c for c in comments))

	def test_second_level_after_an_hour_more(self):
		ticket = self.ticket()
		watchdog.watch_ticket(ticket.name, datetime(2026, 3, 7, 0, 5))
		watchdog.watch_ticket(ticket.name, datetime(2026, 3, 7, 1, 1))
		second = [
			l
			for l in self.logs(ticket.name)
			if l.kind == "Second-level escalation" and l.target == "Response"
		]
		self.assertEqual(len(second), 1)
		self.assertEqual(second[0].recipients, self.director)

	def test_answered_ticket_is_not_escalated_for_response(self):
		ticket = self.ticket()
		frappe.db.set_value("HD Ticket", ticket.name, "first_responded_on", add_to_date(NIGHT, minutes=20))
		watchdog.watch_ticket(ticket.name, datetime(2026, 3, 7, 0, 30))
		self.assertFalse([l for l in self.logs(ticket.name) if l.target == "Response"])

	def test_policy_without_escalation_target_warns_the_ticket_people(self):
		policy = make_policy("_Test No Escalation Policy")
		customer = make_customer("_Test No Escalation Customer")
		make_contact("noescalation@example.com", customer)
		make_contract(
			customer=customer,
			product=make_product("_Test Watchdog Product"),
			start="2026-01-01",
			sla_policy=policy,
		)
		with self.freeze_time(NIGHT), as_background_job():
			ticket = make_ticket("Report totals look wrong", raised_by="noescalation@example.com")
		watchdog.watch_ticket(ticket.name, datetime(2026, 3, 7, 0, 5))
		escalation = next(l for l in self.logs(ticket.name) if l.kind == "Escalation")
		self.assertEqual(escalation.status, "No recipient")

	def test_job_reads_only_due_tickets_with_constant_queries(self):
		"""With no ticket due, a run is one indexed query, whatever the number of open tickets."""
		self.ticket()
		frappe.db.sql(
			"update `tabHD Ticket` set next_check_at = %s where next_check_at is not null", "2100-01-01"
		)
		with self.assertQueryCount(1):
			watchdog.watch_tickets()

	def test_one_bad_ticket_does_not_stop_the_job(self):
		good, bad = self.ticket(), self.ticket()
		frappe.db.sql(
			"update `tabHD Ticket` set next_check_at = %s where next_check_at is not null", "2100-01-01"
		)
		for t in (good, bad):
			frappe.db.set_value("HD Ticket", t.name, "next_check_at", NIGHT, update_modified=False)
		original = watchdog.watch_ticket

		def broken(name, now=None):
			if name == bad.name:
				raise RuntimeError("corrupt ticket")
			return original(name, datetime(2026, 3, 6, 23, 50))

		errors = frappe.db.count("Error Log")
		with patch.object(watchdog, "watch_ticket", broken), patch.object(frappe.db, "commit", lambda: None):
			watchdog.watch_tickets()
		self.assertTrue(self.logs(good.name))
		self.assertGreater(frappe.db.count("Error Log"), errors)

	def test_deleted_ticket_is_skipped(self):
		"""A ticket deleted between selection and handling is skipped quietly: no alert, no error."""
		errors = frappe.db.count("Error Log")
		self.assertIsNone(watchdog.watch_ticket("does-not-exist", NIGHT))
		self.assertFalse(frappe.db.exists("SLA Alert Log", {"ticket": "does-not-exist"}))
		self.assertEqual(frappe.db.count("Error Log"), errors)


class TestWatchdogNeverBlocks(FrappeTestCase):
	def test_a_failing_watchdog_does_not_block_a_ticket_save(self):
		def broken(doc, policy):
			raise RuntimeError("broken calendar")

		with (
			change_settings("After Sales Settings", {"cover_tickets_without_contract": 1}),
			patch.object(watchdog, "set_next_check", broken),
		):
			ticket = make_ticket("Report totals look wrong", raised_by="never.blocks@example.com")
		self.assertTrue(frappe.db.exists("HD Ticket", ticket.name))
		self.assertTrue(
			frappe.db.exists("Error Log", {"method": ("like", f"%failed for HD Ticket {ticket.name}")})
		)
