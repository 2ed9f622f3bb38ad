# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Covered service types decide entitlement (AGR-6..13): a ticket of a type its contract leaves out is
"Not covered by the contract", and Agreement Compliance reports it apart from the contract's promises."""

from datetime import datetime

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from after_sales.after_sales.report.agreement_compliance.agreement_compliance import execute
from after_sales.tests.utils import (
	make_contact,
	make_contract,
	make_customer,
	make_outgoing_email_account,
	make_product,
	make_ticket,
)

NIGHT = datetime(2026, 3, 6, 23, 0)  # inside the contracts' free year
NOT_COVERED = "Not covered by the contract"


def make_ticket_type(name: str) -> str:
	if not frappe.db.exists("HD Ticket Type", name):
		frappe.get_doc({"doctype": "HD Ticket Type", "name": name}).insert(ignore_permissions=True)
	return name


class TestCoveredServiceTypes(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_outgoing_email_account()
		for ticket_type in ("Installation", "Fault"):
			make_ticket_type(ticket_type)
		cls.product = make_product("_Test Coverage Product")

	def customer_with_installation_only(self, name: str) -> tuple[str, str, str]:
		"""A customer, its contact and a contract covering only Installation (AGR-6)."""
		customer = make_customer(name)
		email = f"{frappe.scrub(name).strip('_')}@example.com"
		make_contact(email, customer)
		contract = make_contract(
			customer=customer,
			product=self.product,
			start="2026-01-01",
			contract_end="2027-12-31",
			service_types=[{"ticket_type": "Installation"}],
		)
		return customer, email, contract.name

	def ticket(self, email: str, ticket_type: str):
		with self.freeze_time(NIGHT):
			return make_ticket(subject=f"{ticket_type} request", raised_by=email, ticket_type=ticket_type)

	def test_agr6_13_a_type_the_contract_leaves_out_is_not_covered(self):
		"""AGR-6..13: a Fault ticket under a contract covering only Installation says so; it stays linked
		to the contract it was checked against."""
		_customer, email, contract = self.customer_with_installation_only("_Test Coverage Fault")
		ticket = self.ticket(email, "Fault")
		self.assertEqual(ticket.service_contract, contract)
		self.assertEqual(ticket.service_entitlement, NOT_COVERED)

	def test_agr6_13_retyping_a_ticket_rechecks_the_cover(self):
		"""AGR-6..13: an agent corrects the type to one the contract covers: the entitlement follows."""
		_customer, email, contract = self.customer_with_installation_only("_Test Coverage Retype")
		ticket = self.ticket(email, "Fault")
		self.assertEqual(ticket.service_entitlement, NOT_COVERED)
		ticket.reload()
		ticket.ticket_type = "Installation"
		ticket.save()
		self.assertEqual(ticket.service_entitlement, "Free service")
		self.assertEqual(ticket.service_contract, contract)

	def test_agr2_6_a_covered_type_keeps_free_service(self):
		"""AGR-2, AGR-6: an Installation ticket under the same contract, in its first year, is free service."""
		_customer, email, contract = self.customer_with_installation_only("_Test Coverage Installation")
		ticket = self.ticket(email, "Installation")
		self.assertEqual(ticket.service_contract, contract)
		self.assertEqual(ticket.service_entitlement, "Free service")

	def test_agr6_13_compliance_report_counts_not_covered_tickets_apart(self):
		"""AGR-6..13: the report's figures count the covered ticket only; the other is counted apart."""
		customer, email, _contract = self.customer_with_installation_only("_Test Coverage Report")
		self.ticket(email, "Installation")
		self.ticket(email, "Fault")
		_columns, data, _message, _chart, summary = execute({"customer": customer})
		self.assertEqual(sum(row["tickets"] for row in data), 1)
		self.assertEqual(summary[-1]["value"], 1)
		self.assertIn(NOT_COVERED, summary[-1]["label"])

	def test_agr6_13_agr10_not_covered_tickets_leave_every_figure_per_urgency(self):
		"""AGR-6..13 with AGR-10, AGR-21: shares, averages and 90th percentiles are those of the covered
		tickets alone, even where the tickets apart hold the longest times or the same time as a covered one;
		an urgency with only tickets apart has no row."""
		customer = make_customer(f"_Test Coverage Figures {frappe.generate_hash(length=5)}")
		now = now_datetime()
		rows = [
			# urgency, response status, response s, entitlement
			("Urgent fault", "Met", 600, "Free service"),
			("Urgent fault", "Met", 1200, "Free service"),
			("Urgent fault", "Breached", 2400, "Paid contract"),
			("Urgent fault", "Breached", 3000, "Free service"),
			("Urgent fault", "Breached", 7200, NOT_COVERED),
			("Urgent fault", "Breached", 2900, NOT_COVERED),
			("Urgent fault", "Breached", 2400, NOT_COVERED),
			("General fault", "Breached", 9000, NOT_COVERED),
		]
		fields = ["name", "subject", "status", "customer", "urgency", "opening_date", "creation", "modified",
			"owner", "response_status", "response_duration", "service_entitlement"]  # fmt: skip
		frappe.db.bulk_insert(
			"HD Ticket",
			fields,
			[
				(
					f"COV-{customer[-5:]}-{i}",
					"Coverage",
					"Open",
					customer,
					u,
					now.date(),
					now,
					now,
					"Administrator",
					r,
					rd,
					e,
				)
				for i, (u, r, rd, e) in enumerate(rows)
			],
		)
		_columns, data, _message, chart, summary = execute({"customer": customer})
		self.assertEqual([row["urgency_value"] for row in data], ["Urgent fault"])
		(urgent,) = data
		self.assertEqual(urgent["tickets"], 4)
		self.assertEqual(urgent["response_done"], 4)
		self.assertEqual(urgent["response_met_pct"], 50.0)
		self.assertEqual(urgent["response_avg"], 1800)
		self.assertEqual(urgent["response_p90"], 2820)  # 2,400 + 0.7 x (3,000 - 2,400), as without them
		self.assertEqual(chart["data"]["datasets"][1]["values"], [50.0])
		response, _resolution, apart = summary
		self.assertEqual(response["indicator"], "Green")  # 1,800 s: the 7,200 s apart do not count
		self.assertEqual((apart["value"], apart["datatype"]), (4, "Int"))
