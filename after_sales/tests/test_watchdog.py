# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The watchdog warns before a breach, escalates at it and again later, each alert exactly once."""

from datetime import datetime
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_to_date, get_datetime

from after_sales import watchdog, watchdog_ticket
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
		self.assertTrue(watchdog_ticket._log(ticket, event, NIGHT, "Sent", [], "first"))
		self.assertFalse(watchdog_ticket._log(ticket, event, NIGHT, "Sent", [], "second"))

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
		frappe.db.set_value("SLA Alert Log", {"email_pending": 1}, "email_pending", 0)  # none left behind
		# the due tickets, the digests waiting and the e-mails a lost job left: three indexed reads
		with self.assertQueryCount(3):
			watchdog.watch_tickets()

	def only_due(self, *tickets, at=NIGHT):
		frappe.db.sql(
			"update `tabHD Ticket` set next_check_at = %s where next_check_at is not null", "2100-01-01"
		)
		for t in tickets:
			frappe.db.set_value("HD Ticket", t.name, "next_check_at", at, update_modified=False)

	def test_one_bad_ticket_does_not_stop_the_job(self):
		"""AGR-22: a ticket that fails is logged and retried after a back-off (1 min, then 2), so it is not
		first in every batch; the others in its batch are warned."""
		good, bad = self.ticket(), self.ticket()
		self.only_due(good, bad)
		original = watchdog_ticket.ticket_events

		def broken(doc, policy):
			if doc.name == bad.name:
				raise RuntimeError("corrupt ticket")
			return original(doc, policy)

		at = datetime(2026, 3, 6, 23, 50)
		errors = frappe.db.count("Error Log")
		with patch.object(watchdog_ticket, "ticket_events", broken):
			watchdog.watch_batch([bad.name, good.name], at)
			self.assertEqual([l.kind for l in self.logs(good.name)], ["Warning"])
			self.assertFalse(self.logs(bad.name))
			self.assertGreater(frappe.db.count("Error Log"), errors)
			failed = frappe.db.get_value(
				"HD Ticket", bad.name, ["next_check_at", "watch_failures"], as_dict=True
			)
			self.assertEqual(
				(get_datetime(failed.next_check_at), failed.watch_failures), (add_to_date(at, minutes=1), 1)
			)
			watchdog.watch_batch([bad.name], add_to_date(at, minutes=1))
			failed = frappe.db.get_value(
				"HD Ticket", bad.name, ["next_check_at", "watch_failures"], as_dict=True
			)
			self.assertEqual(
				(get_datetime(failed.next_check_at), failed.watch_failures), (add_to_date(at, minutes=3), 2)
			)
		watchdog.watch_batch([bad.name], add_to_date(at, minutes=3))  # mended: warned, the count reset
		self.assertEqual([l.kind for l in self.logs(bad.name)], ["Warning"])
		self.assertEqual(frappe.db.get_value("HD Ticket", bad.name, "watch_failures"), 0)

	def test_agr22_batch_sends_what_one_ticket_at_a_time_sends(self):
		"""AGR-22: in bulk, the breach is logged, escalated in Desk, the agent UI and by e-mail, and commented,
		as the one-ticket path does it; and the log, notifications and comment are written once."""
		bulk, single = self.ticket(), self.ticket()
		at = datetime(2026, 3, 7, 0, 7)
		watchdog.watch_batch([bulk.name], at)
		watchdog.watch_batch([bulk.name], at)  # a second run at the same moment sends nothing more
		watchdog.watch_ticket(single.name, at)

		def sent(name):
			logs = [
				(l.target, l.kind, l.status, l.recipients, l.message.replace(name, "#"))
				for l in self.logs(name)
			]
			counts = [
				frappe.db.count("Notification Log", {"document_name": name}),
				frappe.db.count("HD Notification", {"reference_ticket": name}),
				frappe.db.count("Email Queue", {"reference_name": name, "message": ("like", "%missed its%")}),
				frappe.db.count(
					"Comment",
					{"reference_name": name, "comment_type": "Info", "content": ("like", "%missed its%")},
				),
			]
			return sorted(logs), counts

		self.assertEqual(sent(bulk.name), sent(single.name))
		self.assertEqual(sent(bulk.name)[1], [1, 1, 1, 1])
		self.assertEqual(frappe.db.get_value("HD Ticket", bulk.name, "priority"), "Urgent")
		self.assertEqual(
			get_datetime(frappe.db.get_value("HD Ticket", bulk.name, "next_check_at")),
			get_datetime(frappe.db.get_value("HD Ticket", single.name, "next_check_at")),
		)

	def test_batch_statements_do_not_grow_with_its_tickets(self):
		"""Issue 14: a batch of 4 due tickets runs as many statements as a batch of 2 (e-mails aside: RQ jobs)."""
		tickets = [self.ticket() for _ in range(6)]
		at = datetime(2026, 3, 6, 23, 50)
		counts = []
		with patch.object(watchdog.alert_delivery, "queue_mail"):
			for batch in (tickets[:2], tickets[2:]):
				queries = []
				original = frappe.db.sql

				def counting(*args, **kwargs):
					queries.append(args[0])
					return original(*args, **kwargs)

				with patch.object(frappe.db, "sql", counting):
					watchdog.watch_batch([t.name for t in batch], at)
				counts.append(len(queries))
		self.assertEqual(counts[0], counts[1])
		for t in tickets:
			self.assertEqual([l.kind for l in self.logs(t.name)], ["Warning"])

	def test_more_due_than_a_run_takes_is_split_into_jobs(self):
		"""Issue 14: beyond RUN_AT_MOST due tickets the run queues RQ jobs of BATCH, each ticket in one job, the
		job id from its tickets (not its position); tickets in a queued job are not split off again a minute
		later, so new due tickets get jobs of their own whatever is still queued; run, the jobs warn once."""
		tickets = [self.ticket() for _ in range(6)]
		self.only_due(*tickets[:3], at=datetime(2026, 3, 6, 23, 48))
		calls = []

		def recording(method, **kwargs):  # queued, not run: as if no worker had taken them yet
			calls.append((method, kwargs))

		with (
			patch.object(watchdog, "RUN_AT_MOST", 2),
			patch.object(watchdog, "BATCH", 2),
			patch.object(frappe, "enqueue", recording),
		):
			with self.freeze_time(datetime(2026, 3, 6, 23, 50)):
				watchdog.watch_tickets()
			first = [kwargs for method, kwargs in calls if method == "after_sales.watchdog.watch_batch"]
			for t in tickets[3:]:
				frappe.db.set_value("HD Ticket", t.name, "next_check_at", datetime(2026, 3, 6, 23, 50))
			calls.clear()
			with self.freeze_time(datetime(2026, 3, 6, 23, 51)):
				watchdog.watch_tickets()  # the first run's jobs are still queued
			second = [kwargs for method, kwargs in calls if method == "after_sales.watchdog.watch_batch"]
		for jobs, due in ((first, tickets[:3]), (second, tickets[3:])):
			self.assertEqual(sorted(n for job in jobs for n in job["names"]), sorted(t.name for t in due))
			self.assertEqual([job["job_id"] for job in jobs], [watchdog.job_id(job["names"]) for job in jobs])
		ids = [job["job_id"] for job in first + second]
		self.assertEqual(len(ids), len(set(ids)))
		self.assertEqual(  # leased: not due again before its job runs
			get_datetime(frappe.db.get_value("HD Ticket", tickets[0].name, "next_check_at")),
			datetime(2026, 3, 6, 23, 50) + watchdog.LEASE,
		)
		for job in first + second:
			watchdog.watch_batch(job["names"], datetime(2026, 3, 6, 23, 52))
		for t in tickets:
			self.assertEqual([l.kind for l in self.logs(t.name)], ["Warning"])
		self.assertNotEqual(watchdog.job_id(["a", "b"]), watchdog.job_id(["a", "c"]))

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


