# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The compliance record nobody can write by hand, and tickets filed as who is logged in (issue 11).

AGR-15, AGR-21..23, AGR-10: the acknowledgement, response and resolution stamps are computed from the
ticket's opening moment and Helpdesk's first response, resolution and hold time. AGR-27: satisfaction is
the customer's own rating. AGR-25: a contact files tickets for its own customer, as itself.
"""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, get_datetime, now_datetime, today

from after_sales.tests.utils import (
	as_user,
	make_ticket,
	make_user,
	two_customers,
)

LONG_AGO = "2020-01-01 08:00:00"

# field: a value a person might try to write
HELPDESK_FIELDS = {
	"opening_date": "2020-01-01",
	"opening_time": "08:00:00",
	"service_level_agreement_creation": LONG_AGO,
	"first_responded_on": None,  # set per test: one minute after the opening
	"resolution_date": LONG_AGO,
	"resolution_time": 60,
	"total_hold_time": 86400,
	"on_hold_since": LONG_AGO,
	"feedback_rating": 1,
	"feedback_extra": "Excellent",
}
APP_FIELDS = {"acknowledge_status": "Breached", "response_status": "Met", "respond_within": 999999}


class TestComplianceRecordCannotBeForged(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		sides = two_customers("Guard")
		suffix = sides.suffix
		for key in ("product", "a", "b", "alice", "bob"):
			setattr(cls, key, sides[key])
		cls.agent = make_user(f"guard.agent.{suffix}@example.com", ("Agent",))
		cls.manager = make_user(f"guard.manager.{suffix}@example.com", ("After Sales Manager", "Agent"))
		frappe.db.commit()

	def ticket(self, **kwargs):
		return make_ticket("Guarded request", raised_by=kwargs.pop("raised_by", self.alice), **kwargs)

	def assert_refused(self, user, ticket, fieldname, value):
		# Helpdesk 1.28 refuses a contact's move to another customer itself (a ValidationError), first
		refusals = (
			(frappe.PermissionError, frappe.ValidationError)
			if fieldname == "customer"
			else frappe.PermissionError
		)
		stored = frappe.db.get_value("HD Ticket", ticket.name, fieldname)
		with as_user(user):
			doc = frappe.get_doc("HD Ticket", ticket.name)
			doc.set(fieldname, value)
			self.assertRaises(refusals, doc.save)
			self.assertRaises(refusals, frappe.client.set_value, "HD Ticket", ticket.name, fieldname, value)
		frappe.clear_messages()
		self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, fieldname), stored, fieldname)

	def test_agr15_agr21_each_helpdesk_field_the_figures_read_is_refused_to_agents_and_managers(self):
		ticket = self.ticket()
		opened = get_datetime(ticket.service_level_agreement_creation)
		for user in (self.agent, self.manager):
			for fieldname, value in HELPDESK_FIELDS.items():
				if fieldname == "first_responded_on":
					value = add_to_date(opened, minutes=1)
				with self.subTest(user=user, field=fieldname):
					self.assert_refused(user, ticket, fieldname, value)
			for fieldname, value in APP_FIELDS.items():
				with self.subTest(user=user, field=fieldname):
					self.assert_refused(user, ticket, fieldname, value)

	def test_agr21_a_backdated_first_response_cannot_stamp_the_response_met(self):
		"""The issue's probe: an overdue ticket, a PUT of `first_responded_on` one minute after opening."""
		ticket = self.ticket()
		frappe.db.set_value("HD Ticket", ticket.name, "response_by", add_to_date(now_datetime(), hours=-1))
		with as_user(self.agent):
			doc = frappe.get_doc("HD Ticket", ticket.name)
			doc.first_responded_on = add_to_date(doc.service_level_agreement_creation, minutes=1)
			self.assertRaisesRegex(frappe.PermissionError, "cannot be set by hand", doc.save)
		frappe.clear_messages()
		self.assertFalse(frappe.db.get_value("HD Ticket", ticket.name, "response_status"))

	def test_agr25_a_contact_cannot_move_the_clock_or_its_ticket(self):
		ticket = self.ticket()
		for fieldname, value in (
			("service_level_agreement_creation", LONG_AGO),
			("priority", "Low"),
			("customer", self.b),
			("raised_by", self.bob),
			("urgency", "Urgent fault"),
		):
			with self.subTest(field=fieldname):
				self.assert_refused(self.alice, ticket, fieldname, value)

	def test_a_new_ticket_starts_clean_whatever_a_person_sends(self):
		"""AGR-15, AGR-27: a REST insert's clock, stamps and rating are replaced by the system's own."""
		with as_user(self.agent):
			doc = frappe.get_doc(
				{
					"doctype": "HD Ticket",
					"subject": "Phone call",
					"raised_by": self.alice,
					**{f: v for f, v in HELPDESK_FIELDS.items() if v is not None},
					"first_responded_on": LONG_AGO,
					**APP_FIELDS,
				}
			).insert()
		doc = frappe.get_doc("HD Ticket", doc.name)
		self.assertGreater(get_datetime(doc.service_level_agreement_creation), get_datetime(LONG_AGO))
		self.assertEqual(str(doc.opening_date), today())
		for fieldname in ("first_responded_on", "resolution_date", "on_hold_since", "feedback_extra"):
			self.assertFalse(doc.get(fieldname), fieldname)
		self.assertFalse(doc.feedback_rating)
		self.assertFalse(doc.total_hold_time)
		self.assertFalse(doc.response_status)
		# the agent's own entry acknowledges it now (AGR-15), not at the time it claimed
		self.assertGreater(get_datetime(doc.acknowledged_on), get_datetime(LONG_AGO))
		self.assertEqual(doc.respond_within, 3600)  # the policy's, for a general fault

	def test_helpdesks_own_paths_still_stamp(self):
		"""Helpdesk's rules set the record: pausing stamps the first response; the customer rates once."""
		ticket = self.ticket()
		with as_user(self.agent):
			doc = frappe.get_doc("HD Ticket", ticket.name)
			doc.status = "Replied"  # Helpdesk's paused status: its first response
			doc.save()
		self.assertTrue(frappe.db.get_value("HD Ticket", ticket.name, "first_responded_on"))
		self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "response_status"), "Met")
		option = frappe.get_all("HD Ticket Feedback Option", fields=["name", "rating"], limit=1)
		self.assertTrue(option, "Helpdesk installs its feedback options")
		with as_user(self.alice):
			frappe.client.set_value(
				"HD Ticket", ticket.name, {"feedback": option[0].name, "status": "Closed"}
			)
		self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "feedback_rating"), option[0].rating)
		with as_user(self.alice):  # once
			self.assertRaises(
				frappe.PermissionError,
				frappe.client.set_value,
				"HD Ticket",
				ticket.name,
				"feedback_extra",
				"Changed my mind",
			)
		frappe.clear_messages()

	def test_a_queued_save_is_still_the_persons(self):
		"""Frappe runs a job (a bulk edit of 20+ tickets, a data import) as the user who queued it: an agent's
		queued save is refused like a direct one."""
		from after_sales.tests.utils import as_background_job

		ticket = self.ticket()
		with as_user(self.agent), as_background_job():
			doc = frappe.get_doc("HD Ticket", ticket.name)
			doc.response_status = "Met"
			doc.total_hold_time = 86400
			self.assertRaises(frappe.PermissionError, doc.save)
		frappe.clear_messages()
		self.assertFalse(frappe.db.get_value("HD Ticket", ticket.name, "response_status"))

	def test_agr27_a_contact_rates_only_a_resolved_ticket(self):
		ticket = self.ticket()
		self.assert_refused(self.alice, ticket, "feedback_rating", 0.2)

	def test_agr21_a_contacts_new_ticket_is_classified_not_self_declared(self):
		"""AGR-4, AGR-21..23: the contact's request says Phone and Urgent fault; the agreement decides both."""
		with as_user(self.alice):
			name = frappe.client.insert(
				{
					"doctype": "HD Ticket",
					"subject": "Question about an invoice layout",
					"urgency": "Urgent fault",
					"urgency_reason": "agent",
					"request_channel": "Phone",
				}
			)["name"]
		doc = frappe.get_doc("HD Ticket", name)
		self.assertEqual(doc.request_channel, "Portal")
		self.assertFalse(doc.urgency_set_by_agent)
		self.assertNotEqual(doc.urgency_reason, "agent")
		self.assertEqual(doc.urgency, "General fault")

	def test_agr27_an_agent_cannot_rate_for_the_customer(self):
		ticket = self.ticket()
		option = frappe.get_all("HD Ticket Feedback Option", pluck="name", limit=1)
		self.assertTrue(option, "Helpdesk installs its feedback options")
		for fieldname, value in (("feedback_rating", 1), ("feedback", option[0])):
			self.assert_refused(self.agent, ticket, fieldname, value)


