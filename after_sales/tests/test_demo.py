# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from datetime import datetime
from itertools import pairwise
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime, now_datetime

from after_sales import demo
from after_sales.agreement.targets import TARGETS, verdict

# The moments a request passes, in the order of the agreement's process (AGR-14..19)
PROCESS_ORDER = (
	"acknowledged_on",  # AGR-15: receipt confirmed
	"first_responded_on",  # AGR-21..23: the first response
	"diagnosed_on",  # AGR-16
	"solution_proposed_on",  # AGR-17
	"solution_confirmed_on",  # AGR-17
	"verified_on",  # AGR-18
	"resolution_date",
	"feedback_closed_on",  # AGR-19
)
DEADLINES = ("acknowledge_by", "response_by", "resolution_by")
OPENING = ("opening_date", "opening_time", "creation", "service_level_agreement_creation")


def _opening(ticket) -> datetime:
	"""The moment Helpdesk's opening date and time name."""
	return get_datetime(ticket.opening_date) + ticket.opening_time


class TestDemo(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		suffix = frappe.generate_hash(length=5)
		cls.customers = tuple(
			(f"{name} {suffix}", email.replace("@", f".{suffix}@"), person, offset)
			for name, email, person, offset in demo.CUSTOMERS
		)
		for patcher in (
			patch.object(demo, "MARKER", f"Demo Product {suffix}"),
			patch.object(demo, "CUSTOMERS", cls.customers),
			patch.object(demo, "TRAINER", f"trainer.{suffix}@demo.example.com"),
			patch.object(demo, "ENGINEER", f"engineer.{suffix}@demo.example.com"),
			patch.object(frappe.db, "commit", lambda: None),
			# the demo's users come on top of the suite's: past Frappe's 60 a minute (throttle_user_creation)
			patch.dict(frappe.local.conf, {"throttle_user_limit": 100000}),
		):
			cls.enterClassContext(patcher)
		demo.create(force=True)
		cls.tickets = frappe.get_all(
			"HD Ticket",
			filters={"customer": ("in", [name for name, *_rest in cls.customers])},
			fields=[
				"name",
				"subject",
				"customer",
				"status",
				"ticket_type",
				"service_step",
				"diagnosis_mode",
				"visit_date",
				"visit_engineer",
				"visit_address",
				"solution_confirmed_by",
				"verification_note",
				"feedback_rating",
				*OPENING,
				*DEADLINES,
				*PROCESS_ORDER,
				*(target.status_field for target in TARGETS),
			],
		)
		statuses = frappe.get_all("HD Ticket Status", fields=["name", "category"])
		cls.resolved = {row.name for row in statuses if row.category == "Resolved"}

	def _open(self) -> list:
		return [t for t in self.tickets if t.status not in self.resolved]

	@classmethod
	def tearDownClass(cls):
		super().tearDownClass()  # rolls the demo back
		# Frappe keeps the names of each doctype's assignment rules in Redis, which a rollback does not
		# touch: the demo's service centre's rule would stay listed, and every later ticket save fail on it
		from frappe.cache_manager import clear_doctype_map

		clear_doctype_map("Assignment Rule", "HD Ticket")

	def test_demo_refuses_without_developer_mode_and_is_idempotent(self):
		with patch.dict(frappe.conf, {"developer_mode": 0}):
			self.assertRaises(frappe.ValidationError, demo.create)
		demo.create(force=True)
		names = [name for name, *_rest in self.customers]
		self.assertEqual(frappe.db.count("HD Ticket", {"customer": ("in", names)}), len(self.tickets))

	def test_the_data_set(self):
		first = self.customers[0][0]
		mine = [t for t in self.tickets if t.customer == first]
		self.assertGreater(len(mine), 10)
		statuses = {t.response_status for t in mine}
		self.assertIn("Breached", statuses)
		self.assertIn("Met", statuses)
		reach = frappe.get_all("Update Release", filters={"product": demo.MARKER}, pluck="reach_percent")
		self.assertTrue(any(0 < r < 100 for r in reach))
		# the two paying customers' contacts can log in to the portal and see their own contract
		contact_user = self.customers[0][1]
		self.assertEqual(frappe.db.get_value("User", contact_user, "user_type"), "Website User")
		self.assertEqual(frappe.db.get_value("Contact", {"email_id": contact_user}, "user"), contact_user)
		from after_sales.permissions import customers_of

		self.assertEqual(customers_of(contact_user), [first])
		self.assertFalse(frappe.db.exists("User", self.customers[2][1]))  # the expired customer's contact
		# last month's service report is there to open, with the commitments measured
		report = frappe.get_doc("Monthly Service Report", {"customer": first})
		self.assertEqual(report.status, "Draft")
		self.assertGreater(report.total_requests, 0)
		self.assertGreater(report.commitments_measured, 0)

	def test_every_ticket_opens_at_its_real_moment_and_nothing_happens_before(self):
		"""AGR-14, AGR-15: a request's clock starts when it is reported. Each demo ticket's opening date and
		time, `creation` and the SLA's start are one moment; every deadline and every stamp of the process
		lies at or after it, and none of what happened lies in the future."""
		now = now_datetime()
		self.assertGreater(len(self.tickets), 60)
		for ticket in self.tickets:
			with self.subTest(ticket=ticket.name, subject=ticket.subject):
				opened = _opening(ticket)
				self.assertEqual(get_datetime(ticket.creation), opened)
				self.assertEqual(get_datetime(ticket.service_level_agreement_creation), opened)
				for field in DEADLINES:
					self.assertIsNotNone(ticket[field], field)
					self.assertGreaterEqual(get_datetime(ticket[field]), opened, field)
				for field in PROCESS_ORDER:
					if ticket[field]:
						self.assertGreaterEqual(get_datetime(ticket[field]), opened, field)
						self.assertLessEqual(get_datetime(ticket[field]), now, field)

	def test_stamps_follow_the_process_in_order(self):
		"""AGR-14..19: every request passes the steps in order, so its stamps do (receipt confirmed, first
		response, diagnosis, solution proposed and confirmed, executed and verified, resolved, closed with
		feedback). A resolved ticket has each of them; each target's verdict is the one its stamp and deadline
		give (AGR-15, AGR-21..23); an on-site visit falls between the diagnosis and the verification (AGR-16)."""
		for ticket in self.tickets:
			with self.subTest(ticket=ticket.name, step=ticket.service_step):
				stamps = [(field, get_datetime(ticket[field])) for field in PROCESS_ORDER if ticket[field]]
				for (before, earlier), (after, later) in pairwise(stamps):
					self.assertLessEqual(earlier, later, f"{before} after {after}")
				if ticket.status in self.resolved:
					self.assertEqual([field for field, _at in stamps], list(PROCESS_ORDER))
					self.assertEqual(ticket.service_step, "Closed with feedback")
				for target in TARGETS:
					if ticket[target.event_field]:
						self.assertEqual(
							ticket[target.status_field],
							verdict(
								get_datetime(ticket[target.event_field]),
								get_datetime(ticket[target.due_field]),
							),
							target.name,
						)
				if ticket.diagnosis_mode == "On-site" and ticket.verified_on:
					self.assertLessEqual(get_datetime(ticket.diagnosed_on), get_datetime(ticket.visit_date))
					self.assertLessEqual(get_datetime(ticket.visit_date), get_datetime(ticket.verified_on))

	def test_an_open_ticket_waits_at_each_step_of_the_process(self):
		"""AGR-15..18: the agent UI shows the process at once, an open request at each step: only acknowledged
		(AGR-15), diagnosed remotely and on site with the visit's date, engineer and address (AGR-16), a
		solution awaiting the customer's confirmation and one confirmed (AGR-17), executed and verified but
		not yet resolved (AGR-18); and a training request to schedule (AGR-8)."""
		at = {}
		for ticket in self._open():
			at.setdefault(ticket.service_step, []).append(ticket)
		for step in (
			"Acknowledged",
			"Diagnosed",
			"Solution proposed",
			"Solution confirmed",
			"Executed and verified",
		):
			self.assertIn(step, at, f"no open ticket at {step}")
		self.assertTrue(all(t.acknowledged_on and not t.diagnosed_on for t in at["Acknowledged"]))
		modes = {t.diagnosis_mode for t in at["Diagnosed"]}
		self.assertEqual(modes, {"Remote", "On-site"})
		for ticket in at["Diagnosed"]:
			if ticket.diagnosis_mode == "On-site":
				self.assertTrue(ticket.visit_engineer and ticket.visit_address)
				self.assertGreater(get_datetime(ticket.visit_date), get_datetime(ticket.diagnosed_on))
		proposed = at["Solution proposed"]
		self.assertTrue(all(t.solution_proposed_on and not t.solution_confirmed_on for t in proposed))
		confirmed = at["Solution confirmed"]
		self.assertTrue(all(t.solution_confirmed_by and not t.verified_on for t in confirmed))
		verified = at["Executed and verified"]
		self.assertTrue(all(t.verification_note and not t.resolution_date for t in verified))
		self.assertTrue(any(t.ticket_type == "Training" for t in self._open()))
		closed = [t for t in self.tickets if t.status in self.resolved]
		self.assertTrue(closed)
		self.assertTrue(all(t.service_step == "Closed with feedback" and t.feedback_rating for t in closed))
