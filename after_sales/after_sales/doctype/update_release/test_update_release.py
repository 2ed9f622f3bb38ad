# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from after_sales.tests.utils import make_contract, make_customer, make_product, make_user, new_release


class TestUpdateRelease(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.product = make_product("_Test Release Product")
		cls.customers = [make_customer(f"_Test Release Customer {i}") for i in range(3)]
		for customer in cls.customers[:2]:
			make_contract(customer=customer, product=cls.product, start=add_days(today(), -30))
		# the third customer's contract ended long ago: not entitled (AGR-3)
		make_contract(
			customer=cls.customers[2], product=cls.product, start="2020-01-01", contract_end="2020-12-31"
		)

	def test_version_must_be_a_version_number(self):
		for bad in ("", "latest", "1..2", "v"):
			with self.subTest(version=bad):
				self.assertRaises(frappe.ValidationError, new_release(self.product, bad).insert)

	def test_version_unique_per_product(self):
		new_release(self.product, "3.1").insert()
		self.assertRaisesRegex(
			frappe.ValidationError, "already exists", new_release(self.product, "3.1").insert
		)
		self.assertRaisesRegex(
			frappe.ValidationError, "already exists", new_release(self.product, "3.1.0").insert
		)
		other = new_release(make_product("_Test Other Release Product"), "3.1").insert()
		self.assertTrue(other.name)

	def test_versions_sort_numerically(self):
		"""AGR-11: 2.10 is newer than 2.9, in SQL too."""
		product = make_product("_Test Sorting Product")
		for version in ("2.9", "2.10", "2.1", "10.0"):
			new_release(product, version).insert()
		ordered = frappe.get_all(
			"Update Release", filters={"product": product}, order_by="version_key desc", pluck="version"
		)
		self.assertEqual(ordered, ["10.0", "2.10", "2.9", "2.1"])

	def test_agr11_publish_targets_entitled_customers_and_tracks_reach(self):
		"""AGR-2, AGR-11: publishing reaches every customer with a covering contract; reach is tracked."""
		release = new_release(self.product, "4.0", release_type="Security").insert()
		release.publish()
		release.reload()
		self.assertEqual(release.status, "Published")
		self.assertTrue(release.published_on)
		self.assertEqual(sorted(row.customer for row in release.deliveries), self.customers[:2])
		self.assertEqual(release.entitled_customers, 2)
		self.assertEqual(release.reach_percent, 0)
		release.deliveries[0].status = "Installed"
		release.save()
		self.assertEqual(release.installed_customers, 1)
		self.assertEqual(release.reach_percent, 50)
		self.assertEqual(str(release.deliveries[0].installed_on), today())

	def test_publishing_cannot_be_undone(self):
		release = new_release(self.product, "4.1").insert()
		release.publish()
		release.reload()
		release.status = "Draft"
		self.assertRaisesRegex(frappe.ValidationError, "cannot be unpublished", release.save)
		release.reload()
		release.version = "4.2"
		self.assertRaisesRegex(frappe.ValidationError, "cannot change", release.save)
		release.reload()
		self.assertRaisesRegex(frappe.ValidationError, "already published", release.publish)

	def test_publish_needs_something_to_deliver(self):
		release = new_release(self.product, "4.3", download_link=None).insert()
		self.assertRaisesRegex(frappe.ValidationError, "before publishing", release.publish)
		self.assertEqual(frappe.db.get_value("Update Release", release.name, "status"), "Draft")

	def test_publish_with_no_entitled_customer(self):
		"""AGR-11: no entitled customer gives reach n/a (0 of 0), not a division by zero."""
		release = new_release(make_product("_Test Lonely Product"), "1.0").insert()
		release.publish()
		release.reload()
		self.assertEqual(release.status, "Published")
		self.assertEqual((release.entitled_customers, release.installed_customers), (0, 0))
		self.assertEqual(release.reach_percent, 0)

	def test_only_managers_publish(self):
		release = new_release(self.product, "4.4").insert()
		engineer = make_user("as.release.engineer@example.com", ("Service Engineer",))
		frappe.set_user(engineer)
		try:
			self.assertRaises(frappe.PermissionError, release.publish)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Update Release", release.name, "status"), "Draft")

	def test_declined_delivery_needs_a_reason(self):
		release = new_release(self.product, "4.5").insert()
		release.append("deliveries", {"customer": self.customers[0], "status": "Declined"})
		self.assertRaisesRegex(frappe.ValidationError, "reason", release.save)

	def test_one_delivery_per_customer(self):
		release = new_release(self.product, "4.6").insert()
		release.append("deliveries", {"customer": self.customers[0]})
		release.append("deliveries", {"customer": self.customers[0]})
		self.assertRaisesRegex(frappe.ValidationError, "listed twice", release.save)
