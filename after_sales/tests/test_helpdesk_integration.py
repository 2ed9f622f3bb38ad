# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""integrations/helpdesk.py reads both shapes of "the customers of a contact" (AGR-25): Helpdesk up to
1.27 links a Contact to its HD Customers with Dynamic Links; 1.28 moves them into the customer's
`HD Customer Member` rows. This site runs 1.25, so the 1.28 rows are stood in for where Frappe is asked."""

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from after_sales.integrations import helpdesk
from after_sales.tests.utils import make_contact, make_customer


class TestCustomersOfContacts(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		suffix = frappe.generate_hash(length=5)
		cls.linked = make_customer(f"_Test Linked Co {suffix}")
		cls.member = make_customer(f"_Test Member Co {suffix}")
		cls.contact = make_contact(f"shapes.{suffix}@example.com", cls.linked)

	def members(self, rows: list[dict]):
		"""Helpdesk 1.28's rows: (customer, contact) pairs, answered where get_all reads that doctype."""
		real_get_all = frappe.get_all

		def get_all(doctype, *args, **kwargs):
			if doctype != helpdesk.CUSTOMER_MEMBER:
				return real_get_all(doctype, *args, **kwargs)
			filters = kwargs["filters"]
			wanted_contacts = set(filters.get("contact_name", ("in", [r["contact"] for r in rows]))[1])
			wanted_customers = set(filters.get("parent", ("in", [r["customer"] for r in rows]))[1])
			picked = [
				r for r in rows if r["contact"] in wanted_contacts and r["customer"] in wanted_customers
			]
			key = {"parent": "customer", "contact_name": "contact"}[kwargs["pluck"]]
			return [r[key] for r in picked]

		return patch.multiple(
			helpdesk,
			_has_customer_members=lambda: True,
		), patch.object(frappe, "get_all", get_all)

	def test_agr25_dynamic_links_alone_on_helpdesk_1_25(self):
		self.assertEqual(helpdesk.customers_of_contacts([self.contact]), [self.linked])
		self.assertIn(self.contact, helpdesk.contacts_of_customers([self.linked]))
		self.assertFalse(helpdesk.contact_belongs_to(self.contact, self.member))

	def test_agr25_customer_member_rows_on_helpdesk_1_28(self):
		shape, rows = self.members([{"customer": self.member, "contact": self.contact}])
		with shape, rows:
			self.assertEqual(
				helpdesk.customers_of_contacts([self.contact]), sorted([self.linked, self.member])
			)
			self.assertIn(self.contact, helpdesk.contacts_of_customers([self.member]))
			self.assertTrue(helpdesk.contact_belongs_to(self.contact, self.member))
