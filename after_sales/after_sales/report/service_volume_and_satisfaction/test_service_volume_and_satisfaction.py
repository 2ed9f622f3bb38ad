# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime, today

from after_sales.after_sales.report.service_volume_and_satisfaction.service_volume_and_satisfaction import (
	execute,
)
from after_sales.tests.utils import make_contract, make_customer, make_product, make_user

FIELDS = [
	"name",
	"subject",
	"status",
	"customer",
	"request_channel",
	"ticket_type",
	"opening_date",
	"feedback_rating",
	"creation",
	"modified",
	"owner",
]


def insert(customer, rows):
	now = now_datetime()
	frappe.db.bulk_insert(
		"HD Ticket",
		FIELDS,
		[
			(
				f"VOL-{customer[-5:]}-{i}",
				"Volume",
				"Closed",
				customer,
				channel,
				kind,
				day,
				rating,
				now,
				now,
				"Administrator",
			)
			for i, (channel, kind, day, rating) in enumerate(rows)
		],
	)


class TestServiceVolumeAndSatisfaction(FrappeTestCase):
	def test_agr27_volume_by_month_and_channel_and_satisfaction_share(self):
		"""AGR-4, AGR-27: requests per month and channel; satisfaction = positive (4-5 stars) / rated."""
		customer = make_customer(f"_Test Volume {frappe.generate_hash(length=5)}")
		insert(
			customer,
			[
				("E-mail", "Fault", "2026-01-05", 1.0),
				("Phone", "Fault", "2026-01-20", 0.8),
				("Portal", "Consultation", "2026-01-25", 0.4),
				("E-mail", "Consultation", "2026-02-03", 0),
				("Chat", "Fault", "2026-02-10", 1.0),
			],
		)
		_columns, data, _message, _chart, summary = execute(
			{"customer": customer, "from_date": "2026-01-01", "to_date": "2026-02-28"}
		)
		january, february = data
		self.assertEqual((january["group"], january["requests"]), ("2026-01", 3))
		self.assertEqual(
			(january["e_mail"], january["phone"], january["portal"], january["chat"]), (1, 1, 1, 0)
		)
		self.assertEqual((january["rated"], january["positive"], january["satisfaction"]), (3, 2, 66.67))
		self.assertEqual((february["rated"], february["satisfaction"]), (1, 100.0))
		requests, yearly, satisfaction = summary
		self.assertEqual(requests["value"], 5)
		self.assertEqual(yearly["value"], round(5 * 365 / 59))
		self.assertEqual(satisfaction["value"], "75.0%")
		self.assertEqual(satisfaction["indicator"], "Red")
		_c, by_type, *_ = execute({"customer": customer, "group_by": "ticket_type"})
		self.assertEqual({r["group"]: r["requests"] for r in by_type}, {"Consultation": 2, "Fault": 3})

	def test_agr27_managers_are_warned_when_satisfaction_drops(self):
		from after_sales.tasks import check_satisfaction

		manager = make_user(
			f"csat.manager.{frappe.generate_hash(length=5)}@example.com", ("After Sales Manager",)
		)
		customer = make_customer(f"_Test Unhappy {frappe.generate_hash(length=5)}")
		frappe.db.sql(
			"update `tabHD Ticket` set feedback_rating = 0 where opening_date >= %s",
			(add_days(today(), -30),),
		)
		insert(customer, [("E-mail", "Fault", today(), rating) for rating in (1.0, 0.8, 0.4, 0.2, 0.2, 1.0)])
		check_satisfaction()
		check_satisfaction()
		alerts = frappe.get_all("Notification Log", filters={"for_user": manager}, pluck="subject")
		self.assertEqual(len(alerts), 1)
		self.assertIn("50.0%", alerts[0])

	def test_product_contract_and_urgency_filters(self):
		"""The volume of one product's contracts, one contract, or one urgency (AGR-21..23)."""
		suffix = frappe.generate_hash(length=5)
		customer = make_customer(f"_Test Volume Product {suffix}")
		contracts = {
			product: make_contract(
				customer=customer,
				product=make_product(f"_Test Volume {product} {suffix}"),
				start="2025-01-01",
			).name
			for product in ("ERP", "CRM")
		}
		now = now_datetime()
		frappe.db.bulk_insert(
			"HD Ticket",
			["name", "subject", "status", "customer", "service_contract", "urgency", "opening_date", "creation",
				"modified", "owner"],
			[
				(f"VOLP-{suffix}-{i}", "Volume", "Closed", customer, contracts[product], urgency, "2026-02-10",
					now, now, "Administrator")
				for i, (product, urgency) in enumerate(
					(("ERP", "Urgent fault"), ("ERP", "General fault"), ("ERP", "General fault"), ("CRM", "Consultation"))
				)
			],
		)  # fmt: skip
		base = {"customer": customer, "group_by": "month"}

		def requests(**filters):
			return sum(row["requests"] for row in execute({**base, **filters})[1])

		self.assertEqual(requests(), 4)
		self.assertEqual(requests(product=f"_Test Volume ERP {suffix}"), 3)
		self.assertEqual(requests(service_contract=contracts["CRM"]), 1)
		self.assertEqual(requests(urgency="General fault"), 2)