class TestTicketsFiledAsWhoIsLoggedIn(FrappeTestCase):
	"""AGR-25: a contact's ticket is its own customer's, from its own address, on every way in."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		sides = two_customers("Filer")
		for key in ("product", "a", "b", "alice", "bob", "contract_a", "contract_b"):
			setattr(cls, key, sides[key])
		frappe.db.commit()

	def assert_filed_as_alice(self, name):
		doc = frappe.get_doc("HD Ticket", name)
		self.assertEqual(doc.customer, self.a)
		self.assertEqual(doc.raised_by, self.alice)
		self.assertEqual(doc.service_contract, self.contract_a.name)
		self.assertEqual(doc.request_channel, "Portal")

	def assert_refused(self, call, *args, subject: str):
		"""Refused with a 4xx exception (Helpdesk's own where it checks, else the app's), nothing saved."""
		with as_user(self.alice):
			self.assertRaises((frappe.ValidationError, frappe.PermissionError), call, *args)
		frappe.clear_messages()
		self.assertFalse(frappe.db.exists("HD Ticket", {"subject": subject}))

	def test_helpdesk_api_new_files_as_the_contact_itself(self):
		from helpdesk.helpdesk.doctype.hd_ticket.api import new

		with as_user(self.alice):
			doc = new({"subject": "Mine", "description": "Help"})
		self.assert_filed_as_alice(doc.name)

	def test_helpdesk_api_new_refuses_another_customer(self):
		from helpdesk.helpdesk.doctype.hd_ticket.api import new

		subject = f"For B {frappe.generate_hash(length=6)}"
		self.assert_refused(
			new, {"subject": subject, "description": "Help", "customer": self.b}, subject=subject
		)

	def test_rest_insert_refuses_another_customer_sender_or_contact(self):
		bobs_contact = frappe.db.get_value("Contact", {"email_id": self.bob})
		for values in ({"customer": self.b}, {"raised_by": self.bob}, {"contact": bobs_contact}):
			subject = f"Not mine {frappe.generate_hash(length=6)}"
			with self.subTest(values=values):
				self.assert_refused(
					frappe.client.insert,
					{"doctype": "HD Ticket", "subject": subject, "via_customer_portal": 0, **values},
					subject=subject,
				)

	def test_helpdesks_own_refusal_is_the_one_shown(self):
		"""Where Helpdesk checks the customer itself (1.28's "Auto-set customer from contact"), its message is
		the contact's answer, not the app's; where it does not (1.25), the app's guard refuses."""
		helpdesk_checks = frappe.get_meta("HD Settings").has_field("auto_set_customer_from_contact")
		if helpdesk_checks:
			frappe.db.set_single_value("HD Settings", "auto_set_customer_from_contact", 1)
		with as_user(self.alice), self.assertRaises(frappe.ValidationError) as refused:
			frappe.get_doc({"doctype": "HD Ticket", "subject": "B's", "customer": self.b}).insert()
		frappe.clear_messages()
		expected = "is not linked to the contact" if helpdesk_checks else "is not one of yours"
		self.assertIn(expected, str(refused.exception))

	def test_rest_update_cannot_move_a_ticket_to_another_customer(self):
		from helpdesk.helpdesk.doctype.hd_ticket.api import new

		with as_user(self.alice):
			name = new({"subject": "Stays mine", "description": "Help"}).name
			for fieldname, value in (("customer", self.b), ("raised_by", self.bob)):
				# Helpdesk 1.28 refuses another customer itself (a ValidationError), before the app's guard
				self.assertRaises(
					(frappe.PermissionError, frappe.ValidationError),
					frappe.client.set_value,
					"HD Ticket",
					name,
					fieldname,
					value,
				)
		frappe.clear_messages()
		self.assert_filed_as_alice(name)

	def test_a_reply_is_from_the_contact_itself(self):
		from helpdesk.helpdesk.doctype.hd_ticket.api import new

		with as_user(self.alice):
			name = new({"subject": "Reply as me", "description": "Help"}).name
			frappe.get_doc("HD Ticket", name).create_communication_via_contact("More details")
		senders = frappe.get_all(
			"Communication",
			filters={
				"reference_doctype": "HD Ticket",
				"reference_name": name,
				"sent_or_received": "Received",
			},
			pluck="sender",
		)
		self.assertTrue(senders)
		self.assertEqual(set(senders), {self.alice})
