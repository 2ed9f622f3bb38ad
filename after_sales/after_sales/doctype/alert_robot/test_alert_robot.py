# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The watchdog's alerts in WeCom, DingTalk and Feishu group robots (issue 20; AGR-15, AGR-21..24), each sent
to a local receiver on 127.0.0.1 that checks the platform's payload and signature, fails when told to, and
recovers."""

import base64
import hashlib
import hmac
import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime

from after_sales import robot_delivery
from after_sales.tests.utils import make_ticket

SECRET = "SEC-robot-secret-0123456789"


def only_these_robots(names) -> None:
	"""The site's own robots stay quiet while these tests run (rolled back with the test class)."""
	frappe.db.set_value("Alert Robot", {"name": ("not in", list(names))}, "enabled", 0)


class Receiver:
	"""A robot's webhook on 127.0.0.1: records what it gets, checks signatures, fails the next N requests."""

	def __init__(self):
		self.received, self.fail_next = [], 0
		receiver = self

		class Handler(BaseHTTPRequestHandler):
			def do_POST(self):
				body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
				platform = self.path.strip("/").split("?")[0].split("/")[0]
				query = parse_qs(urlsplit(self.path).query)
				if receiver.fail_next:
					receiver.fail_next -= 1
					return self._answer(500, {"errcode": -1})
				ok = receiver.check(platform, body, query)
				receiver.received.append((platform, body, query, ok))
				code = {"code": 0} if platform == "feishu" else {"errcode": 0}
				return self._answer(200, code if ok else {"errcode": 310000, "code": 19021})

			def _answer(self, status, payload):
				data = json.dumps(payload).encode()
				self.send_response(status)
				self.send_header("Content-Type", "application/json")
				self.send_header("Content-Length", str(len(data)))
				self.end_headers()
				self.wfile.write(data)

			def log_message(self, *args):
				pass

		self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
		threading.Thread(target=self.server.serve_forever, daemon=True).start()

	def check(self, platform, body, query) -> bool:
		if platform == "wecom":
			return body.get("msgtype") == "markdown" and "content" in body["markdown"]
		if platform == "dingtalk":
			ts, sign = query["timestamp"][0], query["sign"][0]
			expected = hmac.new(SECRET.encode(), f"{ts}\n{SECRET}".encode(), hashlib.sha256).digest()
			return sign == base64.b64encode(expected).decode() and "text" in body["markdown"]
		if platform == "feishu":
			key = f"{body['timestamp']}\n{SECRET}".encode()
			expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
			return body["sign"] == expected and body["card"]["elements"][0]["tag"] == "markdown"
		return False

	def close(self):
		self.server.shutdown()
		self.server.server_close()


