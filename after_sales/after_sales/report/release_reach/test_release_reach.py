# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_to_date, now_datetime, today

from after_sales.after_sales.report.release_reach.release_reach import execute
from after_sales.tests.utils import make_contract, make_customer, make_product, new_release


class TestReleaseReach(FrappeTestCase):
	def test_agr11_reach_against_80_percent_and_open_deliveries_by_age(self):
		"""AGR-11: 4 of 5 entitled customers installed: 80%, not over it; one delivery open for 10 days."""
		product = make_product(f"_Test Reach {frappe.generate_hash(length=5)}")
		customers = [make_customer(f"_Test Reach Customer {product[-5:]} {i}") for i in range(5)]
		for customer in customers:
			make_contract(customer=customer, product=product, start=add_days(today(), -10))
		release = new_release(product, "1.0").insert()
		release.publish()
		release.reload()
		for row in release.deliveries[:4]:
			row.status = "Installed"
		release.save()
		frappe.db.set_value(
			"Update Release", release.name, "published_on", add_to_date(now_datetime(), days=-10)
		)
		_columns, data = execute({"product": product})
		(row,) = data
		self.assertEqual((row["entitled"], row["installed"], row["reach"]), (5, 4, 80.0))
		self.assertEqual(row["meets_target"], 0)
		self.assertEqual(
			(row["open_under_7_days"], row["open_7_to_30_days"], row["open_over_30_days"]), (0, 1, 0)
		)

	def test_period_filter_picks_releases_by_release_date(self):
		product = make_product(f"_Test Reach Period {frappe.generate_hash(length=5)}")
		make_contract(customer=make_customer(f"_Test Reach Period {product[-5:]}"), product=product)
		for version, released in (("1.0", "2026-01-15"), ("2.0", "2026-03-15")):
			new_release(product, version, release_date=released).insert().publish()
		_columns, data = execute({"product": product, "from_date": "2026-03-01", "to_date": "2026-03-31"})
		self.assertEqual([row["version"] for row in data], ["2.0"])
		self.assertEqual(len(execute({"product": product})[1]), 2)
