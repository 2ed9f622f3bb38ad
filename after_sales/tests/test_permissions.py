# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""AGR-25: a customer's contact sees only its own customer's records, through every read path."""

from datetime import datetime

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from after_sales.tests.utils import (
	as_user,
	make_contract,
	make_customer,
	make_product,
	make_user,
	new_release,
	new_session,
	portal_user,
)


class TestWhoSeesWhat(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		suffix = frappe.generate_hash(length=5)
		cls.product = make_product(f"_Test Secure Product {suffix}")
		cls.a = make_customer(f"_Test Secure A {suffix}")
		cls.b = make_customer(f"_Test Secure B {suffix}")
		cls.alice = portal_user(f"alice.{suffix}@example.com", cls.a)
		cls.bob = portal_user(f"bob.{suffix}@example.com", cls.b)
		cls.both = portal_user(f"both.{suffix}@example.com", cls.a, cls.b)
		cls.agent = make_user(f"agent.{suffix}@example.com", ("Agent",))
		cls.contract_a = make_contract(customer=cls.a, product=cls.product, start=add_days(today(), -5))
		cls.contract_b = make_contract(customer=cls.b, product=cls.product, start=add_days(today(), -5))
		release = new_release(cls.product, "1.0").insert()
		release.publish()
		cls.release = release.name
		trainer = make_user(f"trainer.{suffix}@example.com", ("Service Engineer",))
		cls.session_b = new_session(trainer, datetime(2035, 1, 2, 9), customer=cls.b).insert().name
		cls.open_session = new_session(trainer, datetime(2035, 1, 3, 9)).insert().name
		cls.internal = new_session(trainer, datetime(2035, 1, 4, 9), is_internal=1).insert().name

	def names(self, doctype, user, **kwargs):
		with as_user(user):
			return set(frappe.get_list(doctype, pluck="name", **kwargs))

	def test_agr25_contact_lists_only_its_customers_contracts(self):
		mine = {self.contract_a.name, self.contract_b.name}
		self.assertEqual(self.names("Service Contract", self.alice) & mine, {self.contract_a.name})
		self.assertEqual(self.names("Service Contract", self.bob) & mine, {self.contract_b.name})
		self.assertEqual(self.names("Service Contract", self.both) & mine, mine)
		self.assertEqual(self.names("Service Contract", self.agent) & mine, mine)
		self.assertEqual(len(self.names("Service Contract", self.alice)), 1)

	def test_agr25_single_reads_and_writes(self):
		with as_user(self.alice):
			self.assertTrue(frappe.has_permission("Service Contract", "read", self.contract_a.name))
			self.assertFalse(frappe.has_permission("Service Contract", "read", self.contract_b.name))
			self.assertFalse(frappe.has_permission("Service Contract", "write", self.contract_a.name))
			self.assertRaises(
				frappe.PermissionError, frappe.client.get, "Service Contract", self.contract_b.name
			)
			self.assertEqual(frappe.client.get("Service Contract", self.contract_a.name)["customer"], self.a)
			doc = frappe.get_doc("Service Contract", self.contract_a.name)
			self.assertRaises(frappe.PermissionError, doc.check_permission, "write")

	def test_agr25_the_api_paths_use_the_same_rule(self):
		"""frappe.client.get_list (/api/method/...), reportview (list views) and get_count agree."""
		from frappe.desk.reportview import get_count

		with as_user(self.alice):
			listed = {r["name"] for r in frappe.client.get_list("Service Contract", limit_page_length=0)}
			frappe.local.form_dict = frappe._dict(doctype="Service Contract", filters="[]")
			count = get_count()
		self.assertEqual(listed, {self.contract_a.name})
		self.assertEqual(count, 1)

	def test_agr25_releases_only_where_delivered(self):
		self.assertIn(self.release, self.names("Update Release", self.alice))
		outsider = portal_user(
			f"outsider.{frappe.generate_hash(length=5)}@example.com", make_customer("_Test Outsider")
		)
		self.assertNotIn(self.release, self.names("Update Release", outsider))
		draft = new_release(self.product, "2.0").insert().name
		self.assertNotIn(draft, self.names("Update Release", self.alice))

	def test_agr25_training_own_and_open_sessions_only(self):
		seen = self.names("Training Session", self.alice)
		self.assertIn(self.open_session, seen)
		self.assertNotIn(self.session_b, seen)
		self.assertNotIn(self.internal, seen)
		self.assertIn(self.session_b, self.names("Training Session", self.bob))

	def test_agr25_guest_sees_nothing(self):
		with as_user("Guest"):
			for doctype in ("Service Contract", "Update Release", "Training Session", "Service Follow-up"):
				self.assertRaises(frappe.PermissionError, frappe.get_list, doctype)

	def test_agr25_reports_are_for_staff(self):
		from frappe.desk.query_report import run

		with as_user(self.alice):
			self.assertRaises(frappe.PermissionError, run, "Release Adoption", filters={})
		with as_user(self.agent):
			result = run("Release Adoption", filters={"product": self.product})
		self.assertEqual({row["customer"] for row in result["result"]}, {self.a, self.b})

	def test_agr25_private_release_file_follows_the_release(self):
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"setup-{frappe.generate_hash(length=5)}.zip",
				"content": b"release bits",
				"is_private": 1,
				"attached_to_doctype": "Update Release",
				"attached_to_name": self.release,
			}
		).insert(ignore_permissions=True)
		outsider = portal_user(
			f"outsider2.{frappe.generate_hash(length=5)}@example.com", make_customer("_Test Outsider 2")
		)
		with as_user(self.alice):
			self.assertTrue(file.is_downloadable())
		with as_user(outsider):
			self.assertFalse(file.is_downloadable())
