# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from after_sales.after_sales.doctype.service_contract.service_contract import ServiceContract
from after_sales.tasks import check_satisfaction, refresh_contract_statuses, send_contract_notices
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


class NoticeRecords:
	"""Contracts whose free year ends within the notice days, and what their notices left."""

	def contract(self, label: str):
		from after_sales.tests.utils import make_contact

		customer = make_customer(unique(label))
		contact = make_contact(f"{frappe.scrub(customer)}@example.com", customer)
		contract = make_contract(
			customer=customer,
			product=make_product("_Test Notice Product"),
			contacts=[{"contact": contact, "is_primary": 1}],
			start=add_days(today(), -350),  # the free year ends within the notice days
			contract_end=add_days(today(), 400),
		)
		return customer, contact, contract.name

	def mails(self, contract: str) -> int:
		return frappe.db.count(
			"Email Queue", {"reference_doctype": "Service Contract", "reference_name": contract}
		)

	def stamp(self, contract: str):
		return frappe.db.get_value("Service Contract", contract, "free_period_notice_sent_on")


class TestNoticesLeaveNoHalfState(NoticeRecords, FrappeTestCase):
	"""Issue 11 point 7: each notice is one unit (mail, stamp, comment)."""

	def test_agr2_a_failure_after_the_mail_is_queued_takes_the_mail_back(self):
		"""The notice's mail is queued, then its comment fails: no mail, no stamp, one log, and the other
		contracts' notices go out; the next run sends it once."""
		from after_sales.tests.utils import make_outgoing_email_account

		make_outgoing_email_account()
		_customer, _contact, broken = self.contract("_Test Notice Half")
		_customer, _contact, fine = self.contract("_Test Notice Whole")
		original = ServiceContract.add_comment

		def fail_for_broken(contract, *args, **kwargs):
			if contract.name == broken:
				self.assertEqual(self.mails(broken), 1)  # the mail is queued by now
				raise RuntimeError("comment table unavailable")
			return original(contract, *args, **kwargs)

		errors = frappe.db.count("Error Log", {"reference_name": broken})
		with patch.object(ServiceContract, "add_comment", fail_for_broken):
			send_contract_notices()
		self.assertEqual((self.mails(broken), self.stamp(broken)), (0, None))
		self.assertEqual(frappe.db.count("Error Log", {"reference_name": broken}), errors + 1)
		self.assertEqual(self.mails(fine), 1)
		self.assertTrue(self.stamp(fine))
		send_contract_notices()  # the next day's run: the notice goes out, once
		send_contract_notices()
		self.assertEqual(self.mails(broken), 1)
		self.assertTrue(self.stamp(broken))
		self.assertEqual(self.mails(fine), 1)


class TestNoticeRunsAtOnce(NoticeRecords, FrappeTestCase):
	"""Issue 11 point 7: two runs send each notice once. A class of its own: the records are committed for
	the runs' connections, and only this test's are in the transaction then."""

	def test_agr2_two_runs_at_once_send_each_notice_once(self):
		"""Two workers run the daily job at the same moment: every notice is mailed, commented and stamped
		once (the stamp is claimed in one conditional UPDATE; the second run finds it taken)."""
		from after_sales.tests.concurrency import committed, run_at_once, slow
		from after_sales.tests.utils import make_outgoing_email_account

		make_outgoing_email_account()
		records, contracts = [], []
		for i in range(3):
			customer, contact, contract = self.contract(f"_Test Notice Race {i}")
			records += [("HD Customer", customer), ("Contact", contact), ("Service Contract", contract)]
			contracts.append(contract)
		committed(self, *records)
		with slow("frappe.sendmail"):
			errors = run_at_once(send_contract_notices)
		self.assertEqual(errors, [])
		for contract in contracts:
			self.assertEqual(self.mails(contract), 1, contract)
			self.assertTrue(self.stamp(contract))
			comments = frappe.db.count(
				"Comment",
				{"reference_doctype": "Service Contract", "reference_name": contract, "comment_type": "Info"},
			)
			self.assertEqual(comments, 1, contract)


class TestSatisfactionAlertRunsAtOnce(FrappeTestCase):
	"""Issue 11 point 7 (AGR-27): two runs of the daily satisfaction check warn each manager once. A class
	of its own: the records are committed for the runs' connections."""

	def test_agr27_two_runs_at_once_warn_each_manager_once(self):
		from after_sales.tests.concurrency import committed, run_at_once, slow
		from after_sales.tests.utils import make_user

		manager = make_user(
			f"csat.race.{frappe.generate_hash(length=6)}@example.com", ("After Sales Manager",)
		)
		committed(self, ("User", manager))

		def alerts():
			return frappe.get_all("Notification Log", filters={"for_user": manager}, pluck="name")

		def remove_alerts():
			for name in alerts():
				frappe.delete_doc("Notification Log", name, force=True, ignore_permissions=True)
			frappe.db.commit()

		self.addCleanup(remove_alerts)
		unhappy = patch(
			"after_sales.after_sales.report.service_volume_and_satisfaction.service_volume_and_satisfaction.rolling_satisfaction",
			return_value=(50.0, 6),
		)
		with unhappy, slow("after_sales.jobs.lock"):
			errors = run_at_once(check_satisfaction)
		self.assertEqual(errors, [])
		self.assertEqual(len(alerts()), 1)
