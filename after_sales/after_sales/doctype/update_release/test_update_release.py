# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import email
import email.policy
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from after_sales.tests.utils import make_contract, make_customer, make_product, make_user, new_release


class TestUpdateRelease(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.product = make_product("_Test Release Product")
		cls.customers = [make_customer(f"_Test Release Customer {i}") for i in range(3)]
		for customer in cls.customers[:2]:
			make_contract(customer=customer, product=cls.product, start=add_days(today(), -30))
		# the third customer's contract ended long ago: not entitled (AGR-3)
		make_contract(
			customer=cls.customers[2], product=cls.product, start="2020-01-01", contract_end="2020-12-31"
		)

	def test_version_must_be_a_version_number(self):
		for bad in ("", "latest", "1..2", "v"):
			with self.subTest(version=bad):
				self.assertRaises(frappe.ValidationError, new_release(self.product, bad).insert)

	def test_version_unique_per_product(self):
		new_release(self.product, "3.1").insert()
		self.assertRaisesRegex(
			frappe.ValidationError, "already exists", new_release(self.product, "3.1").insert
		)
		self.assertRaisesRegex(
			frappe.ValidationError, "already exists", new_release(self.product, "3.1.0").insert
		)
		other = new_release(make_product("_Test Other Release Product"), "3.1").insert()
		self.assertTrue(other.name)

	def test_versions_sort_numerically(self):
		"""AGR-11: 2.10 is newer than 2.9, in SQL too."""
		product = make_product("_Test Sorting Product")
		for version in ("2.9", "2.10", "2.1", "10.0"):
			new_release(product, version).insert()
		ordered = frappe.get_all(
			"Update Release", filters={"product": product}, order_by="version_key desc", pluck="version"
		)
		self.assertEqual(ordered, ["10.0", "2.10", "2.9", "2.1"])

	def test_agr11_publish_targets_entitled_customers_and_tracks_reach(self):
		"""AGR-2, AGR-11: publishing reaches every customer with a covering contract; reach is tracked."""
		release = new_release(self.product, "4.0", release_type="Security").insert()
		release.publish()
		release.reload()
		self.assertEqual(release.status, "Published")
		self.assertTrue(release.published_on)
		self.assertEqual(sorted(row.customer for row in release.deliveries), self.customers[:2])
		self.assertEqual(release.entitled_customers, 2)
		self.assertEqual(release.reach_percent, 0)
		release.deliveries[0].status = "Installed"
		release.save()
		self.assertEqual(release.installed_customers, 1)
		self.assertEqual(release.reach_percent, 50)
		self.assertEqual(str(release.deliveries[0].installed_on), today())

	def test_publishing_cannot_be_undone(self):
		release = new_release(self.product, "4.1").insert()
		release.publish()
		release.reload()
		release.status = "Draft"
		self.assertRaisesRegex(frappe.ValidationError, "cannot be unpublished", release.save)
		release.reload()
		release.version = "4.2"
		self.assertRaisesRegex(frappe.ValidationError, "cannot change", release.save)
		release.reload()
		self.assertRaisesRegex(frappe.ValidationError, "already published", release.publish)

	def test_agr11_status_published_only_through_publish(self):
		"""A release marked Published by hand (REST, import) would reach nobody: only Publish publishes."""
		release = new_release(self.product, "8.1", status="Published")
		self.assertRaisesRegex(frappe.ValidationError, "Use Publish", release.insert)
		release = new_release(self.product, "8.1").insert()
		release.status = "Published"
		self.assertRaisesRegex(frappe.ValidationError, "Use Publish", release.save)
		release.reload().publish()
		self.assertEqual(release.reload().status, "Published")
		self.assertTrue(release.deliveries)

	def test_publish_needs_something_to_deliver(self):
		release = new_release(self.product, "4.3", download_link=None).insert()
		self.assertRaisesRegex(frappe.ValidationError, "before publishing", release.publish)
		self.assertEqual(frappe.db.get_value("Update Release", release.name, "status"), "Draft")

	def test_publish_with_no_entitled_customer(self):
		"""AGR-11: no entitled customer gives reach n/a (0 of 0), not a division by zero."""
		release = new_release(make_product("_Test Lonely Product"), "1.0").insert()
		release.publish()
		release.reload()
		self.assertEqual(release.status, "Published")
		self.assertEqual((release.entitled_customers, release.installed_customers), (0, 0))
		self.assertEqual(release.reach_percent, 0)

	def test_only_managers_publish(self):
		release = new_release(self.product, "4.4").insert()
		engineer = make_user("as.release.engineer@example.com", ("Service Engineer",))
		frappe.set_user(engineer)
		try:
			self.assertRaises(frappe.PermissionError, release.publish)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Update Release", release.name, "status"), "Draft")

	def test_declined_delivery_needs_a_reason(self):
		release = new_release(self.product, "4.5").insert()
		release.append("deliveries", {"customer": self.customers[0], "status": "Declined"})
		self.assertRaisesRegex(frappe.ValidationError, "reason", release.save)

	def test_one_delivery_per_customer(self):
		release = new_release(self.product, "4.6").insert()
		release.append("deliveries", {"customer": self.customers[0]})
		release.append("deliveries", {"customer": self.customers[0]})
		self.assertRaisesRegex(frappe.ValidationError, "listed twice", release.save)


class TestReleaseDelivery(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from after_sales.tests.utils import make_contact, make_outgoing_email_account

		make_outgoing_email_account()
		cls.product = make_product(f"_Test Delivery Product {frappe.generate_hash(length=5)}")
		cls.reached = make_customer("_Test Delivery Reached")
		make_contact("delivery.reached@example.com", cls.reached)
		cls.silent = make_customer("_Test Delivery Silent")  # no contact e-mail at all
		for customer in (cls.reached, cls.silent):
			make_contract(customer=customer, product=cls.product, start=add_days(today(), -30))

	def mails(self, release):
		return frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Update Release", "reference_name": release},
			fields=["message"],
		)

	def test_agr11_publishing_emails_each_customer_and_marks_security(self):
		"""AGR-11: each entitled customer's contacts get the version, type, notes and link; security is marked."""
		release = new_release(
			self.product, "5.0", release_type="Security", release_notes="<p>Fixes CVE-2026-1</p>"
		).insert()
		release.publish()
		release.reload()
		rows = {row.customer: row for row in release.deliveries}
		self.assertEqual(rows[self.reached].status, "Notified")
		self.assertTrue(rows[self.reached].notified_on)
		self.assertEqual(rows[self.silent].status, "Pending")
		self.assertIn("No contact e-mail", rows[self.silent].note)
		mails = self.mails(release.name)
		self.assertEqual(len(mails), 1)
		self.assertIn("Security", mails[0].message)
		self.assertIn("5.0", mails[0].message)
		self.assertIn("CVE-2026-1", mails[0].message)
		self.assertIn("downloads.example.com", mails[0].message)

	def test_agr11_the_download_link_is_in_both_parts_of_the_email(self):
		"""AGR-11: the customer can download the release from the e-mail whichever part its client shows:
		the link's address is in the HTML part and in the plain-text part (which Frappe 15.105 would build
		from the HTML without it)."""
		release = new_release(self.product, "5.1").insert()
		release.publish()
		mails = self.mails(release.name)
		self.assertEqual(len(mails), 1)
		message = email.message_from_string(mails[0].message, policy=email.policy.default)
		parts = {
			part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()
		}
		for content_type in ("text/plain", "text/html"):
			self.assertIn(
				"https://downloads.example.com/product.zip", parts.get(content_type, ""), content_type
			)
		self.assertNotIn("<", parts["text/plain"])

	def test_publishing_without_outgoing_email_keeps_deliveries_pending_with_the_reason(self):
		"""A site with no outgoing e-mail account can still publish: nobody is marked notified who was not."""
		release = new_release(self.product, "5.5").insert()
		with patch("after_sales.mail.can_send", return_value=False):
			release.publish()
		release.reload()
		self.assertEqual(release.status, "Published")
		rows = {row.customer: row for row in release.deliveries}
		self.assertEqual(rows[self.reached].status, "Pending")
		self.assertIn("outgoing e-mail account", rows[self.reached].note)
		self.assertEqual(self.mails(release.name), [])
		# once the site can send, Notify Pending reaches those it can, once
		self.assertEqual(release.notify_pending(), 1)
		rows = {row.customer: row for row in release.reload().deliveries}
		self.assertEqual((rows[self.reached].status, rows[self.reached].note), ("Notified", None))
		self.assertEqual(rows[self.silent].status, "Pending")  # still no contact e-mail
		self.assertEqual(len(self.mails(release.name)), 1)
		self.assertEqual(release.notify_pending(), 0)
		self.assertEqual(len(self.mails(release.name)), 1)
		# the customer without e-mail installs it anyway (told by phone): the pending note goes
		release.reload()
		next(row for row in release.deliveries if row.customer == self.silent).status = "Installed"
		release.save()
		rows = {row.customer: row for row in release.reload().deliveries}
		self.assertEqual((rows[self.silent].status, rows[self.silent].note), ("Installed", None))

	def test_notify_pending_needs_a_published_release_and_a_manager(self):
		release = new_release(self.product, "5.6").insert()
		self.assertRaises(frappe.ValidationError, release.notify_pending)
		release.publish()
		agent = make_user("release.agent@example.com", ("Agent",))
		frappe.set_user(agent)
		try:
			self.assertRaises(frappe.PermissionError, release.reload().notify_pending)
		finally:
			frappe.set_user("Administrator")

	def test_agr11_customer_entitled_after_publication_gets_the_newest_release_once(self):
		release = new_release(self.product, "6.0").insert()
		release.publish()
		late = make_customer(f"_Test Late Customer {frappe.generate_hash(length=5)}")
		contract = make_contract(customer=late, product=self.product, start=add_days(today(), -1))
		release.reload()
		self.assertEqual(sum(1 for row in release.deliveries if row.customer == late), 1)
		self.assertEqual(
			next(row for row in release.deliveries if row.customer == late).contract, contract.name
		)

	def test_agr11_overdue_deliveries_are_counted(self):
		release = new_release(self.product, "7.0").insert()
		release.publish()
		release.reload()
		self.assertEqual(release.overdue_deliveries(), 0)
		self.assertGreaterEqual(len(release.deliveries), 2)
		with self.freeze_time(add_days(today(), 30)):
			self.assertEqual(release.overdue_deliveries(), len(release.deliveries))
		release.deliveries[0].status = "Installed"
		release.save()
		with self.freeze_time(add_days(today(), 30)):
			self.assertEqual(release.overdue_deliveries(), len(release.deliveries) - 1)

	def test_upgrade_ticket_links_to_the_delivery(self):
		from after_sales.tests.utils import make_ticket

		release = new_release(self.product, "8.0").insert()
		release.publish()
		ticket = make_ticket(
			"Please help us upgrade",
			raised_by="delivery.reached@example.com",
			ticket_type="Upgrade",
			update_release=release.name,
		)
		release.reload()
		row = next(row for row in release.deliveries if row.customer == self.reached)
		self.assertEqual(row.ticket, ticket.name)
