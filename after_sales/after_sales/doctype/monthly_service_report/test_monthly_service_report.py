# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The monthly service report: exact figures for a known month, the PDF, the e-mail on the 1st with
its opt-out, and who may read it (AGR-8, AGR-10, AGR-11, AGR-15..23, AGR-25, AGR-27)."""

import io
import json
import os
import time
import unicodedata
from datetime import datetime, timedelta
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.translate import print_language
from frappe.utils import add_days, add_months, get_first_day, getdate, today
from pypdf import PdfReader

from after_sales.agreement.monthly import previous_month
from after_sales.monthly_report import delivery
from after_sales.tests.test_permissions import portal_user
from after_sales.tests.utils import (
	as_user,
	make_contact,
	make_contract,
	make_customer,
	make_outgoing_email_account,
	make_product,
	make_ticket,
	make_user,
	new_release,
	new_session,
	small_pdf,
)

FIELDS = [
	"name", "subject", "status", "status_category", "customer", "urgency", "ticket_type", "opening_date", "creation",
	"modified", "owner", "acknowledge_status", "acknowledge_duration", "response_status",
	"response_duration", "resolution_status", "resolution_duration", "feedback_rating",
	"solution_confirmed_on", "verified_on", "diagnosis_mode", "visit_date", "visit_engineer",
]  # fmt: skip


def remove(name):
	"""Test cleanup: a sent report refuses deletion (on_trash), so it is removed around that rule."""
	frappe.delete_doc("Monthly Service Report", name, force=True, ignore_on_trash=True)


def lines(report, section):
	return [row for row in report.lines if row.section == section]


def line(report, clause):
	return next(row for row in report.lines if row.clause == clause and row.section == "Commitment")


class TestMonthlyServiceReport(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		suffix = frappe.generate_hash(length=5)
		cls.suffix = suffix
		cls.start, cls.end = previous_month(getdate(today()))
		cls.customer = make_customer(f"_Test Monthly {suffix}")
		cls.other = make_customer(f"_Test Monthly Other {suffix}")
		cls.email = f"monthly.{suffix}@example.com"
		cls.contact = make_contact(cls.email, cls.customer)
		cls.product = make_product(f"_Test Monthly Product {suffix}")
		cls.contract = make_contract(
			customer=cls.customer,
			product=cls.product,
			start=add_days(today(), -200),
			contacts=[{"contact": cls.contact}],
		)
		cls._tickets()
		cls._follow_ups()
		cls._release()
		cls._trainings()

	@classmethod
	def _tickets(cls):
		day = datetime.combine(cls.start, datetime.min.time()) + timedelta(days=3, hours=9)
		confirmed = (day, day)
		rows = [
			# urgency, type, status, ack, ack s, resp, resp s, res, res s, rating, confirmed/verified, visit
			("Urgent fault", "Fault", "Closed", "Met", 300, "Met", 1200, "Met", 7200, 1.0, confirmed, True),
			("Urgent fault", "Fault", "Closed", "Breached", 1200, "Breached", 2400, "Breached", 18000, 0.6, confirmed, False),
			("General fault", "Fault", "Resolved", "Met", 600, "Met", 3000, "Met", 10800, 0.8, confirmed, False),
			("Consultation", "Consultation", "Open", "Met", 120, "Met", 3600, None, None, 0, (None, None), False),
		]  # fmt: skip
		values = []
		for i, (urgency, kind, status, a, ad, r, rd, s, sd, rating, (conf, ver), visit) in enumerate(rows):
			values.append(
				(
					f"MSR-{cls.suffix}-{i}", f"Request {i}", status,
					"Open" if status == "Open" else "Resolved", cls.customer, urgency, kind, day.date(),
					day, day, "Administrator", a, ad, r, rd, s, sd, rating, conf, ver,
					"On-site" if visit else "Remote", day + timedelta(hours=2) if visit else None,
					"Administrator" if visit else None,
				)
			)  # fmt: skip
		# the day before the month, and another customer in the month: neither counts
		before = day - timedelta(days=4)
		values.append(
			(
				f"MSR-{cls.suffix}-before", "Before", "Closed", "Resolved", cls.customer, "Urgent fault", "Fault",
				before.date(), before, before, "Administrator", "Breached", 5000, "Breached", 9000,
				"Breached", 90000, 0.2, None, None, "On-site", before, "Administrator",
			)
		)  # fmt: skip
		values.append(
			(
				f"MSR-{cls.suffix}-other", "Other", "Closed", "Resolved", cls.other, "General fault", "Fault", day.date(),
				day, day, "Administrator", "Breached", 5000, "Breached", 9000, "Breached", 90000, 0.2, None,
				None, "Remote", None, None,
			)
		)  # fmt: skip
		frappe.db.bulk_insert("HD Ticket", FIELDS, values)

	@classmethod
	def _follow_ups(cls):
		due = add_days(cls.start, 10)
		for i, status in enumerate(("Done", "Open", "Cancelled")):
			frappe.get_doc(
				{
					"doctype": "Service Follow-up",
					"name": f"MSR-FU-{cls.suffix}-{i}",
					"ticket": f"MSR-{cls.suffix}-0",
					"customer": cls.customer,
					"status": status,
					"due_on": due,
					"round_days": 30,
				}
			).db_insert()

	@classmethod
	def _release(cls):
		for version, values in (
			("7.1", {"status": "Installed", "installed_on": add_days(cls.start, 5)}),
			("7.2", {"status": "Notified", "notified_on": datetime.combine(add_days(cls.start, 6), datetime.min.time())}),
			("7.3", {"status": "Installed", "installed_on": add_days(cls.end, 1)}),  # next month
		):  # fmt: skip
			release = new_release(cls.product, version, status="Published")
			release.name = f"MSR-UR-{cls.suffix}-{version}"
			release.append("deliveries", {"customer": cls.customer, "contract": cls.contract.name, **values})
			release.db_insert()
			for row in release.deliveries:
				row.parent, row.parenttype, row.parentfield = release.name, "Update Release", "deliveries"
				row.db_insert()

	@classmethod
	def _trainings(cls):
		trainer = make_user(f"trainer.{cls.suffix}@example.com", ("Service Engineer",))
		when = datetime.combine(add_days(cls.start, 12), datetime.min.time()) + timedelta(hours=9)
		stranger = make_contact(f"stranger.{cls.suffix}@example.com", cls.other)
		sessions = (
			# customer, attendees (contact, attended, rating)
			(cls.customer, [(cls.contact, 1, 4), (make_contact(f"second.{cls.suffix}@example.com", cls.customer), 0, 0)]),
			(None, [(cls.contact, 1, 5)]),  # an open session one of its contacts attended
			(None, [(stranger, 1, 5)]),  # an open session only another customer attended
		)  # fmt: skip
		for i, (customer, attendees) in enumerate(sessions):
			session = new_session(trainer, when + timedelta(days=i), customer=customer, status="Completed")
			session.name = f"MSR-TS-{cls.suffix}-{i}"
			session.title = f"Course {i}"
			for contact, attended, rating in attendees:
				session.append("attendees", {"contact": contact, "attended": attended, "rating": rating})
			session.db_insert()
			for row in session.attendees:
				row.parent, row.parenttype, row.parentfield = session.name, "Training Session", "attendees"
				row.db_insert()

	def compiled(self, **kwargs):
		report = frappe.new_doc("Monthly Service Report")
		report.update({"customer": self.customer, "period_start": add_days(self.start, 9), **kwargs})
		report.insert()
		self.addCleanup(remove, report.name)
		return report

	def test_agr15_21_23_27_figures_of_a_known_month(self):
		report = self.compiled(language="en")
		self.assertEqual((report.period_start, report.period_end), (self.start, self.end))
		self.assertEqual(report.name, f"MSR-{self.start:%Y-%m}-{self.customer}")
		self.assertEqual((report.total_requests, report.resolved_requests), (4, 3))
		requests = [(r.label, r.detail, r.total) for r in lines(report, "Requests")]
		self.assertEqual(
			requests,
			[
				("Fault", "Urgent fault", 2),
				("Fault", "General fault", 1),
				("Consultation", "Consultation", 1),
			],
		)
		expected = {
			"AGR-15": (3, 4, "Not met"),  # one receipt confirmed after 20 min
			"AGR-21": (1, 2, "Not met"),
			"AGR-22": (1, 1, "Met"),
			"AGR-23": (1, 1, "Met"),
			"AGR-10": (2, 3, "Not met"),  # faults resolved in time
			"AGR-17, AGR-18": (3, 3, "Met"),
			"AGR-20": (1, 2, "Not met"),  # the cancelled follow-up does not count
		}
		for clause, (kept, total, verdict) in expected.items():
			row = line(report, clause)
			self.assertEqual((row.kept, row.total, row.verdict), (kept, total, verdict), clause)
		self.assertEqual(line(report, "AGR-15").value, "3 of 4 confirmed in time")
		# AGR-10 (faults only): average response (1200 + 2400 + 3000) / 3 = 2200 s: 36.7 min, over by 6.7;
		# average fault resolution (7200 + 18000 + 10800) / 3 = 12000 s = 3 h 20 min, 40 min to spare
		response, resolution = lines(report, "Average")
		self.assertEqual((response.amount, response.verdict), (2200, "Not met"))
		self.assertEqual(response.value, "36.7 min (over by 6.7 min)")
		self.assertEqual((resolution.amount, resolution.verdict), (12000, "Met"))
		self.assertEqual(resolution.value, "3 h 20 min (40.0 min to spare)")
		# AGR-27: 2 of 3 ratings are 4 or 5 stars
		(satisfaction,) = lines(report, "Satisfaction")
		self.assertEqual((satisfaction.kept, satisfaction.total, satisfaction.verdict), (2, 3, "Not met"))
		self.assertEqual((report.satisfaction_percent, report.ratings), (66.67, 3))
		# 10 commitments measured: 7 per-request, 2 averages, satisfaction; 4 kept
		self.assertEqual((report.commitments_met, report.commitments_measured), (4, 10))
		# AGR-16 visits, AGR-11 releases, AGR-8 trainings of the month only
		self.assertEqual(report.onsite_visits, 1)
		self.assertEqual(lines(report, "Visit")[0].reference_name, f"MSR-{self.suffix}-0")
		self.assertEqual(report.releases_installed, 1)
		self.assertEqual(
			[(r.reference_name, r.value.startswith("installed")) for r in lines(report, "Release")],
			[(f"MSR-UR-{self.suffix}-7.1", True), (f"MSR-UR-{self.suffix}-7.2", False)],
		)
		self.assertEqual(report.trainings_held, 2)
		course, webinar = lines(report, "Training")
		self.assertEqual((course.kept, course.total, course.amount), (1, 2, 4.0))
		self.assertEqual(course.value, "1 of 2 attended, rated 4.0 of 5")
		self.assertEqual((webinar.kept, webinar.total), (1, 1))
		self.assertIn(self.contract.name, report.contracts)

	def test_agr6_13_requests_outside_the_contract_are_counted_apart(self):
		"""AGR-6..13: a Fault request under a contract covering only Installation counts among the month's
		requests and in a line of its own, and in none of the promises (AGR-15, AGR-21..23, AGR-27)."""
		from after_sales.tests.test_coverage import make_ticket_type

		for ticket_type in ("Installation", "Fault"):
			make_ticket_type(ticket_type)
		customer = make_customer(f"_Test Monthly Coverage {self.suffix}")
		email = f"monthly.coverage.{self.suffix}@example.com"
		make_contact(email, customer)
		make_contract(
			customer=customer,
			product=self.product,
			start=add_days(self.start, -30),
			service_types=[{"ticket_type": "Installation"}],
		)
		opened = datetime.combine(add_days(self.start, 3), datetime.min.time()) + timedelta(hours=23)
		stamps = {  # the covered request kept every promise; the other broke each and was rated badly
			"Installation": ("Met", 1.0),
			"Fault": ("Breached", 0.2),
		}
		tickets = {}
		for ticket_type, (status, rating) in stamps.items():
			with self.freeze_time(opened):
				ticket = make_ticket(
					subject=f"{ticket_type} request", raised_by=email, ticket_type=ticket_type
				)
			tickets[ticket_type] = ticket
			frappe.db.set_value(
				"HD Ticket",
				ticket.name,
				{
					"acknowledge_status": status,
					"response_status": status,
					"feedback_rating": rating,
				},
				update_modified=False,
			)
		self.assertEqual(tickets["Fault"].service_entitlement, "Not covered by the contract")
		self.assertNotEqual(tickets["Installation"].service_entitlement, "Not covered by the contract")
		report = self.compiled(customer=customer, language="en")
		self.assertEqual(report.total_requests, 2)  # both are requests of the month
		(apart,) = [row for row in lines(report, "Requests") if row.clause]
		self.assertEqual((apart.clause, apart.total, apart.value), ("AGR-6..13", 1, "1"))
		self.assertEqual(apart.label, "Requests outside the contract's covered service types")
		self.assertEqual(
			sorted((r.label, r.total) for r in lines(report, "Requests") if not r.clause),
			[("Fault", 1), ("Installation", 1)],
		)
		acknowledged = line(report, "AGR-15")
		self.assertEqual((acknowledged.kept, acknowledged.total, acknowledged.verdict), (1, 1, "Met"))
		urgency = tickets["Installation"].urgency
		clause = {"Urgent fault": "AGR-21", "General fault": "AGR-22", "Consultation": "AGR-23"}[urgency]
		responded = line(report, clause)
		self.assertEqual((responded.kept, responded.total, responded.verdict), (1, 1, "Met"))
		self.assertEqual((report.satisfaction_percent, report.ratings), (100.0, 1))
		with print_language("zh"):
			self.assertNotEqual(frappe._(apart.label), apart.label)  # AGR-1: the line has its Chinese words
		pdf = delivery.pdf_of(report)
		text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
		self.assertIn("AGR-6..13", text)

	def test_a_month_without_requests_has_no_data_rather_than_passes(self):
		report = self.compiled(period_start=add_months(self.start, -6), language="en")
		self.assertEqual(report.total_requests, 0)
		self.assertEqual(line(report, "AGR-21").verdict, "No data")
		self.assertEqual(report.commitments_measured, 0)

	def test_agr1_report_written_in_chinese(self):
		"""AGR-1: the parties speak Chinese: a report in zh is written in Chinese, PDF included."""
		report = self.compiled(language="zh")
		with print_language("zh"):
			expected = frappe._("Receipt of every request confirmed")
		self.assertNotEqual(expected, "Receipt of every request confirmed")
		self.assertEqual(line(report, "AGR-15").label, expected)
		pdf = PdfReader(io.BytesIO(delivery.pdf_of(report)))
		# NFKC: the PDF's CJK font maps some characters to their radical forms (⽉ for 月)
		text = unicodedata.normalize("NFKC", " ".join(" ".join(p.extract_text().split()) for p in pdf.pages))
		self.assertIn(f"AGR-15 {expected}", text)
		self.assertIn(self.customer, text)

	def test_pdf_states_the_commitments_and_verdicts(self):
		report = self.compiled(language="en")
		pdf = delivery.pdf_of(report)
		self.assertTrue(pdf.startswith(b"%PDF"))
		text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
		for expected in ("Monthly Service Report", "AGR-21", "Urgent faults", "Not met", "66.67%"):
			self.assertIn(expected, text)
		self.assertNotIn("Get PDF", text)  # the print view's action bar stays out

	def test_figures_and_status_cannot_be_written_by_hand(self):
		"""REST or Desk: a draft's figures are always recompiled, its status moves only by sending."""
		report = self.compiled(language="en")
		report.total_requests = 999
		report.save()
		self.assertEqual(report.reload().total_requests, 4)
		report.status = "Sent"
		self.assertRaisesRegex(frappe.ValidationError, "cannot be set by hand", report.save)
		forged = frappe.new_doc("Monthly Service Report")
		forged.update({"customer": self.other, "period_start": self.start, "status": "Sent"})
		self.assertRaisesRegex(frappe.ValidationError, "cannot be set by hand", forged.insert)

	def test_bad_months_and_duplicates_are_refused(self):
		report = frappe.new_doc("Monthly Service Report")
		report.update({"customer": self.customer, "period_start": add_months(get_first_day(today()), 1)})
		self.assertRaises(frappe.ValidationError, report.insert)
		report.period_start = "not a date"
		self.assertRaises(frappe.ValidationError, report.insert)
		self.compiled()
		duplicate = frappe.new_doc("Monthly Service Report")
		duplicate.update({"customer": self.customer, "period_start": self.end})
		self.assertRaises(frappe.DuplicateEntryError, duplicate.insert)
		current = self.compiled(period_start=today())
		self.assertRaises(frappe.ValidationError, current.send_now)  # the month is not over

	def test_agr27_sent_on_the_first_once_with_the_pdf(self):
		"""The report of last month goes to the contract's contacts as a PDF, once, however often the job runs."""
		delivery.send_for_customer(self.customer, self.start)
		name = frappe.db.get_value(
			"Monthly Service Report", {"customer": self.customer, "period_start": self.start}
		)
		self.addCleanup(remove, name)
		report = frappe.get_doc("Monthly Service Report", name)
		self.assertEqual((report.status, report.recipients), ("Sent", self.email))
		queued = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Monthly Service Report", "reference_name": name},
			fields=["name", "attachments"],
		)
		self.assertEqual(len(queued), 1)
		(attachment,) = json.loads(queued[0].attachments)
		sent = frappe.get_doc("File", attachment["fid"])  # the PDF as sent, kept with the report
		self.assertEqual((sent.attached_to_name, sent.is_private, sent.file_url), (name, 1, report.sent_pdf))
		self.assertTrue(sent.get_content().startswith(b"%PDF"))
		# AGR-25: the customer's contact may download it (portal link), another customer's may not
		alice = portal_user(self.email, self.customer)
		bob = portal_user(f"bob.sent.{self.suffix}@example.com", self.other)
		for user, allowed in ((alice, True), (bob, False), ("Guest", False)):
			with as_user(user):
				self.assertEqual(sent.is_downloadable(), allowed, user)
		recipients = frappe.get_all(
			"Email Queue Recipient", filters={"parent": queued[0].name}, pluck="recipient"
		)
		self.assertEqual(recipients, [self.email])
		delivery.send_for_customer(self.customer, self.start)  # a rerun sends nothing more
		self.assertEqual(
			frappe.db.count(
				"Email Queue", {"reference_doctype": "Monthly Service Report", "reference_name": name}
			),
			1,
		)
		# once sent, the report is a record: it cannot be deleted
		self.assertRaisesRegex(
			frappe.ValidationError, "cannot be deleted", frappe.delete_doc, report.doctype, name
		)
		# and the figures are frozen
		report.language = "zh"
		self.assertRaises(frappe.ValidationError, report.save)
		self.assertRaises(frappe.ValidationError, report.reload().refresh_figures)

	def test_the_scheduler_runs_it_on_the_first_of_the_month(self):
		job = frappe.db.get_value(
			"Scheduled Job Type",
			{"method": "after_sales.service_reports.send_monthly"},
			["frequency", "stopped"],
		)
		self.assertEqual(job, ("Monthly Long", 0))

	def test_opt_out_per_contract_and_a_contact_without_email(self):
		customer = make_customer(f"_Test Monthly Quiet {self.suffix}")
		contract = make_contract(customer=customer, product=self.product, start=add_days(today(), -100))
		self.assertEqual(contract.send_monthly_report, 1)  # on by default
		delivery.send_for_customer(customer, self.start)
		report = frappe.get_doc("Monthly Service Report", {"customer": customer})
		self.addCleanup(remove, report.name)
		self.assertEqual(report.status, "Not Sent")
		self.assertIn("e-mail", report.not_sent_reason)
		# a site without outgoing e-mail: the report is kept, Not Sent, and says why
		offline = make_customer(f"_Test Monthly Offline {self.suffix}")
		contact = make_contact(f"offline.{self.suffix}@example.com", offline)
		make_contract(
			customer=offline,
			product=self.product,
			start=add_days(today(), -100),
			contacts=[{"contact": contact}],
		)
		with patch("after_sales.mail.can_send", return_value=False):
			delivery.send_for_customer(offline, self.start)
		report = frappe.get_doc("Monthly Service Report", {"customer": offline})
		self.addCleanup(remove, report.name)
		self.assertEqual(
			(report.status, report.recipients), ("Not Sent", f"offline.{self.suffix}@example.com")
		)
		self.assertIn("outgoing e-mail account", report.not_sent_reason)
		with patch("after_sales.mail.can_send", return_value=False):
			self.assertRaises(frappe.OutgoingEmailError, report.send_now)  # Send Now says why, sends nothing
		self.assertEqual(frappe.db.get_value("Monthly Service Report", report.name, "status"), "Not Sent")
		self.assertFalse(frappe.db.exists("File", {"attached_to_name": report.name}))
		# opted out: no report at all, and the scheduler does not queue the customer
		self.contract.db_set("send_monthly_report", 0)
		self.addCleanup(self.contract.db_set, "send_monthly_report", 1)
		delivery.send_for_customer(self.customer, self.start)
		self.assertFalse(frappe.db.exists("Monthly Service Report", {"customer": self.customer}))
		with patch.object(frappe, "enqueue") as enqueue:
			delivery.send_monthly(on=get_first_day(today()))
		queued = {call.kwargs["customer"] for call in enqueue.call_args_list}
		self.assertIn(customer, queued)
		self.assertNotIn(self.customer, queued)
		self.assertTrue(all(call.kwargs["period_start"] == self.start for call in enqueue.call_args_list))

	def test_agr25_customers_read_only_their_own_sent_reports(self):
		report = self.compiled()
		alice = portal_user(self.email, self.customer)
		bob = portal_user(f"bob.monthly.{self.suffix}@example.com", self.other)
		agent = make_user(f"agent.monthly.{self.suffix}@example.com", ("Agent",))
		with as_user(alice):
			self.assertFalse(frappe.has_permission("Monthly Service Report", "read", report.name))  # draft
		# sent: the PDF as e-mailed is attached to the report, and is what the customer downloads
		pdf = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{report.name}.pdf",
				"attached_to_doctype": report.doctype,
				"attached_to_name": report.name,
				"is_private": 1,
				"content": delivery.pdf_of(report),
			}
		).insert(ignore_permissions=True)
		report.db_set({"status": "Sent", "sent_pdf": pdf.file_url})
		for user, allowed in ((alice, True), (bob, False), (agent, True)):
			with as_user(user):
				self.assertEqual(
					frappe.has_permission("Monthly Service Report", "read", report.name), allowed
				)
				names = frappe.get_list("Monthly Service Report", pluck="name")
				self.assertEqual(report.name in names, allowed)
		with as_user(bob):
			self.assertRaises(
				frappe.PermissionError,
				frappe.get_attr("frappe.utils.print_format.download_pdf"),
				"Monthly Service Report",
				report.name,
				"Monthly Service Report",
			)
			self.assertRaises(frappe.PermissionError, delivery.download_pdf, report.name)
		with as_user(alice):
			delivery.download_pdf(report.name)
			self.assertEqual(frappe.local.response.type, "pdf")
			self.assertTrue(frappe.local.response.filecontent.startswith(b"%PDF"))
		with as_user(alice):
			self.assertRaises(frappe.PermissionError, report.reload().send_now)
		with as_user(agent):  # agents read; only managers send
			self.assertRaises(frappe.PermissionError, report.reload().refresh_figures)


