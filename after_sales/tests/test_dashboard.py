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


class TestDashboardCharts(FrappeTestCase):
	def test_compliance_by_week_chart(self):
		"""AGR-10, AGR-15: twelve weeks of shares within target, for the service team only."""
		from after_sales.after_sales.dashboard_chart_source.agreement_compliance_by_week.agreement_compliance_by_week import (
			get,
		)

		now = frappe.utils.now_datetime()
		customer = make_customer(f"_Test Weekly {frappe.generate_hash(length=5)}")
		frappe.db.bulk_insert(
			"HD Ticket",
			[
				"name",
				"subject",
				"status",
				"customer",
				"opening_date",
				"creation",
				"modified",
				"owner",
				"urgency",
				"response_status",
			],
			[
				(
					f"WK-{customer[-5:]}-{i}",
					"Weekly",
					"Open",
					customer,
					today(),
					now,
					now,
					"Administrator",
					"General fault",
					status,
				)
				for i, status in enumerate(("Met", "Met", "Met", "Breached"))
			],
		)
		# only this test's tickets count in this week's bucket (other tests' tickets may fall in it)
		frappe.db.sql(
			"update `tabHD Ticket` set response_status = null where opening_date >= %s and customer != %s",
			(add_days(today(), -7), customer),
		)
		chart = get()
		self.assertEqual(len(chart["labels"]), 12)
		self.assertEqual(chart["datasets"][1]["values"][-1], 75.0)
		outsider = portal_user(
			f"charts.{frappe.generate_hash(length=5)}@example.com", make_customer("_Test Charts Out")
		)
		with as_user(outsider):
			self.assertRaises(frappe.PermissionError, get)
		self.assertEqual(
			frappe.db.get_value("Dashboard Chart", "Volume by Channel", "group_by_based_on"),
			"request_channel",
		)
