# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The statutory calendar in Desk (issue 20; AGR-5, AGR-21..24): China's holidays and make-up working days
from the holidays library, amended by managers, counted by every business-hours policy that names it."""

from datetime import date, datetime
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime, getdate

from after_sales import service_terms
from after_sales.after_sales.doctype.statutory_calendar import statutory_calendar as module
from after_sales.agreement.statutory import HOLIDAY, WORKING_DAY, StatutoryDay
from after_sales.integrations.helpdesk import hd_sla_name
from after_sales.tests.utils import as_user, make_user, new_policy

OFFICE = [
	{"weekday": day, "start_time": "09:00:00", "end_time": "18:00:00"}
	for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
]


def office_policy(calendar: str, label: str):
	"""A Mon-Fri 09:00-18:00 business-hours policy that names the statutory calendar."""
	return new_policy(
		f"_Test {label} {calendar}", clock="Business hours", working_hours=OFFICE, statutory_calendar=calendar
	).insert()


def make_calendar(**values):
	name = f"_Test China {frappe.generate_hash(length=6)}"
	return frappe.get_doc(
		{
			"doctype": "Statutory Calendar",
			"calendar_name": name,
			"country": "cn",
			"update_from_library": 0,
			**values,
		}
	).insert()


class TestStatutoryCalendar(FrappeTestCase):
	def test_agr22_a_business_hours_policy_counts_the_make_up_saturday(self):
		"""A general fault (1 h) at 17:30 on Friday 13 February 2026 is due at 09:30 on Saturday 14, a
		make-up working day; Helpdesk's own SLA gets the holidays (it knows no working days)."""
		calendar = make_calendar()
		self.assertEqual(calendar.country, "CN")
		self.assertGreater(calendar.add_library_year(2026), 20)
		policy = office_policy(calendar.name, "Statutory")
		due = service_terms.deadline(policy, "2026-02-13 17:30:00", 3600)
		self.assertEqual(get_datetime(due), datetime(2026, 2, 14, 9, 30))
		after_break = service_terms.deadline(policy, "2026-02-14 18:00:00", 3600)
		self.assertEqual(get_datetime(after_break), datetime(2026, 2, 24, 10, 0))
		holiday_list = frappe.db.get_value(
			"HD Service Level Agreement", hd_sla_name(policy.name), "holiday_list"
		)
		holidays = {
			getdate(d)
			for d in frappe.get_all(
				"HD Holiday",
				filters={"parent": holiday_list, "parenttype": "HD Service Holiday List"},
				pluck="holiday_date",
			)
		}
		self.assertIn(date(2026, 2, 17), holidays)
		self.assertNotIn(date(2026, 2, 14), holidays)

	def test_agr22_a_managers_closure_counts_at_once_and_the_library_never_overwrites_it(self):
		calendar = make_calendar()
		calendar.add_library_year(2026)
		policy = office_policy(calendar.name, "Closure")
		self.assertEqual(
			get_datetime(service_terms.deadline(policy, "2026-12-23 17:30:00", 3600)),
			datetime(2026, 12, 24, 9, 30),
		)
		manager = make_user("statutory.manager@example.com", ("After Sales Manager",))
		with as_user(manager):
			doc = frappe.get_doc("Statutory Calendar", calendar.name)
			doc.append(
				"days",
				{"date": "2026-12-24", "kind": HOLIDAY, "description": "Office move", "source": "Library"},
			)
			row = next(r for r in doc.days if getdate(r.date) == date(2026, 2, 14))
			row.description = "Moved by the manager"
			doc.save()
		doc.reload()
		sources = {getdate(r.date): r.source for r in doc.days}
		self.assertEqual(sources[date(2026, 12, 24)], "Manual")  # a person cannot write a Library row
		self.assertEqual(sources[date(2026, 2, 14)], "Manual")
		self.assertEqual(sources[date(2026, 2, 17)], "Library")
		policy.reload()
		self.assertEqual(
			get_datetime(service_terms.deadline(policy, "2026-12-23 17:30:00", 3600)),
			datetime(2026, 12, 25, 9, 30),
		)
		before = len(doc.days)
		doc.add_library_year(2026)
		doc.reload()
		self.assertEqual(len(doc.days), before)
		self.assertEqual(
			next(r for r in doc.days if getdate(r.date) == date(2026, 2, 14)).description,
			"Moved by the manager",
		)

	def test_bad_input_is_refused_with_a_clear_message(self):
		self.assertRaisesRegex(frappe.ValidationError, "knows no country", make_calendar, country="XX")
		calendar = make_calendar()
		calendar.append("days", {"date": "2026-05-01", "kind": HOLIDAY})
		calendar.append("days", {"date": "2026-05-01", "kind": WORKING_DAY})
		self.assertRaisesRegex(frappe.ValidationError, "appears twice", calendar.save)
		calendar.reload()
		calendar.append("days", {"date": "1999-05-01", "kind": HOLIDAY})
		self.assertRaisesRegex(frappe.ValidationError, "between 2000 and 2100", calendar.save)
		calendar.reload()
		self.assertRaisesRegex(
			frappe.ValidationError, "official calendar", calendar.add_year_from_library, 2099
		)

	def test_agents_read_the_calendar_and_only_managers_change_it(self):
		calendar = make_calendar()
		agent = make_user("statutory.agent@example.com", ("Agent",))
		with as_user(agent):
			self.assertTrue(frappe.has_permission("Statutory Calendar", "read", calendar.name))
			self.assertFalse(frappe.has_permission("Statutory Calendar", "write", calendar.name))
			self.assertRaises(frappe.PermissionError, calendar.add_year_from_library, 2026)

	def test_the_daily_job_adds_next_year_once_published_and_tells_managers_in_december_once(self):
		calendar = make_calendar(update_from_library=1)
		manager = make_user("statutory.lead@example.com", ("After Sales Manager",))
		fake_2027 = [
			StatutoryDay(date(2027, 2, 6), HOLIDAY, "春节"),
			StatutoryDay(date(2027, 2, 20), WORKING_DAY, "2027-02-11: 调休"),
		]

		def alerts() -> int:
			return frappe.db.count(
				"Notification Log",
				{"for_user": manager, "document_type": "Statutory Calendar", "document_name": calendar.name},
			)

		with patch.object(
			module.statutory, "published", lambda country, year, subdivision=None: year == 2026
		):
			module.update_from_library(today="2026-12-07", names=[calendar.name])
			module.update_from_library(today="2026-12-08", names=[calendar.name])
		calendar.reload()
		self.assertTrue(calendar.has_library_year(2026))
		self.assertFalse(calendar.has_library_year(2027))
		self.assertEqual(alerts(), 1)
		with (
			patch.object(module.statutory, "published", lambda country, year, subdivision=None: True),
			patch.object(
				module.statutory,
				"statutory_days",
				lambda country, year, subdivision=None, language=None: fake_2027 if year == 2027 else [],
			),
		):
			module.update_from_library(today="2026-12-09", names=[calendar.name])
		calendar.reload()
		self.assertEqual(calendar.last_updated_year, 2027)
		self.assertIn(date(2027, 2, 20), calendar.dates(WORKING_DAY))
		self.assertEqual(alerts(), 1)

	def test_a_site_in_china_gets_the_china_calendar_named_by_the_default_policy(self):
		from after_sales.install import CHINA_CALENDAR, DEFAULT_POLICY, create_default_statutory_calendar

		single_value = frappe.db.get_single_value

		def in_china(doctype, field, *args, **kwargs):
			if (doctype, field) == ("System Settings", "country"):
				return "China"
			return single_value(doctype, field, *args, **kwargs)

		with patch.object(frappe.db, "get_single_value", in_china):
			self.assertEqual(create_default_statutory_calendar(), CHINA_CALENDAR)
		calendar = frappe.get_doc("Statutory Calendar", CHINA_CALENDAR)
		self.assertEqual(calendar.country, "CN")
		self.assertIn(date(2026, 2, 14), calendar.dates(WORKING_DAY))
		self.assertEqual(
			frappe.db.get_value("SLA Policy", DEFAULT_POLICY, "statutory_calendar"), CHINA_CALENDAR
		)
