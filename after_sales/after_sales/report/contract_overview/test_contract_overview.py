# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from after_sales.after_sales.report.contract_overview.contract_overview import execute
from after_sales.integrations import helpdesk
from after_sales.tests.utils import make_contract, make_customer, make_product, make_user


class TestContractOverview(FrappeTestCase):
	def test_agr2_3_free_expiring_and_expired_without_renewal(self):
		"""AGR-2, AGR-3: which contracts are in the free year, about to end, or ended without renewal."""
		product = make_product(f"_Test Overview {frappe.generate_hash(length=5)}")
		fresh = make_contract(
			customer=make_customer(f"_Test Fresh {product[-5:]}"),
			product=product,
			start=add_days(today(), -10),
		)
		ending = make_contract(
			customer=make_customer(f"_Test Ending {product[-5:]}"),
			product=product,
			start=add_days(today(), -700),
			contract_end=add_days(today(), 10),
		)
		lapsed = make_contract(
			customer=make_customer(f"_Test Lapsed {product[-5:]}"),
			product=product,
			start=add_days(today(), -900),
			contract_end=add_days(today(), -20),
		)
		_columns, data, _message, _chart, summary = execute({"product": product})
		rows = {r["contract"]: r for r in data}
		self.assertEqual(rows[fresh.name]["in_free_period"], 1)
		self.assertEqual(rows[ending.name]["expiring_soon"], 1)
		self.assertEqual(rows[ending.name]["in_free_period"], 0)
		self.assertEqual(rows[lapsed.name]["expired_unrenewed"], 1)
		self.assertEqual([s["value"] for s in summary], [2, 1, 1, 1])

	def test_agr12_service_centre_filter(self):
		"""AGR-12: each regional service centre sees its own contracts."""
		product = make_product(f"_Test Overview Centre {frappe.generate_hash(length=5)}")
		centres = []
		for name in ("East", "North"):
			team = f"_Test {name} Centre {product[-5:]}"
			helpdesk.make_team(team, [make_user("overview.centre.agent@example.com", ("Agent",))])
			centres.append(team)
		east, _north = (
			make_contract(
				customer=make_customer(f"_Test Centre {team}"),
				product=product,
				start=add_days(today(), -10),
				service_centre=team,
			)
			for team in centres
		)
		_columns, data, *_rest = execute({"product": product, "service_centre": centres[0]})
		self.assertEqual([r["contract"] for r in data], [east.name])
