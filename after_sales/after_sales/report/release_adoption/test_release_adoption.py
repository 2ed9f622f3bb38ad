# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from after_sales.after_sales.report.release_adoption.release_adoption import execute
from after_sales.tests.utils import make_contract, make_customer, make_product, new_release


class TestReleaseAdoption(FrappeTestCase):
	def test_agr11_newest_installed_version_and_releases_behind(self):
		"""AGR-11: per customer, the newest version installed and how far behind it is (2.10 after 2.9)."""
		product = make_product(f"_Test Adoption {frappe.generate_hash(length=5)}")
		ahead, behind = make_customer("_Test Adoption Ahead"), make_customer("_Test Adoption Behind")
		for customer in (ahead, behind):
			make_contract(customer=customer, product=product, start=add_days(today(), -10))
		old = new_release(product, "2.9").insert()
		old.publish()
		old.reload()
		for row in old.deliveries:
			if row.customer == ahead:
				row.status = "Installed"
		old.save()
		new_release(product, "2.10").insert().publish()
		_columns, data = execute({"product": product})
		rows = {row["customer"]: row for row in data}
		self.assertEqual(rows[ahead]["installed_version"], "2.9")
		self.assertEqual(rows[ahead]["latest_version"], "2.10")
		self.assertEqual(rows[ahead]["releases_behind"], 1)
		self.assertEqual(rows[behind]["releases_behind"], 2)
