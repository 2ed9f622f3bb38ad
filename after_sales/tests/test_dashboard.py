# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from after_sales import dashboard
from after_sales.tests.test_permissions import portal_user
from after_sales.tests.utils import as_user, make_contract, make_customer, make_product, new_release


class TestNumberCards(FrappeTestCase):
	def test_cards_compute_and_respect_the_viewer(self):
		"""AGR-3, AGR-11, AGR-25: the workspace figures, and customers never get the team's figures."""
		product = make_product(f"_Test Cards {frappe.generate_hash(length=5)}")
		customer = make_customer(f"_Test Cards Customer {product[-5:]}")
		before = dashboard.contracts_expiring()["value"]
		make_contract(
			customer=customer,
			product=product,
			start=add_days(today(), -700),
			contract_end=add_days(today(), 5),
		)
		self.assertEqual(dashboard.contracts_expiring()["value"], before + 1)
		release = new_release(product, "1.0").insert()
		release.publish()
		release.reload()
		release.deliveries[0].status = "Installed"
		release.save()
		self.assertEqual(dashboard.latest_release_reach()["value"], 100)
		for card in (
			dashboard.tickets_at_risk,
			dashboard.breached_today,
			dashboard.acknowledged_in_time_this_month,
			dashboard.satisfaction_30_days,
		):
			self.assertIsInstance(card()["value"], int | float)
		outsider = portal_user(
			f"cards.{frappe.generate_hash(length=5)}@example.com", make_customer("_Test Cards Out")
		)
		with as_user(outsider):
			self.assertRaises(frappe.PermissionError, dashboard.breached_today)
			self.assertRaises(frappe.PermissionError, dashboard.satisfaction_30_days)
			self.assertEqual(dashboard.contracts_expiring()["value"], 0)  # none of its own
		self.assertTrue(frappe.db.exists("Number Card", "Tickets at Risk"))