FAKE_PDF = small_pdf("after_sales test report")


def fake_pdf(seconds: float = 0):
	"""Frappe's PDF generator replaced by one that answers a fixed PDF, after `seconds`."""

	def get_pdf(html, *args, **kwargs):
		time.sleep(seconds)
		return FAKE_PDF

	return patch("frappe.utils.pdf.get_pdf", get_pdf)


class ReportCustomers:
	"""Customers with an active contract and a contact, and what sending their report left."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_outgoing_email_account()
		cls.start, _end = previous_month(getdate(today()))
		cls.product = make_product("_Test Monthly Half State Product")

	def customer(self, label: str):
		suffix = frappe.generate_hash(length=6)
		customer = make_customer(f"_Test Monthly {label} {suffix}")
		contact = make_contact(f"monthly.{frappe.scrub(label)}.{suffix}@example.com", customer)
		contract = make_contract(
			customer=customer,
			product=self.product,
			start=add_days(today(), -200),
			contacts=[{"contact": contact}],
		)
		return customer, contact, contract.name

	def report(self, customer: str):
		name = frappe.db.get_value("Monthly Service Report", {"customer": customer})
		self.addCleanup(remove, name)
		return frappe.get_doc("Monthly Service Report", name)

	def mails(self, report: str) -> int:
		return frappe.db.count(
			"Email Queue", {"reference_doctype": "Monthly Service Report", "reference_name": report}
		)

	def files(self, report: str) -> list[str]:
		return frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Monthly Service Report", "attached_to_name": report},
			pluck="name",
		)


class TestMonthlyReportLeavesNoHalfState(ReportCustomers, FrappeTestCase):
	"""Issue 11 point 7 (AGR-27): sending a report is all or nothing."""

	def test_agr27_a_pdf_that_fails_to_render_leaves_the_report_not_sent_with_the_reason(self):
		customer, _contact, _contract = self.customer("Broken PDF")
		broken = patch("frappe.utils.pdf.get_pdf", side_effect=OSError("wkhtmltopdf exited with code 1"))
		with broken:
			delivery.send_for_customer(customer, self.start)
		report = self.report(customer)
		self.assertEqual(report.status, "Not Sent")
		self.assertIn("PDF could not be rendered", report.not_sent_reason)
		self.assertIn("wkhtmltopdf exited with code 1", report.not_sent_reason)
		self.assertEqual((self.mails(report.name), self.files(report.name)), (0, []))
		self.assertTrue(frappe.db.exists("Error Log", {"reference_name": report.name}))
		with fake_pdf():  # the generator works again: the next run sends it, once
			delivery.send_for_customer(customer, self.start)
			delivery.send_for_customer(customer, self.start)
		report.reload()
		self.assertEqual((report.status, report.not_sent_reason), ("Sent", None))
		self.assertEqual((self.mails(report.name), len(self.files(report.name))), (1, 1))

	def test_agr1_a_chinese_report_is_sent_only_with_chinese_text_in_its_pdf(self):
		"""AGR-1, AGR-27: a report in Chinese whose PDF carries no Chinese text (a server without a CJK font
		renders boxes) stays Not Sent, saying why; rendered with the server's CJK font it is sent, and the
		PDF the customer receives reads back as Chinese."""
		customer, _contact, _contract = self.customer("No CJK Font")
		delivery.prepare(customer, self.start).db_set("language", "zh")
		with fake_pdf():
			delivery.send_for_customer(customer, self.start)
		report = self.report(customer)
		self.assertEqual((report.language, report.status), ("zh", "Not Sent"))
		self.assertIn("no Chinese text", report.not_sent_reason)
		self.assertEqual((self.mails(report.name), self.files(report.name)), (0, []))
		delivery.send_for_customer(customer, self.start)  # the real renderer, with the CJK font
		report.reload()
		self.assertEqual((report.status, report.not_sent_reason), ("Sent", None))
		(file,) = self.files(report.name)
		self.assertTrue(delivery.has_chinese_text(frappe.get_doc("File", file).get_content()))

	def test_agr27_a_failure_after_the_mail_is_queued_takes_mail_and_pdf_back(self):
		"""The mail is queued and the PDF filed, then marking the report Sent fails: neither is left (not
		even the PDF on disk) and the report is Not Sent, saying why."""
		from after_sales.after_sales.doctype.monthly_service_report.monthly_service_report import (
			MonthlyServiceReport,
		)

		customer, _contact, _contract = self.customer("Half Sent")
		original = MonthlyServiceReport.db_set
		on_disk = []

		def stamp_fails(report, fieldname, *args, **kwargs):
			if isinstance(fieldname, dict) and fieldname.get("status") == "Sent":
				self.assertEqual(self.mails(report.name), 1)  # the mail is queued by now
				(file,) = self.files(report.name)
				on_disk.append(frappe.get_doc("File", file).get_full_path())
				raise RuntimeError("lost the connection")
			return original(report, fieldname, *args, **kwargs)

		with fake_pdf(), patch.object(MonthlyServiceReport, "db_set", stamp_fails):
			delivery.send_for_customer(customer, self.start)
		report = self.report(customer)
		self.assertEqual(report.status, "Not Sent")
		self.assertIn("lost the connection", report.not_sent_reason)
		self.assertEqual((self.mails(report.name), self.files(report.name)), (0, []))
		self.assertEqual(len(on_disk), 1)
		self.assertFalse(os.path.exists(on_disk[0]))

	def test_agr27_send_now_with_a_broken_pdf_says_why_and_sends_nothing(self):
		customer, _contact, _contract = self.customer("Send Now")
		report = delivery.prepare(customer, self.start)
		self.addCleanup(remove, report.name)
		with patch("frappe.utils.pdf.get_pdf", side_effect=OSError("wkhtmltopdf exited with code 1")):
			self.assertRaisesRegex(delivery.PDFNotRendered, "wkhtmltopdf exited with code 1", report.send_now)
		self.assertEqual((self.mails(report.name), self.files(report.name)), (0, []))
		self.assertNotEqual(frappe.db.get_value(report.doctype, report.name, "status"), "Sent")


class TestMonthlyReportRunsAtOnce(ReportCustomers, FrappeTestCase):
	"""Issue 11 point 7 (AGR-27): two runs send the report once. A class of its own: the records are
	committed for the runs' connections, and only this test's are in the transaction then."""

	def test_agr27_two_runs_at_once_send_the_report_once(self):
		"""Two workers run the customer's job at the same moment (a rerun from Desk while the scheduler's
		runs): one compiles and sends, the other waits on the customer and finds the report Sent."""
		from after_sales.tests.concurrency import committed, run_at_once, slow

		customer, contact, contract = self.customer("Race")
		committed(self, ("HD Customer", customer), ("Contact", contact), ("Service Contract", contract))

		def remove_reports():  # what the runs committed, whatever the test found
			frappe.db.rollback()
			for name in frappe.get_all(
				"Monthly Service Report", filters={"customer": customer}, pluck="name"
			):
				for queued in frappe.get_all(
					"Email Queue",
					filters={"reference_doctype": "Monthly Service Report", "reference_name": name},
					pluck="name",
				):
					frappe.delete_doc("Email Queue", queued, force=True)
				remove(name)
			frappe.db.commit()

		self.addCleanup(remove_reports)
		errors_before = frappe.db.count("Error Log")
		# the harder interleaving: each run pauses once it holds the customer, before it looks for the
		# report (unlocked, both would find none and create it); the first is still rendering when the
		# second arrives
		with fake_pdf(seconds=1), slow("after_sales.jobs.lock"):
			errors = run_at_once(lambda: delivery.send_for_customer(customer, self.start))
		self.assertEqual(errors, [])
		(name,) = frappe.get_all("Monthly Service Report", filters={"customer": customer}, pluck="name")
		self.assertEqual(frappe.db.get_value("Monthly Service Report", name, "status"), "Sent")
		self.assertEqual((self.mails(name), len(self.files(name))), (1, 1))
		self.assertEqual(frappe.db.count("Error Log"), errors_before)
