# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Agreement Compliance's day counts (compliance_days): the report's figures from the buckets are the
figures from the tickets, whether the changed days were recounted yet or not, and nobody sets them."""

from datetime import date
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from after_sales import compliance_days, ticket_fields
from after_sales.after_sales.report.agreement_compliance import agreement_compliance
from after_sales.after_sales.report.agreement_compliance.agreement_compliance import execute
from after_sales.tests.utils import as_user, make_customer, make_ticket, make_user, portal_user

# Days no other test writes tickets on: the period holds only this test's tickets
DAY1, DAY2 = date(2031, 3, 3), date(2031, 3, 4)
PERIOD = {"from_date": "2031-03-01", "to_date": "2031-03-31"}


def recorded(*days) -> int:
	return frappe.db.count(compliance_days.RECOUNT, {"day": ("in", days)})


def from_tickets(filters) -> list[dict]:
	"""The report counted from the tickets, as a filter the buckets do not hold makes it."""
	with patch.object(compliance_days, "counts_period", return_value=False):
		return execute(filters)[1]


def by_urgency(rows) -> dict:
	return {row["urgency_value"]: row for row in rows}


class TestComplianceDays(FrappeTestCase):
	def setUp(self):
		compliance_days.count_all()  # whatever an earlier test wrote past the hooks

	def tearDown(self):
		frappe.db.rollback()  # each test's tickets and counts: the period is empty for the next

	def ticket(self, day, urgency, **stamps):
		"""A ticket as the hooks make it, then stamped through db_set, the path the receipt stamp takes."""
		doc = make_ticket("_Test compliance days")
		doc.db_set({"opening_date": day, "urgency": urgency, **stamps}, update_modified=False)
		return doc

	def test_agr21_22_the_counts_are_the_tickets_before_and_after_the_recount(self):
		"""AGR-21, AGR-22, AGR-10: a period's figures from the day buckets are those counted from its tickets,
		while the changed days wait for the recount (counted live) and after it (stored)."""
		first = self.ticket(DAY1, "Urgent fault", response_status="Met", response_duration=600)
		second = self.ticket(DAY1, "Urgent fault", response_status="Breached", response_duration=3000)
		self.ticket(DAY2, "General fault", acknowledge_status="Met", acknowledge_duration=60)
		self.assertGreaterEqual(recorded(DAY1), 2)
		self.assertGreaterEqual(recorded(DAY2), 1)

		live = execute(PERIOD)[1]
		urgent, general = by_urgency(live)["Urgent fault"], by_urgency(live)["General fault"]
		self.assertEqual(
			(urgent["tickets"], urgent["response_met_pct"], urgent["response_avg"]), (2, 50.0, 1800)
		)
		self.assertEqual((general["tickets"], general["acknowledge_met_pct"]), (1, 100.0))
		self.assertEqual(live, from_tickets(PERIOD))

		compliance_days.recount_pending()
		self.assertEqual(recorded(DAY1, DAY2), 0)
		stored = frappe.db.sql("select sum(tickets) from `tabCompliance Day` where day = %s", DAY1)
		self.assertEqual(stored[0][0], 2)
		self.assertEqual(execute(PERIOD)[1], live)

		second.db_set("response_status", "Met", update_modified=False)
		self.assertEqual(by_urgency(execute(PERIOD)[1])["Urgent fault"]["response_met_pct"], 100.0)
		compliance_days.recount_pending()
		frappe.delete_doc("HD Ticket", first.name, force=True, ignore_permissions=True)
		self.assertEqual(by_urgency(execute(PERIOD)[1])["Urgent fault"]["tickets"], 1)
		self.assertEqual(execute(PERIOD)[1], from_tickets(PERIOD))
		compliance_days.recount_pending()
		self.assertEqual(execute(PERIOD)[1], from_tickets(PERIOD))

	def test_agr21_a_ticket_moved_to_another_day_leaves_the_first(self):
		ticket = self.ticket(DAY1, "Urgent fault", response_status="Met", response_duration=60)
		compliance_days.recount_pending()
		ticket.db_set("opening_date", DAY2, update_modified=False)
		for filters in ({**PERIOD, "to_date": "2031-03-03"}, {**PERIOD, "from_date": "2031-03-04"}):
			self.assertEqual(execute(filters)[1], from_tickets(filters))
		compliance_days.recount_pending()
		self.assertEqual(execute({**PERIOD, "to_date": "2031-03-03"})[1], [])
		self.assertEqual(
			by_urgency(execute({**PERIOD, "from_date": "2031-03-04"})[1])["Urgent fault"]["tickets"], 1
		)

	def test_agr21_filters_the_buckets_hold_and_a_period_without_bounds(self):
		"""Urgency and channel filters, and a period open at one end or both, read the buckets and agree."""
		self.ticket(
			DAY1, "Urgent fault", request_channel="Phone", response_status="Met", response_duration=60
		)
		self.ticket(
			DAY2,
			"Consultation",
			request_channel="E-mail",
			response_status="Breached",
			response_duration=90000,
		)
		compliance_days.recount_pending()
		self.ticket(
			DAY2, "Urgent fault", request_channel="Phone", resolution_status="Met", resolution_duration=600
		)
		for filters in (
			{**PERIOD, "request_channel": "Phone"},
			{**PERIOD, "urgency": "Consultation"},
			{"from_date": "2031-03-02"},
			{"to_date": "2031-03-31"},
			{},
		):
			self.assertTrue(compliance_days.counts_period(filters))
			self.assertEqual(execute(filters)[1], from_tickets(filters), filters)
		self.assertFalse(compliance_days.counts_period({**PERIOD, "customer": "anyone"}))

	def test_agr21_percentiles_within_a_month_and_across_months(self):
		"""AGR-21: the 90th percentile of a period within one month (read from the month-led indexes) and of
		one across two months are those of exactly the period's tickets (PERCENTILE_CONT)."""
		for seconds in (100, 200, 300, 400, 1000):
			self.ticket(DAY1, "Urgent fault", response_status="Met", response_duration=seconds)
		self.ticket(date(2031, 4, 1), "Urgent fault", response_status="Breached", response_duration=5000)
		compliance_days.recount_pending()
		self.assertEqual(agreement_compliance._one_month(frappe._dict(PERIOD)), 203103)
		within = by_urgency(execute(PERIOD)[1])["Urgent fault"]
		self.assertEqual(within["response_p90"], 760)  # 400 + 0.6 x (1,000 - 400)
		across = {"from_date": "2031-03-01", "to_date": "2031-04-30"}
		self.assertIsNone(agreement_compliance._one_month(frappe._dict(across)))
		self.assertEqual(by_urgency(execute(across)[1])["Urgent fault"]["response_p90"], 3000)
		self.assertEqual(
			frappe.db.get_value("HD Ticket", {"opening_date": "2031-04-01"}, ticket_fields.OPENING_MONTH),
			203104,  # computed by MariaDB, whatever wrote the row
		)

	def test_agr21_a_change_no_bucket_counts_records_nothing(self):
		ticket = frappe.get_doc("HD Ticket", self.ticket(DAY1, "Urgent fault").name)
		compliance_days.recount_pending()
		ticket.db_set("subject", "_Test another subject", update_modified=False)
		ticket.add_comment("Comment", "no count moves")
		self.assertEqual(recorded(DAY1), 0)
		ticket.db_set("response_status", "Met", update_modified=False)
		self.assertEqual(recorded(DAY1), 1)

	def test_a_ticket_is_saved_even_when_its_change_cannot_be_recorded(self):
		"""No incoming ticket is lost to the counts: a failing record is logged and every day is counted
		anew after the commit, and the ticket is saved."""
		failure = frappe.db.OperationalError(1366, "Incorrect value")
		with patch.object(frappe.db, "bulk_insert", side_effect=failure), patch("frappe.enqueue") as enqueue:
			ticket = make_ticket("_Test recorded or not")
		self.assertTrue(frappe.db.exists("HD Ticket", ticket.name))
		rebuilds = [
			call
			for call in enqueue.call_args_list
			if call.args[:1] == ("after_sales.compliance_days.rebuild",)
		]
		self.assertTrue(rebuilds)
		self.assertTrue(all(call.kwargs["enqueue_after_commit"] for call in rebuilds))
		deadlock = frappe.db.OperationalError(1213, "Deadlock found")
		with patch.object(frappe.db, "bulk_insert", side_effect=deadlock), self.assertRaises(Exception):
			make_ticket("_Test the database took it back")

	def test_agr27_the_daily_recount_corrects_what_bypassed_the_hooks(self):
		"""AGR-27: the yearly figures follow the tickets even when rows were written in SQL, and a count
		set by hand in the table is put back; the rebuild says how many buckets it corrected."""
		ticket = self.ticket(DAY1, "Urgent fault", response_status="Met", response_duration=60)
		compliance_days.recount_pending()
		frappe.db.sql(
			"update `tabHD Ticket` set response_status = 'Breached' where name = %s", ticket.name
		)  # past the hooks
		frappe.db.sql("update `tabCompliance Day` set tickets = 999 where day = %s", DAY2)
		self.assertNotEqual(execute(PERIOD)[1], from_tickets(PERIOD))
		self.assertGreaterEqual(compliance_days.count_all(), 1)
		self.assertEqual(execute(PERIOD)[1], from_tickets(PERIOD))
		self.assertEqual(compliance_days.count_all(), 0)

	def test_agr27_nobody_writes_or_deletes_the_counts_by_hand(self):
		"""What the report trusts is counted by the app: the document API refuses both doctypes to everyone,
		Administrator included (Desk, REST insert and save, data import all go through it)."""
		self.ticket(DAY1, "Urgent fault")
		compliance_days.recount_pending()
		for doctype in (compliance_days.DAY, compliance_days.RECOUNT):
			with self.assertRaises(frappe.PermissionError):
				frappe.get_doc(
					{"doctype": doctype, "day": DAY1, "urgency": "Urgent fault", "tickets": 5}
				).insert(ignore_permissions=True)
		bucket = frappe.get_doc(compliance_days.DAY, frappe.db.get_value(compliance_days.DAY, {"day": DAY1}))
		bucket.tickets = 1000
		self.assertRaises(frappe.PermissionError, bucket.save, ignore_permissions=True)
		self.assertRaises(
			frappe.PermissionError,
			frappe.delete_doc,
			compliance_days.DAY,
			bucket.name,
			ignore_permissions=True,
			force=True,
		)
		self.assertRaises(frappe.PermissionError, frappe.client.insert, {"doctype": compliance_days.DAY})
		self.ticket(DAY2, "Urgent fault")
		record = frappe.db.get_value(compliance_days.RECOUNT, {"day": DAY2})
		self.assertRaises(
			frappe.PermissionError,
			frappe.delete_doc,
			compliance_days.RECOUNT,
			record,
			ignore_permissions=True,
		)

	def test_agr25_the_counts_are_the_service_teams_only(self):
		"""AGR-25: the counts hold every customer's volume; agents, engineers and customers do not read them,
		an After Sales Manager does."""
		self.ticket(DAY1, "Urgent fault")
		compliance_days.recount_pending()
		customer = make_customer("_Test compliance days customer")
		readers = {
			make_user("compliance.agent@example.com", ("Agent",)): False,
			make_user("compliance.engineer@example.com", ("Service Engineer",)): False,
			portal_user("compliance.contact@example.com", customer): False,
			make_user("compliance.manager@example.com", ("After Sales Manager",)): True,
		}
		for user, may_read in readers.items():
			with as_user(user):
				if may_read:
					self.assertTrue(frappe.get_list(compliance_days.DAY, filters={"day": DAY1}), user)
					continue
				for doctype in (compliance_days.DAY, compliance_days.RECOUNT):
					self.assertRaises(frappe.PermissionError, frappe.get_list, doctype)

	def test_the_recount_waits_its_turn(self):
		"""Two recounts never count at once: one finding the site's lock held by another connection leaves
		the recorded days for the next run."""
		self.ticket(DAY1, "Urgent fault")
		other = frappe.database.get_db(
			socket=frappe.conf.db_socket,
			host=frappe.conf.db_host,
			port=frappe.conf.db_port,
			user=frappe.conf.db_name,
			password=frappe.conf.db_password,
			cur_db_name=frappe.conf.db_name,
		)
		other.connect()
		try:
			name = f"after_sales_compliance_days:{frappe.conf.db_name}"
			self.assertEqual(other.sql("select get_lock(%s, 0)", (name,))[0][0], 1)
			compliance_days.recount()  # finds the lock held: counts nothing, commits nothing
			self.assertGreaterEqual(recorded(DAY1), 1)
		finally:
			other.close()
