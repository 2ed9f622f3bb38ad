# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from after_sales.after_sales.report.agreement_compliance.agreement_compliance import execute
from after_sales.tests.utils import make_customer

FIELDS = [
	"name", "subject", "status", "customer", "urgency", "opening_date", "creation", "modified", "owner",
	"acknowledge_status", "acknowledge_duration", "response_status", "response_duration",
	"resolution_status", "resolution_duration",
]  # fmt: skip


class TestAgreementCompliance(FrappeTestCase):
	def test_agr10_21_22_compliance_per_urgency_with_exact_figures(self):
		"""AGR-10, AGR-15, AGR-21, AGR-22: shares within target, averages, 90th percentiles, and AGR-10's averages."""
		customer = make_customer(f"_Test Compliance {frappe.generate_hash(length=5)}")
		now = now_datetime()
		rows = [
			# urgency, ack status, ack s, response status, response s, resolution status, resolution s
			("Urgent fault", "Met", 300, "Met", 600, "Met", 7200),
			("Urgent fault", "Met", 300, "Met", 1200, "Breached", 18000),
			("Urgent fault", "Met", 300, "Breached", 2400, None, None),
			("Urgent fault", "Met", 300, "Breached", 3000, None, None),
			("General fault", None, None, "Met", 3000, None, None),
		]
		frappe.db.bulk_insert(
			"HD Ticket",
			FIELDS,
			[
				(
					f"CMP-{customer[-5:]}-{i}",
					"Compliance",
					"Open",
					customer,
					u,
					now.date(),
					now,
					now,
					"Administrator",
					a,
					ad,
					r,
					rd,
					s,
					sd,
				)
				for i, (u, a, ad, r, rd, s, sd) in enumerate(rows)
			],
		)
		_columns, data, _message, chart, summary = execute({"customer": customer})
		urgent, general = data
		self.assertEqual((urgent["urgency_value"], urgent["tickets"]), ("Urgent fault", 4))
		self.assertEqual(urgent["acknowledge_met_pct"], 100.0)
		self.assertEqual(urgent["response_met_pct"], 50.0)
		self.assertEqual(urgent["response_avg"], 1800)
		self.assertEqual(urgent["response_p90"], 2820)  # 2,400 + 0.7 x (3,000 - 2,400)
		self.assertEqual(urgent["resolution_met_pct"], 50.0)
		self.assertEqual(urgent["resolution_avg"], 12600)
		self.assertEqual(general["acknowledge_met_pct"], None)
		self.assertEqual(general["response_avg"], 3000)
		# AGR-10: average response (1800 x 4 + 3000) / 5 = 2040 s: over 30 min by 4 min;
		# average fault resolution 12,600 s = 210 min: 30 min of room under 4 h
		response, resolution = summary
		self.assertEqual(response["indicator"], "Red")
		self.assertIn("34.0", response["value"])
		self.assertEqual(resolution["indicator"], "Green")
		self.assertIn("30.0", resolution["value"])
		self.assertEqual(chart["data"]["datasets"][1]["values"], [50.0, 100.0])

	def test_filters_select_only_matching_tickets(self):
		_columns, data, *_rest = execute({"customer": "_Test nobody at all"})
		self.assertEqual(data, [])

	def test_agr21_tickets_without_urgency_left_out_and_every_urgency_kept(self):
		"""AGR-21..23: the figures are per urgency. A ticket without one (none yet, or blank) is in no row;
		every urgency a ticket holds has its row, one the agreement does not name too."""
		customer = make_customer(f"_Test Compliance {frappe.generate_hash(length=5)}")
		now = now_datetime()
		rows = [("Urgent fault", "Met"), (None, "Met"), ("", "Breached"), ("Legacy urgency", "Breached")]
		frappe.db.bulk_insert(
			"HD Ticket",
			FIELDS,
			[
				(f"CMU-{customer[-5:]}-{i}", "Compliance", "Open", customer, u, now.date(), now, now, *rest)
				for i, (u, s) in enumerate(rows)
				for rest in [("Administrator", s, 60, None, None, None, None)]
			],
		)
		_columns, data, *_rest = execute({"customer": customer})
		self.assertEqual(
			[(row["urgency_value"], row["tickets"], row["acknowledge_met_pct"]) for row in data],
			[("Urgent fault", 1, 100.0), ("Legacy urgency", 1, 0.0)],
		)