class TestAlertRobots(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.receiver = Receiver()
		cls.robots = {}
		for platform, secret in (("WeCom", None), ("DingTalk", SECRET), ("Feishu", SECRET)):
			name = f"_Test {platform} {frappe.generate_hash(length=5)}"
			cls.robots[platform] = (
				frappe.get_doc(
					{
						"doctype": "Alert Robot",
						"robot_name": name,
						"platform": platform,
						"webhook_url": f"{cls.receiver.url}/{platform.lower()}/send?key=hook-key-{platform}",
						"secret": secret,
						"language": "zh",
					}
				)
				.insert()
				.name
			)
		only_these_robots(cls.robots.values())

	@classmethod
	def tearDownClass(cls):
		cls.receiver.close()
		super().tearDownClass()

	def setUp(self):
		frappe.db.delete("Alert Robot Delivery")  # each test counts its own messages and rate

	def alert(self, kind="Escalation"):
		"""An alert the watchdog logged on a new ticket, 12 minutes past its response target."""
		ticket = make_ticket("The ERP crashed", raised_by="robot.alert@example.com")
		due = add_to_date(now_datetime(), minutes=-12)
		log = frappe.get_doc(
			{
				"doctype": "SLA Alert Log",
				"ticket": ticket.name,
				"target": "Response",
				"kind": kind,
				"status": "Sent",
				"due": due,
				"fired_on": now_datetime(),
				"alert_key": frappe.generate_hash(length=20),
			}
		).insert(ignore_permissions=True)
		return {
			"name": log.name,
			"ticket": ticket.name,
			"kind": kind,
			"target": "Response",
			"due": due,
			"status": "Sent",
		}

	def deliveries(self, alert):
		return frappe.get_all(
			"Alert Robot Delivery",
			filters={"alert_log": alert["name"]},
			fields=["robot", "status", "attempts", "last_error", "content", "next_attempt_at"],
		)

	def test_agr21_each_platform_gets_its_own_signed_message_once(self):
		alert = self.alert()
		now = now_datetime()
		self.assertEqual(robot_delivery.record([alert], now), 3)
		self.assertEqual(robot_delivery.record([alert], now), 3)  # a second run: the same three, not six
		self.assertEqual(len(self.deliveries(alert)), 3)
		start = len(self.receiver.received)
		self.assertEqual(robot_delivery.send_due(), 3)
		got = self.receiver.received[start:]
		self.assertEqual(sorted(p for p, *_rest in got), ["dingtalk", "feishu", "wecom"])
		self.assertTrue(all(ok for *_rest, ok in got))
		wecom = next(body for p, body, *_r in got if p == "wecom")["markdown"]["content"]
		self.assertIn(f"/helpdesk/tickets/{alert['ticket']}", wecom)
		self.assertIn("升级", wecom)  # in the robot's language: 升级 (escalation)
		self.assertEqual({d.status for d in self.deliveries(alert)}, {"Sent"})
		self.assertEqual(robot_delivery.send_due(), 0)  # nothing is sent twice

	def test_agr21_a_failing_robot_retries_with_back_off_and_recovers_without_stopping_the_others(self):
		alert = self.alert()
		robot_delivery.record([alert], now_datetime())
		self.receiver.fail_next = 1  # the first robot asked fails once
		self.assertEqual(robot_delivery.send_due(), 2)
		failed = [d for d in self.deliveries(alert) if d.status == "Pending"]
		self.assertEqual(len(failed), 1)
		self.assertEqual(failed[0].attempts, 1)
		self.assertIn("HTTP 500", failed[0].last_error)
		self.assertNotIn("hook-key", failed[0].last_error)
		self.assertEqual(robot_delivery.send_due(), 0)  # not before its back-off
		self.assertEqual(robot_delivery.send_due(now=add_to_date(now_datetime(), minutes=2)), 1)
		self.assertEqual({d.status for d in self.deliveries(alert)}, {"Sent"})

	def test_a_robot_that_keeps_failing_ends_failed_without_its_secret_in_the_error(self):
		alert = self.alert()
		robot_delivery.record([alert], now_datetime())
		self.receiver.fail_next = 100
		when = now_datetime()
		for _attempt in range(7):
			robot_delivery.send_due(now=when)
			when = add_to_date(when, hours=2)
		self.receiver.fail_next = 0
		rows = self.deliveries(alert)
		self.assertEqual({d.status for d in rows}, {"Failed"})
		self.assertTrue(all(SECRET not in (d.last_error or "") for d in rows))

	def test_a_robot_message_that_cannot_be_recorded_never_takes_the_alert_with_it(self):
		from unittest.mock import patch

		alert = self.alert()
		with patch.object(robot_delivery, "_robots", side_effect=RuntimeError("robots unreadable")):
			self.assertEqual(robot_delivery.record([alert], now_datetime()), 0)
		self.assertTrue(frappe.db.exists("SLA Alert Log", alert["name"]))
		self.assertEqual(self.deliveries(alert), [])
		self.assertEqual(robot_delivery.record([alert], now_datetime()), 3)  # the next run records them

	def test_a_platforms_rate_limit_holds_the_rest_for_the_next_minute(self):
		alerts = [self.alert("Warning") for _ in range(22)]
		robot_delivery.record(alerts, now_datetime())
		robot = self.robots["WeCom"]
		start = len([r for r in self.receiver.received if r[0] == "wecom"])
		robot_delivery.send_due()
		wecom = len([r for r in self.receiver.received if r[0] == "wecom"]) - start
		self.assertEqual(wecom, 20)
		waiting = frappe.db.count("Alert Robot Delivery", {"robot": robot, "status": "Pending"})
		self.assertEqual(waiting, 2)

	def test_a_robot_of_another_policy_or_centre_gets_nothing_and_its_url_is_checked(self):
		other = frappe.get_doc(
			{
				"doctype": "Alert Robot",
				"robot_name": f"_Test Other {frappe.generate_hash(length=5)}",
				"platform": "WeCom",
				"webhook_url": f"{self.receiver.url}/wecom/send?key=other",
				"service_centre": "Billing",
			}
		).insert()
		alert = self.alert()
		robot_delivery.record([alert], now_datetime())
		self.assertNotIn(other.name, {d.robot for d in self.deliveries(alert)})
		bad = frappe.get_doc(
			{
				"doctype": "Alert Robot",
				"robot_name": "_Test Bad",
				"platform": "WeCom",
				"webhook_url": "http://10.0.0.1/x",
			}
		)
		self.assertRaisesRegex(frappe.ValidationError, "https://", bad.insert)
		# nobody writes a delivery by hand: the watchdog records them
		delivery = frappe.get_doc("Alert Robot Delivery", {"alert_log": alert["name"]})
		delivery.status = "Sent"
		self.assertRaises(frappe.PermissionError, delivery.save)


class TestWatchdogToRobots(FrappeTestCase):
	"""The watchdog's own runs queue each alert once per robot, in bulk and one ticket at a time, and the
	warnings of a digest policy as one digest message per robot (AGR-22)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from after_sales.tests.utils import (
			make_contact,
			make_contract,
			make_customer,
			make_outgoing_email_account,
			make_policy,
			make_product,
			make_user,
		)

		make_outgoing_email_account()
		cls.receiver = Receiver()
		suffix = frappe.generate_hash(length=5)
		lead = make_user("robot.watch.lead@example.com", ("Agent",))
		cls.agent = make_user("robot.watch.agent@example.com", ("Agent",))
		cls.policy = make_policy(f"_Test Robot Policy {suffix}", escalation_user=lead)
		cls.digest_policy = make_policy(f"_Test Robot Digest {suffix}", escalation_user=lead)
		frappe.db.set_value("SLA Policy", cls.digest_policy, "warning_delivery", "Digest per run")
		for policy, email in ((cls.policy, "robot.watch"), (cls.digest_policy, "robot.digest")):
			customer = make_customer(f"_Test Robot Customer {policy}")
			make_contact(f"{email}.{suffix}@example.com", customer)
			make_contract(
				customer=customer,
				product=make_product(f"_Test Robot Product {suffix}"),
				start="2026-01-01",
				sla_policy=policy,
			)
		cls.emails = {
			cls.policy: f"robot.watch.{suffix}@example.com",
			cls.digest_policy: f"robot.digest.{suffix}@example.com",
		}
		cls.robot = (
			frappe.get_doc(
				{
					"doctype": "Alert Robot",
					"robot_name": f"_Test Watch Robot {suffix}",
					"platform": "DingTalk",
					"webhook_url": f"{cls.receiver.url}/dingtalk/send?access_token=watch-{suffix}",
					"secret": SECRET,
				}
			)
			.insert()
			.name
		)
		only_these_robots([cls.robot])

	@classmethod
	def tearDownClass(cls):
		cls.receiver.close()
		super().tearDownClass()

	def ticket(self, policy):
		from after_sales.tests.utils import as_background_job

		with self.freeze_time(datetime(2026, 3, 6, 23, 0)), as_background_job():
			name = make_ticket("Report totals look wrong", raised_by=self.emails[policy]).name
		frappe.db.set_value("HD Ticket", name, "_assign", frappe.as_json([self.agent]))  # whom warnings reach
		return name

	def test_agr22_an_escalation_reaches_the_robot_once_on_either_path(self):
		from after_sales import watchdog

		bulk, single = self.ticket(self.policy), self.ticket(self.policy)
		at = datetime(2026, 3, 7, 0, 7)
		start = len(self.receiver.received)
		watchdog.watch_batch([bulk], at)
		watchdog.watch_batch([bulk], at)  # a second run at the same moment: nothing more
		watchdog.watch_ticket(single, at)
		for ticket in (bulk, single):
			rows = frappe.get_all(
				"Alert Robot Delivery",
				filters={"robot": self.robot, "ticket": ticket},
				fields=["kind", "status"],
			)
			self.assertEqual([(r.kind, r.status) for r in rows], [("Escalation", "Sent")])
		got = [body for platform, body, _q, ok in self.receiver.received[start:] if ok]
		self.assertEqual(len(got), 2)
		self.assertTrue(all("/helpdesk/tickets/" in body["markdown"]["text"] for body in got))

	def test_agr22_a_digest_policy_sends_the_robot_one_digest(self):
		from after_sales import watchdog

		first, second = self.ticket(self.digest_policy), self.ticket(self.digest_policy)
		start = len(self.receiver.received)
		watchdog.watch_batch([first, second], datetime(2026, 3, 6, 23, 50))
		digests = frappe.get_all(
			"Alert Robot Delivery",
			filters={"robot": self.robot, "kind": "Digest"},
			fields=["status", "content"],
		)
		self.assertEqual(len(digests), 1)
		self.assertEqual(digests[0].status, "Sent")
		for ticket in (first, second):
			self.assertIn(f"#{ticket}", digests[0].content)
		self.assertEqual(len(self.receiver.received) - start, 1)
