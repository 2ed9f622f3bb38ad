# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from datetime import datetime, timedelta

import frappe
from frappe.tests.utils import FrappeTestCase

from after_sales.install import DEFAULT_POLICY
from after_sales.tests.utils import (
	HOUR,
	MINUTE,
	make_contract,
	make_customer,
	make_policy,
	new_policy,
	policy_targets,
)


class TestSLAPolicy(FrappeTestCase):
	def test_default_policy_carries_the_agreements_figures(self):
		"""AGR-5, AGR-10, AGR-15, AGR-21..23: the installed policy holds the agreement's promises."""
		policy = frappe.get_doc("SLA Policy", DEFAULT_POLICY)
		self.assertEqual(policy.clock, "24x7")
		self.assertTrue(policy.enabled)
		targets = {row.urgency: row for row in policy.targets}
		self.assertEqual(set(targets), {"Urgent fault", "General fault", "Consultation"})
		for row in targets.values():
			self.assertEqual(row.acknowledge_within, 15 * MINUTE)
		self.assertEqual(targets["Urgent fault"].respond_within, 30 * MINUTE)
		self.assertEqual(targets["General fault"].respond_within, HOUR)
		self.assertEqual(targets["Consultation"].respond_within, 24 * HOUR)
		self.assertEqual(targets["Urgent fault"].resolve_within, 4 * HOUR)
		self.assertEqual(targets["General fault"].resolve_within, 4 * HOUR)
		self.assertEqual(targets["Urgent fault"].priority, "Urgent")
		self.assertTrue(policy.require_customer_confirmation)
		self.assertTrue(policy.require_verification_note)
		self.assertIn("崩溃", policy.urgent_keywords.splitlines())

	def test_default_policy_runs_around_the_clock(self):
		"""AGR-24: on the default 24x7 clock an urgent report at 23:00 is due at 23:30."""
		policy = frappe.get_doc("SLA Policy", DEFAULT_POLICY)
		start = datetime(2026, 3, 6, 23, 0)
		due = policy.get_calendar().add(
			start, timedelta(seconds=policy.get_target("Urgent fault").respond_within)
		)
		self.assertEqual(due, datetime(2026, 3, 6, 23, 30))

	def test_one_row_per_urgency(self):
		doc = new_policy("_Test Dup Urgency", targets=[])
		rows = policy_targets()
		rows.append({**rows[0], "priority": "Low"})
		for row in rows:
			doc.append("targets", row)
		self.assertRaisesRegex(frappe.ValidationError, "appears twice", doc.insert)

	def test_every_urgency_needs_a_target(self):
		"""AGR-21..23: each of the three urgencies has its promise."""
		doc = new_policy("_Test Missing Urgency", targets=[])
		for row in policy_targets()[:2]:
			doc.append("targets", row)
		self.assertRaisesRegex(frappe.ValidationError, "Consultation", doc.insert)

	def test_urgencies_map_to_distinct_helpdesk_priorities(self):
		doc = new_policy("_Test Dup Priority", targets=[])
		rows = policy_targets()
		rows[1]["priority"] = "Urgent"
		for row in rows:
			doc.append("targets", row)
		self.assertRaisesRegex(frappe.ValidationError, "already used", doc.insert)

	def test_durations_must_be_positive(self):
		for fieldname in ("acknowledge_within", "respond_within", "resolve_within"):
			with self.subTest(fieldname=fieldname):
				doc = new_policy("_Test Zero " + fieldname, targets=[])
				for row in policy_targets(urgent_fault={fieldname: 0}):
					doc.append("targets", row)
				self.assertRaisesRegex(frappe.ValidationError, "longer than zero", doc.insert)

	def test_targets_run_in_order(self):
		doc = new_policy("_Test Order", targets=[])
		for row in policy_targets(general_fault={"respond_within": 5 * HOUR}):
			doc.append("targets", row)
		self.assertRaisesRegex(frappe.ValidationError, "run in order", doc.insert)

	def test_warn_percent_between_1_and_99(self):
		for percent in (0, 100):
			with self.subTest(percent=percent):
				doc = new_policy(f"_Test Warn {percent}", targets=[])
				for row in policy_targets(consultation={"warn_at_percent": percent}):
					doc.append("targets", row)
				self.assertRaisesRegex(frappe.ValidationError, "between 1 and 99", doc.insert)

	def test_business_hours_need_working_hours(self):
		doc = new_policy("_Test No Hours", clock="Business hours")
		self.assertRaises(frappe.ValidationError, doc.insert)

	def test_working_hours_end_after_start(self):
		doc = new_policy("_Test Backwards Hours", clock="Business hours")
		doc.append("working_hours", {"weekday": "Monday", "start_time": "18:00:00", "end_time": "09:00:00"})
		self.assertRaisesRegex(frappe.ValidationError, "end time must be after", doc.insert)

	def test_working_hours_do_not_overlap(self):
		doc = new_policy("_Test Overlap Hours", clock="Business hours")
		doc.append("working_hours", {"weekday": "Monday", "start_time": "09:00:00", "end_time": "13:00:00"})
		doc.append("working_hours", {"weekday": "Monday", "start_time": "12:00:00", "end_time": "18:00:00"})
		self.assertRaisesRegex(frappe.ValidationError, "must not overlap", doc.insert)

	def test_business_hours_calendar_skips_nights_weekends_and_holidays(self):
		holiday_list = "_Test After Sales Holidays"
		if not frappe.db.exists("HD Service Holiday List", holiday_list):
			frappe.get_doc(
				{
					"doctype": "HD Service Holiday List",
					"holiday_list_name": holiday_list,
					"from_date": "2026-01-01",
					"to_date": "2026-12-31",
					"holidays": [{"holiday_date": "2026-03-09", "description": "Test holiday"}],
				}
			).insert()
		doc = new_policy("_Test Business Hours", clock="Business hours", holiday_list=holiday_list)
		for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
			doc.append("working_hours", {"weekday": day, "start_time": "09:00:00", "end_time": "18:00:00"})
		doc.insert()
		# Friday 17:00 + 4 working hours: 1 h on Friday, Monday 9 March is a holiday, 3 h on Tuesday.
		due = doc.get_calendar().add(datetime(2026, 3, 6, 17, 0), timedelta(hours=4))
		self.assertEqual(due, datetime(2026, 3, 10, 12, 0))

	def test_working_day_may_end_at_midnight(self):
		doc = new_policy("_Test Midnight", clock="Business hours")
		doc.append("working_hours", {"weekday": "Monday", "start_time": "20:00:00", "end_time": "00:00:00"})
		doc.insert()
		due = doc.get_calendar().add(datetime(2026, 3, 2, 23, 0), timedelta(hours=2))
		self.assertEqual(due, datetime(2026, 3, 9, 21, 0))

	def test_keywords_are_normalised(self):
		doc = new_policy("_Test Keywords", urgent_keywords="崩溃\uff0c数据丢失; Crash\ncrash,  ,outage")
		doc.insert()
		self.assertEqual(doc.urgent_keywords.splitlines(), ["崩溃", "数据丢失", "Crash", "outage"])

	def test_follow_up_rules_are_valid(self):
		doc = new_policy("_Test Follow-up Zero")
		doc.append("follow_up_rules", {"days_after_resolution": 0})
		self.assertRaisesRegex(frappe.ValidationError, "at least 1", doc.insert)
		doc = new_policy("_Test Follow-up Twice")
		doc.append("follow_up_rules", {"days_after_resolution": 7})
		doc.append("follow_up_rules", {"days_after_resolution": 7})
		self.assertRaisesRegex(frappe.ValidationError, "already set", doc.insert)

	def test_only_one_default_policy(self):
		other = new_policy("_Test New Default", is_default=1).insert()
		self.assertEqual(frappe.db.get_value("SLA Policy", DEFAULT_POLICY, "is_default"), 0)
		self.assertEqual(frappe.get_all("SLA Policy", filters={"is_default": 1}, pluck="name"), [other.name])
		frappe.db.set_value("SLA Policy", DEFAULT_POLICY, "is_default", 1)
		frappe.db.set_value("SLA Policy", other.name, "is_default", 0)

	def test_default_policy_must_be_enabled(self):
		doc = new_policy("_Test Disabled Default", is_default=1, enabled=0)
		self.assertRaisesRegex(frappe.ValidationError, "must be enabled", doc.insert)

	def test_policy_in_use_cannot_be_disabled(self):
		name = make_policy("_Test Used Policy")
		make_contract(sla_policy=name, customer=make_customer("_Test Policy User"))
		doc = frappe.get_doc("SLA Policy", name)
		doc.enabled = 0
		self.assertRaisesRegex(frappe.ValidationError, "cannot be disabled", doc.save)
