# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from datetime import datetime

import frappe
from frappe.tests.utils import FrappeTestCase

from after_sales.after_sales.report.training_summary.training_summary import execute
from after_sales.tests.utils import make_contact, make_customer, make_user, new_session


class TestTrainingSummary(FrappeTestCase):
	def test_agr8_sessions_attendance_and_rating_per_trainer(self):
		"""AGR-8: sessions held, attendance rate and average rating roll up per trainer."""
		trainer = make_user(f"as.summary.{frappe.generate_hash(length=5)}@example.com", ("Service Engineer",))
		customer = make_customer("_Test Summary Customer")
		emails = [
			make_contact(f"summary.{i}@example.com", customer) and f"summary.{i}@example.com"
			for i in range(3)
		]
		for day, ratings in ((1, (5, 3, 0)), (2, (4, 0, 0))):
			session = new_session(trainer, datetime(2034, 5, day, 9), customer=customer)
			for email in emails:
				session.append("attendees", {"email": email})
			session.insert()
			with self.freeze_time(datetime(2034, 6, 1)):
				session.status = "Completed"
				for row, rating in zip(session.attendees, ratings, strict=True):
					row.attended = int(rating > 0)
					row.rating = rating
				session.save()
		new_session(trainer, datetime(2034, 5, 3, 9)).insert()  # planned: not held yet
		_columns, data = execute({"group_by": "trainer"})
		row = next(r for r in data if r["group"] == trainer)
		self.assertEqual(row["sessions"], 2)
		self.assertEqual((row["invited"], row["attended"]), (6, 3))
		self.assertEqual(row["attendance_rate"], 50.0)
		self.assertEqual(row["ratings"], 3)
		self.assertEqual(row["average_rating"], 4.0)
		self.assertRaises(frappe.ValidationError, execute, {"group_by": "name; drop table x"})
		# filters: the trainer, the customer, the mode (AGR-8: online or on-site) and the period
		by_customer = execute({"group_by": "customer", "trainer": trainer, "customer": customer})[1]
		self.assertEqual([(r["group"], r["sessions"]) for r in by_customer], [(customer, 2)])
		self.assertEqual(execute({"group_by": "trainer", "trainer": trainer, "mode": "On-site"})[1], [])
		may_2nd = execute(
			{"group_by": "trainer", "trainer": trainer, "from_date": "2034-05-02", "to_date": "2034-05-02"}
		)[1]
		self.assertEqual([(r["sessions"], r["average_rating"]) for r in may_2nd], [(1, 4.0)])
