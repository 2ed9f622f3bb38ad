# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from after_sales import demo


class TestDemo(FrappeTestCase):
	def test_demo_refuses_without_developer_mode_and_is_idempotent(self):
		with patch.dict(frappe.conf, {"developer_mode": 0}):
			self.assertRaises(frappe.ValidationError, demo.create)
		suffix = frappe.generate_hash(length=5)
		customers = tuple(
			(f"{name} {suffix}", email.replace("@", f".{suffix}@"), person, offset)
			for name, email, person, offset in demo.CUSTOMERS
		)
		first = customers[0][0]
		with (
			patch.object(demo, "MARKER", f"Demo Product {suffix}"),
			patch.object(demo, "CUSTOMERS", customers),
			patch.object(demo, "TRAINER", f"trainer.{suffix}@demo.example.com"),
			patch.object(demo, "ENGINEER", f"engineer.{suffix}@demo.example.com"),
			patch.object(frappe.db, "commit", lambda: None),
			# the demo's users come on top of the suite's: past Frappe's 60 a minute (throttle_user_creation)
			patch.dict(frappe.local.conf, {"throttle_user_limit": 100000}),
		):
			demo.create(force=True)
			tickets = frappe.db.count("HD Ticket", {"customer": first})
			demo.create(force=True)
			self.assertEqual(frappe.db.count("HD Ticket", {"customer": first}), tickets)
			reach = frappe.get_all("Update Release", filters={"product": demo.MARKER}, pluck="reach_percent")
		self.assertGreater(tickets, 10)
		statuses = set(frappe.get_all("HD Ticket", filters={"customer": first}, pluck="response_status"))
		self.assertIn("Breached", statuses)
		self.assertIn("Met", statuses)
		self.assertTrue(any(0 < r < 100 for r in reach))
		# the two paying customers' contacts can log in to the portal and see their own contract
		contact_user = customers[0][1]
		self.assertEqual(frappe.db.get_value("User", contact_user, "user_type"), "Website User")
		self.assertEqual(frappe.db.get_value("Contact", {"email_id": contact_user}, "user"), contact_user)
		from after_sales.permissions import customers_of

		self.assertEqual(customers_of(contact_user), [first])
		self.assertFalse(frappe.db.exists("User", customers[2][1]))  # the expired customer's contact
		# last month's service report is there to open, with the commitments measured
		report = frappe.get_doc("Monthly Service Report", {"customer": first})
		self.assertEqual(report.status, "Draft")
		self.assertGreater(report.total_requests, 0)
		self.assertGreater(report.commitments_measured, 0)
