# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from after_sales.after_sales.doctype.service_contract.service_contract import ServiceContract
from after_sales.tasks import refresh_contract_statuses, send_contract_notices
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


def unique(name: str) -> str:
	"""A fresh name per run: mail sent in a test commits, so records may outlive their test."""
	return f"{name} {frappe.generate_hash(length=6)}"


class TestContractNotices(FrappeTestCase):
	def contract(self, customer, **kwargs):
		from after_sales.tests.utils import make_contact

		contact = make_contact(f"{frappe.scrub(customer)}@example.com", customer)
		return make_contract(
			customer=customer,
			product=make_product("_Test Notice Product"),
			contacts=[{"contact": contact, "is_primary": 1}],
			**kwargs,
		)

	def mails(self, contract):
		return frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Service Contract", "reference_name": contract},
			pluck="name",
		)

	def test_agr2_free_period_end_is_announced_once(self):
		"""AGR-2, AGR-3: contacts hear before the free year ends, once."""
		from after_sales.tests.utils import make_outgoing_email_account

		make_outgoing_email_account()
		contract = self.contract(
			make_customer(unique("_Test Notice Free")),
			start=add_days(today(), -350),
			contract_end=add_days(today(), 400),
		)
		send_contract_notices()
		send_contract_notices()
		self.assertEqual(len(self.mails(contract.name)), 1)
		self.assertTrue(frappe.db.get_value("Service Contract", contract.name, "free_period_notice_sent_on"))
		self.assertFalse(frappe.db.get_value("Service Contract", contract.name, "end_notice_sent_on"))

	def test_agr2_notices_wait_for_a_site_that_can_send(self):
		from after_sales.tests.utils import make_outgoing_email_account

		make_outgoing_email_account()
		contract = self.contract(
			make_customer(unique("_Test Notice Offline")),
			start=add_days(today(), -350),
			contract_end=add_days(today(), 400),
		)
		with patch("after_sales.mail.can_send", return_value=False):
			send_contract_notices()
		self.assertFalse(frappe.db.get_value("Service Contract", contract.name, "free_period_notice_sent_on"))
		self.assertFalse(self.mails(contract.name))
		send_contract_notices()
		self.assertEqual(len(self.mails(contract.name)), 1)

	def test_agr3_contract_end_is_announced_unless_renewed(self):
		from after_sales.tests.utils import make_outgoing_email_account

		make_outgoing_email_account()
		ending = self.contract(
			make_customer(unique("_Test Notice End")),
			start=add_days(today(), -700),
			contract_end=add_days(today(), 20),
		)
		renewed = self.contract(
			make_customer(unique("_Test Notice Renewed")),
			start=add_days(today(), -700),
			contract_end=add_days(today(), 20),
		)
		renewal = frappe.get_doc("Service Contract", renewed.make_renewal())
		renewal.submit()
		send_contract_notices()
		self.assertTrue(frappe.db.get_value("Service Contract", ending.name, "end_notice_sent_on"))
		self.assertEqual(len(self.mails(ending.name)), 1)
		self.assertFalse(self.mails(renewed.name))

	def test_agr3_renewal_continues_the_dates_and_marks_the_old_contract(self):
		"""AGR-3: renewal in one action: a draft continuing the dates, the old one Renewed once submitted."""
		old = self.contract(
			make_customer(unique("_Test Renewal")), start="2026-01-01", contract_end="2026-12-31"
		)
		name = old.make_renewal()
		self.assertEqual(old.make_renewal(), name)  # asking again gives the same draft
		renewal = frappe.get_doc("Service Contract", name)
		self.assertEqual((renewal.docstatus, renewal.previous_contract), (0, old.name))
		self.assertEqual(str(renewal.contract_start), "2027-01-01")
		self.assertEqual(str(renewal.contract_end), "2027-12-31")
		self.assertEqual(renewal.free_service_months, 0)
		self.assertEqual(len(renewal.contacts), 1)
		renewal.submit()
		self.assertEqual(frappe.db.get_value("Service Contract", old.name, "status"), "Renewed")
