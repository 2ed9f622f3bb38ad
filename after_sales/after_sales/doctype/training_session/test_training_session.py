# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from datetime import datetime

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date

from after_sales.tests.utils import make_customer, make_user, new_session

START = datetime(2031, 5, 12, 9, 0)


class TestTrainingSession(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.trainer = make_user("as.trainer@example.com", ("Service Engineer",))

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
		self.assertRaisesRegex(frappe.ValidationError, "already trains", clash.insert)
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
