# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from after_sales.tests.utils import (
	make_contact,
	make_contract,
	make_customer,
	make_policy,
	make_product,
	make_user,
	new_contract,
)


class TestServiceContract(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.customer = make_customer("_Test Contract Customer")
		cls.product = make_product("_Test Contract Product")

	def contract(self, **kwargs):
		return new_contract(customer=self.customer, product=self.product, **kwargs)

	def test_end_must_follow_start(self):
		doc = self.contract(start="2026-06-01", contract_end="2026-05-31")
		self.assertRaisesRegex(frappe.ValidationError, "must be after its start", doc.insert)

	def test_agr2_free_service_is_at_least_twelve_months(self):
		"""AGR-2: fewer than 12 free months is refused."""
		doc = self.contract(start="2026-01-01", free_service_months=11)
		self.assertRaisesRegex(frappe.ValidationError, "at least 12 months", doc.insert)

	def test_agr2_free_service_end_is_computed_with_month_ends(self):
		"""AGR-2: the free period runs 12 months from the start; month ends are handled."""
		doc = self.contract(start="2027-01-31", contract_end="2029-01-30", free_service_months=13).insert()
		self.assertEqual(getdate(doc.free_service_end), date(2028, 2, 28))
		doc = self.contract(start="2030-01-01", contract_end="2030-12-31").insert()
		self.assertEqual(getdate(doc.free_service_end), date(2030, 12, 31))

	def test_agr2_free_period_must_fit_in_the_contract(self):
		doc = self.contract(start="2026-01-01", contract_end="2026-06-30")
		self.assertRaisesRegex(frappe.ValidationError, "past the contract end", doc.insert)

	def test_agr3_renewal_may_have_no_free_period(self):
		"""AGR-3: after the free period, service continues under a paid renewal."""
		first = make_contract(
			customer=self.customer, product=self.product, start="2031-01-01", contract_end="2031-12-31"
		)
		renewal = self.contract(
			start="2032-01-01", contract_end="2032-12-31", free_service_months=0, previous_contract=first.name
		).insert()
		self.assertIsNone(renewal.free_service_end)
		renewal.submit()
		self.assertEqual(frappe.db.get_value("Service Contract", first.name, "status"), "Renewed")
		renewal.cancel()
		self.assertNotEqual(frappe.db.get_value("Service Contract", first.name, "status"), "Renewed")

	def test_policy_must_be_enabled(self):
		policy = make_policy("_Test Disabled Policy For Contract")
		frappe.db.set_value("SLA Policy", policy, "enabled", 0)
		doc = self.contract(sla_policy=policy)
		self.assertRaisesRegex(frappe.ValidationError, "is disabled", doc.insert)

	def test_disabled_product_is_refused(self):
		product = make_product("_Test Retired Product", disabled=1)
		doc = new_contract(customer=self.customer, product=product)
		self.assertRaisesRegex(frappe.ValidationError, "is disabled", doc.insert)

	def test_no_two_overlapping_contracts_for_customer_and_product(self):
		make_contract(
			customer=self.customer, product=self.product, start="2040-01-01", contract_end="2041-12-31"
		)
		overlapping = self.contract(start="2041-06-01", contract_end="2043-05-31")
		self.assertRaisesRegex(frappe.ValidationError, "must not overlap", overlapping.insert)
		adjacent = self.contract(start="2042-01-01", contract_end="2043-12-31").insert()
		adjacent.submit()
		other_product = new_contract(
			customer=self.customer, product=make_product("_Test Other Product"), start="2041-06-01"
		).insert()
		self.assertTrue(other_product.name)

	def test_cancelled_contract_does_not_block(self):
		old = make_contract(
			customer=self.customer, product=self.product, start="2050-01-01", contract_end="2050-12-31"
		)
		old.cancel()
		self.assertEqual(frappe.db.get_value("Service Contract", old.name, "status"), "Cancelled")
		replacement = self.contract(start="2050-01-01", contract_end="2050-12-31").insert()
		replacement.submit()
		self.assertEqual(replacement.docstatus, 1)

	def test_contacts_belong_to_the_customer(self):
		"""AGR-25: a contract lists only its own customer's contacts."""
		own = make_contact("own.contact@example.com", self.customer)
		stranger = make_contact("stranger@example.com", make_customer("_Test Stranger Customer"))
		doc = self.contract(
			start="2060-01-01", contacts=[{"contact": own, "is_primary": 1}, {"contact": stranger}]
		)
		self.assertRaisesRegex(frappe.ValidationError, "does not belong", doc.insert)
		doc = self.contract(start="2060-01-01", contacts=[{"contact": own}, {"contact": own}])
		self.assertRaisesRegex(frappe.ValidationError, "listed twice", doc.insert)

	def test_contacts_change_after_submission_under_the_same_rules(self):
		"""People come and go during a contract: its contacts (and the monthly report opt-out) can be
		changed after submission, still only the customer's own (AGR-25); the terms cannot."""
		first = make_contact("first.contact@example.com", self.customer)
		second = make_contact("second.contact@example.com", self.customer)
		stranger = make_contact("stranger@example.com", make_customer("_Test Stranger Customer"))
		doc = self.contract(start="2070-01-01", contacts=[{"contact": first, "is_primary": 1}])
		doc.insert()
		doc.submit()
		doc.append("contacts", {"contact": second})
		doc.send_monthly_report = 0
		doc.save()
		doc.reload()
		self.assertEqual(
			[(r.contact, r.email_id) for r in doc.contacts][1], (second, "second.contact@example.com")
		)
		self.assertEqual(doc.send_monthly_report, 0)
		doc.contacts = [row for row in doc.contacts if row.contact == second]
		doc.save()
		self.assertEqual([r.contact for r in doc.reload().contacts], [second])
		doc.append("contacts", {"contact": stranger})
		self.assertRaisesRegex(frappe.ValidationError, "does not belong", doc.save)
		doc.reload()
		doc.contract_end = add_days(doc.contract_end, 30)
		self.assertRaises(frappe.UpdateAfterSubmitError, doc.save)

	def test_status_follows_the_dates(self):
		"""AGR-2, AGR-3: status is computed, never typed."""
		draft = self.contract(start=add_days(today(), -10)).insert()
		self.assertEqual(draft.status, "Draft")
		draft.submit()
		self.assertEqual(draft.status, "Active")
		future = make_contract(
			customer=make_customer("_Test Future Customer"), product=self.product, start=add_days(today(), 30)
		)
		self.assertEqual(future.status, "Scheduled")
		ending = make_contract(
			customer=make_customer("_Test Ending Customer"),
			product=self.product,
			start=add_days(today(), -400),
			contract_end=add_days(today(), 10),
		)
		self.assertEqual(ending.status, "Expiring")
		self.assertEqual(ending.compute_status(on=add_days(today(), 11)), "Expired")

	def test_roles(self):
		"""Agents and engineers read contracts; only managers create them."""
		contract = make_contract(
			customer=make_customer("_Test Role Customer"), product=self.product, start="2070-01-01"
		)
		agent = make_user("as.agent@example.com", ("Agent",))
		manager = make_user("as.manager@example.com", ("After Sales Manager",))
		engineer = make_user("as.engineer@example.com", ("Service Engineer",))
		for user in (agent, engineer):
			self.assertTrue(frappe.has_permission("Service Contract", "read", contract, user=user))
			self.assertFalse(frappe.has_permission("Service Contract", "create", user=user))
			self.assertFalse(frappe.has_permission("Service Contract", "submit", contract, user=user))
			self.assertTrue(frappe.has_permission("SLA Policy", "read", user=user))
			self.assertFalse(frappe.has_permission("SLA Policy", "write", user=user))
		self.assertTrue(frappe.has_permission("Service Contract", "submit", contract, user=manager))
		self.assertTrue(frappe.has_permission("SLA Policy", "write", user=manager))
