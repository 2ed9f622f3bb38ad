# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import email
import re
from datetime import datetime
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, get_datetime

from after_sales.tests.utils import make_contact, make_customer, make_user, new_session

START = datetime(2031, 5, 12, 9, 0)


class TestTrainingSession(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.trainer = make_user("as.trainer@example.com", ("Service Engineer",))
		for address in ("a@example.com", "b@example.com", "rater@example.com"):
			make_contact(address)

	def test_end_after_start(self):
		doc = new_session(self.trainer, START, hours=-1)
		self.assertRaisesRegex(frappe.ValidationError, "end after it starts", doc.insert)

	def test_agr8_online_needs_link_and_onsite_needs_location(self):
		"""AGR-8: training is online (meeting link) or on-site (location)."""
		doc = new_session(self.trainer, START, mode="On-site", meeting_link=None)
		self.assertRaises(frappe.ValidationError, doc.insert)
		doc = new_session(self.trainer, START, mode="Online", meeting_link="")
		self.assertRaises(frappe.ValidationError, doc.insert)
		doc = new_session(
			self.trainer, START, mode="On-site", meeting_link=None, location="Customer HQ, room 3"
		)
		doc.insert()
		self.assertTrue(doc.name)

	def test_trainer_is_never_double_booked(self):
		start = datetime(2031, 6, 2, 9, 0)
		new_session(self.trainer, start, hours=3).insert()
		clash = new_session(self.trainer, add_to_date(start, hours=2), hours=2)
		self.assertRaisesRegex(frappe.ValidationError, "already booked", clash.insert)
		after = new_session(self.trainer, add_to_date(start, hours=3), hours=1).insert()
		self.assertTrue(after.name)

	def test_cancelled_session_frees_the_trainer(self):
		start = datetime(2031, 6, 9, 9, 0)
		first = new_session(self.trainer, start).insert()
		first.status = "Cancelled"
		first.save()
		self.assertTrue(new_session(self.trainer, start).insert().name)

	def test_attendees_within_capacity_and_unique(self):
		doc = new_session(self.trainer, datetime(2031, 7, 1, 9), capacity=1)
		doc.append("attendees", {"email": "a@example.com"})
		doc.append("attendees", {"email": "b@example.com"})
		self.assertRaisesRegex(frappe.ValidationError, "exceed the capacity", doc.insert)
		doc = new_session(self.trainer, datetime(2031, 7, 2, 9))
		doc.append("attendees", {"email": "a@example.com"})
		doc.append("attendees", {"email": "A@Example.com"})
		self.assertRaisesRegex(frappe.ValidationError, "already invited", doc.insert)

	def test_feedback_only_on_completed_sessions(self):
		"""AGR-8: attendees rate a session they attended, 1 to 5."""
		doc = new_session(self.trainer, datetime(2031, 8, 3, 9))
		doc.append("attendees", {"email": "rater@example.com", "rating": 5})
		self.assertRaisesRegex(frappe.ValidationError, "once the session is completed", doc.insert)
		doc.attendees[0].rating = 0
		doc.insert()
		doc.status = "Completed"
		self.assertRaisesRegex(frappe.ValidationError, "once it has ended", doc.save)
		doc.reload()
		with self.freeze_time(datetime(2031, 8, 3, 12)):
			doc.status = "Completed"
			doc.attendees[0].attended = 1
			doc.attendees[0].rating = 6
			self.assertRaisesRegex(frappe.ValidationError, "from 1 to 5", doc.save)
			doc.reload()
			doc.status = "Completed"
			doc.attendees[0].attended = 1
			doc.attendees[0].rating = 4
			doc.save()
		self.assertTrue(doc.attendees[0].rated_on)

	def test_agr26_internal_training_has_no_customer(self):
		"""AGR-26: internal training of the service team is not tied to a customer."""
		doc = new_session(
			self.trainer,
			datetime(2031, 9, 1, 9),
			is_internal=1,
			customer=make_customer("_Test Training Customer"),
		)
		self.assertRaisesRegex(frappe.ValidationError, "no customer", doc.insert)


class TestTrainingDelivery(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from after_sales.tests.utils import make_outgoing_email_account

		make_outgoing_email_account()
		cls.trainer = make_user("as.trainer2@example.com", ("Service Engineer",))
		cls.customer = make_customer("_Test Training Delivery Customer")
		cls.attendee = "trainee@example.com"
		make_contact(cls.attendee, cls.customer)

	def session(self, start, **kwargs):
		doc = new_session(self.trainer, start, customer=self.customer, **kwargs)
		doc.append("attendees", {"email": self.attendee})
		return doc.insert()

	def test_attendee_must_be_a_contact_of_the_customer(self):
		doc = new_session(self.trainer, datetime(2032, 1, 5, 9), customer=self.customer)
		doc.append("attendees", {"email": "stranger@elsewhere.example.com"})
		self.assertRaisesRegex(frappe.ValidationError, "not a contact", doc.insert)

	def test_agr8_invitation_carries_a_valid_ics(self):
		"""AGR-8: each attendee gets an .ics invitation (parsed here) with the meeting link, once."""
		import icalendar

		session = self.session(datetime(2032, 1, 6, 9))
		self.assertEqual(session.send_invitations(), 1)
		self.assertEqual(session.send_invitations(), 0)
		queue = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Training Session", "reference_name": session.name},
			pluck="name",
		)
		self.assertEqual(len(queue), 1)
		raw = frappe.db.get_value("Email Queue", queue[0], "message")
		parts = [p for p in email.message_from_string(raw).walk() if p.get_filename() == "invitation.ics"]
		self.assertEqual(len(parts), 1)
		event = icalendar.Calendar.from_ical(parts[0].get_payload(decode=True)).walk("VEVENT")[0]
		self.assertEqual(str(event["URL"]), "https://meet.example.com/after-sales")
		self.assertEqual(str(event["ATTENDEE"]), f"mailto:{self.attendee}")
		# 09:00 in the site's time zone (Asia/Shanghai on the test site) is 01:00 UTC
		start = event.decoded("DTSTART")
		self.assertEqual(start.tzinfo is not None, True)
		self.assertEqual(start, convert_to_utc(session.starts_on))

	def test_agr8_rating_once_after_the_session_through_the_link(self):
		from after_sales.api.training import submit_feedback

		session = self.session(datetime(2032, 1, 7, 9))
		self.assertRaisesRegex(
			frappe.ValidationError, "once the session is completed", session.request_feedback
		)
		with self.freeze_time(datetime(2032, 1, 7, 12)):
			session.reload()
			session.status = "Completed"
			session.attendees[0].attended = 1
			session.save()
			session.reload()
			with patch.object(frappe, "sendmail") as sendmail:
				session.request_feedback()
			key = re.search(r"key=(\w+)", sendmail.call_args.kwargs["message"]).group(1)
			# the row keeps only the key's digest: the document and its history never carry the credential
			stored = frappe.db.get_value("Training Attendee", session.attendees[0].name, "feedback_key")
			self.assertNotEqual(stored, key)
			self.assertNotIn(
				key,
				frappe.as_json(frappe.get_all("Version", filters={"docname": session.name}, fields=["data"])),
			)
		with self.freeze_time(datetime(2032, 1, 7, 12)):
			frappe.set_user("Guest")
			try:
				self.assertRaises(frappe.PermissionError, submit_feedback, "x" * 32, 5)
				self.assertRaisesRegex(frappe.ValidationError, "1 to 5", submit_feedback, key, 9)
				submit_feedback(key, 4, "Clear and practical")
				self.assertRaisesRegex(frappe.ValidationError, "already rated", submit_feedback, key, 5)
			finally:
				frappe.set_user("Administrator")
		row = frappe.get_doc("Training Session", session.name).attendees[0]
		self.assertEqual((row.rating, row.comment), (4, "Clear and practical"))

	def test_training_ticket_makes_a_prefilled_session(self):
		from after_sales.api.training import make_training_session
		from after_sales.tests.utils import make_ticket

		ticket = make_ticket("Train our new accountants", raised_by=self.attendee, ticket_type="Training")
		session = make_training_session(ticket.name)
		self.assertEqual((session["ticket"], session["customer"]), (ticket.name, self.customer))
		self.assertEqual(session["title"], "Train our new accountants")


def convert_to_utc(value):
	from zoneinfo import ZoneInfo

	from frappe.utils import get_system_timezone

	return get_datetime(value).replace(tzinfo=ZoneInfo(get_system_timezone())).astimezone(ZoneInfo("UTC"))


class TestTrainerAndVisits(FrappeTestCase):
	def test_agr8_trainer_on_an_onsite_visit_cannot_be_booked(self):
		"""AGR-8, AGR-16: an engineer out on an on-site visit is not free to train, and the other way round."""
		from after_sales.api.ticket import record_diagnosis
		from after_sales.tests.utils import make_ticket

		engineer = make_user(
			f"as.visiting.{frappe.generate_hash(length=5)}@example.com", ("Service Engineer",)
		)
		ticket = make_ticket("Server room check", raised_by="visit.customer@example.com")
		record_diagnosis(ticket.name, "On-site", "2033-03-01 09:00:00", engineer, "Customer HQ")
		session = new_session(engineer, datetime(2033, 3, 1, 11, 0))
		self.assertRaisesRegex(frappe.ValidationError, "HD Ticket", session.insert)
		later = new_session(engineer, datetime(2033, 3, 1, 13, 0)).insert()
		other = make_ticket("Another visit", raised_by="visit.customer@example.com")
		self.assertRaisesRegex(
			frappe.ValidationError,
			later.name,
			record_diagnosis,
			other.name,
			"On-site",
			"2033-03-01 12:00:00",
			engineer,
			"Branch office",
		)
