# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The contract a new ticket gets is read through a cache (service_terms.find_contract, issue 14): a contract
just signed covers the customer's very next ticket, one cancelled or ended covers none, an amendment's terms
apply at once (AGR-2, AGR-3, AGR-6..13); and a covered customer's new ticket costs at most 3 queries in the
app's hooks."""

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, today

from after_sales import service_terms
from after_sales.overrides import hd_ticket
from after_sales.tests.test_coverage import make_ticket_type
from after_sales.tests.utils import (
	make_contact,
	make_contract,
	make_customer,
	make_outgoing_email_account,
	make_product,
	make_ticket,
)

NO_CONTRACT, NOT_COVERED = "No active contract", "Not covered by the contract"


class TestContractCache(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_outgoing_email_account()
		for ticket_type in ("Installation", "Fault"):
			make_ticket_type(ticket_type)
		cls.product = make_product("_Test Cache Product")

	def setUp(self):
		"""A customer of each test's own, with one contact."""
		name = self._testMethodName.removeprefix("test_")[:40]
		self.customer = make_customer(f"_Test Cache {name}")
		self.email = f"{name}@cache.example.com"
		make_contact(self.email, self.customer)

	def ticket(self, **kwargs):
		return make_ticket(raised_by=self.email, **kwargs)

	def contract(self, **kwargs):
		return make_contract(customer=self.customer, product=self.product, **kwargs)

	def signed_long_ago(self):
		"""A contract change stops caching the customer's contracts for a while (CHANGED_MARK_SECONDS): let
		that while be over, as it is for a contract signed before today."""
		frappe.cache.delete(service_terms.contracts_cache_key(self.customer))

	def assertCached(self, day=None):
		with self.assertQueryCount(0):
			service_terms.find_contract(self.customer, day or today())

	def test_agr2_a_contract_just_signed_covers_the_customers_next_ticket(self):
		"""AGR-2: a customer without a contract (cached as such) signs one: its next ticket is free service."""
		self.assertEqual(self.ticket().service_entitlement, NO_CONTRACT)
		self.assertCached()
		contract = self.contract()
		ticket = self.ticket()
		self.assertEqual(ticket.service_contract, contract.name)
		self.assertEqual(ticket.service_entitlement, "Free service")

	def test_agr3_a_cancelled_contract_covers_no_later_ticket(self):
		"""AGR-3: service continues only under a contract: once it is cancelled, the next ticket has none."""
		contract = self.contract()
		self.signed_long_ago()
		self.assertEqual(self.ticket().service_contract, contract.name)
		self.assertCached()
		contract.cancel()
		ticket = self.ticket()
		self.assertFalse(ticket.service_contract)
		self.assertEqual(ticket.service_entitlement, NO_CONTRACT)

	def test_agr3_a_contract_that_ended_covers_no_ticket_after_its_end(self):
		"""AGR-3: the cache is per day: a contract cached on its last day covers nothing the day after."""
		last_day = add_days(today(), -1)
		contract = self.contract(start=add_days(today(), -400), contract_end=last_day)
		self.signed_long_ago()
		with self.freeze_time(f"{last_day} 12:00:00"):
			self.assertEqual(self.ticket().service_contract, contract.name)
			self.assertCached(last_day)
		ticket = self.ticket()
		self.assertFalse(ticket.service_contract)
		self.assertEqual(ticket.service_entitlement, NO_CONTRACT)

	def test_agr6_13_an_amended_contracts_service_types_apply_to_the_next_ticket(self):
		"""AGR-6..13: a contract covering only Installation is amended to cover Faults too: the customer's next
		Fault ticket is covered."""
		contract = self.contract(service_types=[{"ticket_type": "Installation"}])
		self.signed_long_ago()
		self.assertEqual(self.ticket(ticket_type="Fault").service_entitlement, NOT_COVERED)
		self.assertCached()
		contract.cancel()
		amended = frappe.copy_doc(contract)
		amended.amended_from, amended.docstatus = contract.name, 0
		amended.append("service_types", {"ticket_type": "Fault"})
		amended.insert()
		amended.submit()
		ticket = self.ticket(ticket_type="Fault")
		self.assertEqual(ticket.service_contract, amended.name)
		self.assertEqual(ticket.service_entitlement, "Free service")

	def test_agr2_3_a_change_while_a_ticket_reads_the_contracts_is_not_overwritten(self):
		"""AGR-2, AGR-3: a contract changes while a ticket reads the database as it was: what that ticket read is
		not cached, so the next ticket reads the change."""
		self.contract()
		self.signed_long_ago()
		read = service_terms._rows_in_db

		def read_while_a_contract_changes(customer, on):
			found = read(customer, on)
			service_terms.forget_contracts(customer)  # another worker commits a change now
			return found

		with patch.object(service_terms, "_rows_in_db", read_while_a_contract_changes):
			service_terms.find_contract(self.customer, today())
		with patch.object(service_terms, "_rows_in_db", wraps=read) as database:
			service_terms.find_contract(self.customer, today())
		database.assert_called_once()

	@change_settings("After Sales Settings", {"send_acknowledgement": 0})  # tests run the mail job inline
	def test_issue14_a_covered_customers_new_ticket_costs_at_most_3_queries_in_the_apps_hooks(self):
		"""Issue 14: contract (cached per customer and day), policy, settings, Helpdesk's SLA and statuses are
		not read again for every ticket."""
		self.contract()
		self.signed_long_ago()
		self.ticket()  # the first of the day reads the contract
		inside, counted, sql = [0], [0], frappe.db.sql

		def counting(*args, **kwargs):
			counted[0] += bool(inside[0])
			return sql(*args, **kwargs)

		def in_hooks(handler):
			def run(doc, method=None):
				inside[0] += 1
				try:
					return handler(doc, method)
				finally:
					inside[0] -= 1

			return run

		handlers = {name: in_hooks(getattr(hd_ticket, name)) for name in hd_ticket.handler_names()}
		with patch.object(frappe.db, "sql", counting), patch.multiple(hd_ticket, **handlers):
			ticket = self.ticket()
		self.assertTrue(ticket.service_contract)
		self.assertLessEqual(counted[0], 3)