class TestWarningDigest(FrappeTestCase):
	"""Issue 14: a policy may send its warnings as one digest per recipient per run; escalations stay single."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_outgoing_email_account()
		cls.agent = make_user("as.digest.agent@example.com", ("Agent",))
		frappe.db.set_value("User", cls.agent, "language", "zh")
		cls.lead = make_user("as.digest.lead@example.com", ("Agent",))
		cls.policy = make_policy("_Test Digest Policy", escalation_user=cls.lead)
		frappe.db.set_value("SLA Policy", cls.policy, "warning_delivery", "Digest per run")
		customer = make_customer("_Test Digest Customer")
		make_contact("digest@example.com", customer)
		make_contract(
			customer=customer,
			product=make_product("_Test Digest Product"),
			start="2026-01-01",
			sla_policy=cls.policy,
		)

	def ticket(self, subject):
		with self.freeze_time(NIGHT), as_background_job():
			ticket = make_ticket(subject, raised_by="digest@example.com")
		frappe.db.set_value("HD Ticket", ticket.name, "_assign", frappe.as_json([self.agent]))
		return ticket.name

	def digests(self):
		return frappe.get_all(
			"Notification Log",
			filters={"for_user": self.agent, "subject": ("like", "%临近期限%")},
			fields=["subject", "email_content"],
		)

	def agent_mails(self):
		return frappe.get_all("Email Queue Recipient", filters={"recipient": self.agent}, pluck="parent") or [
			""
		]

	def test_agr22_warnings_go_out_as_one_digest_in_the_recipients_language_once(self):
		"""AGR-22: two tickets' response warnings reach their agent as one Desk notification and one e-mail,
		in Chinese (the agent's language), listing both tickets, their target and time left; a second run
		sends nothing more; the tickets' own notifications are not sent."""
		first, second = self.ticket("Report totals look wrong"), self.ticket("Export misses a column")
		mails_before = set(self.agent_mails())
		at = datetime(2026, 3, 6, 23, 50)
		watchdog.watch_batch([first, second], at)
		watchdog.watch_batch([first, second], at)
		digests = self.digests()
		self.assertEqual([d.subject for d in digests], ["2 个工单临近期限"])
		for name in (first, second):
			self.assertIn(f"#{name}", digests[0].email_content)
			self.assertFalse(frappe.db.exists("HD Notification", {"reference_ticket": name}))
			self.assertEqual(
				frappe.get_all("SLA Alert Log", filters={"ticket": name}, pluck="status"), ["Sent"]
			)
		self.assertIn("Response", digests[0].email_content.replace("响应", "Response"))
		self.assertIn("10 分钟", digests[0].email_content)  # 23:50 to the 00:00 deadline, in Chinese
		self.assertIn("剩余时间", digests[0].email_content)
		mails = [m for m in self.agent_mails() if m not in mails_before]
		self.assertEqual(len(mails), 1)
		message = frappe.db.get_value("Email Queue", mails[0], "message")
		self.assertIn("=E5=89=A9=E4=BD=99=E6=97=B6=E9=97=B4", message)  # 剩余时间, quoted-printable

	def test_agr22_an_individual_alert_email_is_in_the_recipients_language_once(self):
		"""AGR-22: the breach's escalation e-mail, written in bulk, reaches the escalation user in Chinese
		(their language) in Frappe's e-mail template, once; the one-ticket path writes it in Chinese too."""
		import email

		frappe.db.set_value("User", self.lead, "language", "zh")
		bulk, single = self.ticket("Report totals look wrong"), self.ticket("Export misses a column")
		at = datetime(2026, 3, 7, 0, 5)
		watchdog.watch_batch([bulk], at)
		log = frappe.db.get_value("SLA Alert Log", {"ticket": bulk, "kind": "Escalation"})
		watchdog.alert_delivery.send_alert_mail([log])  # a second job with the same row: nothing more
		watchdog.watch_ticket(single, at)
		for name in (bulk, single):
			queued = frappe.get_all(
				"Email Queue Recipient",
				filters={
					"recipient": self.lead,
					"parent": ("in", frappe.get_all("Email Queue", {"reference_name": name}, pluck="name")),
				},
				pluck="parent",
			)
			self.assertEqual(len(queued), 1, name)
			parsed = email.message_from_string(frappe.db.get_value("Email Queue", queued[0], "message"))
			html = next(p for p in parsed.walk() if p.get_content_type() == "text/html")
			body = html.get_payload(decode=True).decode()
			self.assertIn(f"工单 #{name}", body)
			self.assertIn("已升级", body)
			self.assertIn("email-body", body)  # Frappe's standard e-mail template around it
			self.assertIn(
				"工单", str(email.header.make_header(email.header.decode_header(parsed["Subject"])))
			)

	def test_agr22_a_breach_is_escalated_on_its_own_under_a_digest_policy(self):
		"""AGR-22: at the breach the escalation goes out by itself, in Desk, the agent UI and by e-mail."""
		name = self.ticket("Report totals look wrong")
		watchdog.watch_batch([name], datetime(2026, 3, 7, 0, 5))
		self.assertFalse(self.digests())
		self.assertTrue(frappe.db.exists("Notification Log", {"for_user": self.lead, "document_name": name}))
		self.assertTrue(frappe.db.exists("HD Notification", {"user_to": self.lead, "reference_ticket": name}))
		self.assertTrue(
			frappe.db.exists("Email Queue", {"reference_name": name, "message": ("like", "%missed its%")})
		)


class TestWatchdogRunsAtOnce(FrappeTestCase):
	"""Issue 14: two batch runs at the same moment, each in its own connection and transaction, alert once."""

	def committed_tickets(self, key: str, count: int, due=None) -> tuple[str, list[str]]:
		"""`count` tickets of a customer of their own under a policy escalating to an agent, committed (and
		removed after the test), so that other connections see them; optionally due at `due`."""
		from after_sales.tests.concurrency import committed

		agent = make_user(f"as.{key}.agent@example.com", ("Agent",))
		policy = make_policy(f"_Test Watchdog {key.title()} Policy", escalation_user=agent)
		customer = make_customer(f"_Test Watchdog {key.title()} Customer")
		contact = make_contact(f"{key}@example.com", customer)
		contract = make_contract(
			customer=customer,
			product=make_product("_Test Watchdog Product"),
			start="2026-01-01",
			sla_policy=policy,
		).name
		with self.freeze_time(NIGHT), as_background_job():
			names = [
				make_ticket(f"{key.title()} {i}", raised_by=f"{key}@example.com").name for i in range(count)
			]
		for name in names if due else ():
			frappe.db.set_value("HD Ticket", name, "next_check_at", due)
		committed(
			self,
			("HD Customer", customer),
			("Contact", contact),
			("Service Contract", contract),
			*(("HD Ticket", n) for n in names),
		)
		return agent, names

	def test_agr22_two_runs_at_once_alert_once(self):
		from after_sales.tests.concurrency import run_at_once, slow

		make_outgoing_email_account()
		agent, names = self.committed_tickets("race", 3)
		self.addCleanup(self.remove_alerts, names)
		at = datetime(2026, 3, 7, 0, 5)
		with slow("after_sales.watchdog_batch._claim"), patch("after_sales.alert_delivery.queue_mail"):
			errors = run_at_once(lambda: watchdog.watch_batch(names, at))
		self.assertEqual(errors, [])
		for name in names:
			keys = frappe.get_all("SLA Alert Log", filters={"ticket": name}, pluck="alert_key")
			self.assertEqual(len(keys), len(set(keys)), name)
			self.assertEqual(frappe.db.count("SLA Alert Log", {"ticket": name, "kind": "Escalation"}), 1)
			self.assertEqual(
				frappe.db.count("Notification Log", {"document_name": name, "for_user": agent}), 1
			)
			self.assertEqual(frappe.db.count("HD Notification", {"reference_ticket": name}), 1)
			self.assertEqual(
				frappe.db.count(
					"Comment",
					{"reference_name": name, "comment_type": "Info", "content": ("like", "%missed its%")},
				),
				1,
			)

	def test_two_runs_splitting_at_once_give_each_ticket_to_one_job(self):
		"""Issue 14: two runs that split the same due tickets into jobs at the same moment, each in its own
		connection, queue each ticket in exactly one job."""
		from after_sales.tests.concurrency import run_at_once, slow

		_agent, names = self.committed_tickets("split", 5, due=datetime(2026, 3, 6, 23, 48))
		queued = []

		def recording(method, **kwargs):
			queued.append(kwargs["names"])

		at = datetime(2026, 3, 6, 23, 50)
		with (
			patch.object(watchdog, "BATCH", 2),
			patch.object(frappe, "enqueue", recording),
			slow("after_sales.watchdog._lease"),
		):
			errors = run_at_once(lambda: watchdog.split_into_jobs(names, at))
		self.assertEqual(errors, [])
		self.assertEqual(sorted(n for job in queued for n in job), sorted(names))  # each once, none lost

	def remove_alerts(self, names):
		frappe.db.rollback()
		frappe.db.delete("SLA Alert Log", {"ticket": ("in", names)})
		frappe.db.delete("Notification Log", {"document_type": "HD Ticket", "document_name": ("in", names)})
		frappe.db.delete("HD Notification", {"reference_ticket": ("in", names)})
		frappe.db.delete("Comment", {"reference_doctype": "HD Ticket", "reference_name": ("in", names)})
		frappe.db.commit()
