# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from after_sales.after_sales.doctype.service_contract.service_contract import ServiceContract
from after_sales.tasks import refresh_contract_statuses
from after_sales.tests.utils import make_contract, make_customer, make_product


class TestContractStatusJob(FrappeTestCase):
	def test_agr3_daily_job_moves_contracts_along_their_dates(self):
		"""AGR-2, AGR-3: the stored status follows the calendar without anyone saving the contract."""
		product = make_product("_Test Status Job Product")
		ending = make_contract(
			customer=make_customer("_Test Status Job A"),
			product=product,
			start=add_days(today(), -500),
			contract_end=add_days(today(), 5),
		)
		starting = make_contract(
			customer=make_customer("_Test Status Job B"), product=product, start=add_days(today(), 3)
		)
		# as they would look after the dates moved on: stale stored statuses
		frappe.db.set_value("Service Contract", ending.name, "status", "Active")
		frappe.db.set_value("Service Contract", starting.name, "status", "Scheduled")
		with self.freeze_time(add_days(today(), 4)):
			refresh_contract_statuses()
		self.assertEqual(frappe.db.get_value("Service Contract", ending.name, "status"), "Expiring")
		self.assertEqual(frappe.db.get_value("Service Contract", starting.name, "status"), "Active")
		with self.freeze_time(add_days(today(), 6)):
			refresh_contract_statuses()
		self.assertEqual(frappe.db.get_value("Service Contract", ending.name, "status"), "Expired")

	def test_one_bad_contract_does_not_stop_the_job(self):
		product = make_product("_Test Status Job Product")
		good = make_contract(
			customer=make_customer("_Test Status Job C"), product=product, start=add_days(today(), -10)
		)
		bad = make_contract(
			customer=make_customer("_Test Status Job D"), product=product, start=add_days(today(), -10)
		)
		for contract in (good, bad):
			frappe.db.set_value("Service Contract", contract.name, "status", "Scheduled")
		original = ServiceContract.compute_status

		def broken_for_bad(contract, on=None):
			if contract.name == bad.name:
				raise RuntimeError("corrupt contract")
			return original(contract, on)

		errors_before = frappe.db.count("Error Log")
		with patch.object(ServiceContract, "compute_status", broken_for_bad):
			refresh_contract_statuses()
		self.assertEqual(frappe.db.get_value("Service Contract", good.name, "status"), "Active")
		self.assertEqual(frappe.db.get_value("Service Contract", bad.name, "status"), "Scheduled")
		self.assertGreater(frappe.db.count("Error Log"), errors_before)
