# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The agreement's process on Helpdesk's own ticket pages (helpdesk_ui/, ticket_views.py): the app's
HD Form Scripts as records it owns, and what the agent UI and the portal are told and may do
(AGR-14..19, AGR-21..24, AGR-8, AGR-25). The pages themselves are driven in tests/browser/helpdesk.js."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime

from after_sales import helpdesk_ui
from after_sales.api import portal as portal_api
from after_sales.api import ticket as agent_api
from after_sales.api import training as training_api
from after_sales.tests.utils import as_user, make_ticket, make_user, two_customers

FORM_SCRIPT = helpdesk_ui.FORM_SCRIPT


def _script(name: str):
	return frappe.get_doc(FORM_SCRIPT, name)


class TestFormScripts(FrappeTestCase):
	"""The scripts are the app's records: written from its files, switched in its settings, never by hand."""

	def setUp(self):
		helpdesk_ui.sync()

	def test_each_script_is_installed_standard_enabled_and_for_its_page(self):
		for script in helpdesk_ui.SCRIPTS:
			doc = _script(script.name)
			self.assertEqual(
				(doc.dt, doc.apply_to, doc.is_standard, doc.enabled), ("HD Ticket", "Form", 1, 1)
			)
			self.assertEqual(doc.apply_to_customer_portal, int(script.customer_portal))
			self.assertEqual(doc.script, helpdesk_ui.source(script))
			self.assertIn("function setupForm(", doc.script)

	def test_helpdesk_hands_the_agent_script_to_the_agent_ui_and_the_other_to_the_portal(self):
		from helpdesk.helpdesk.doctype.hd_form_script.hd_form_script import get_form_script

		agent = get_form_script("HD Ticket") or []
		portal = get_form_script("HD Ticket", is_customer_portal=True) or []
		self.assertIn(helpdesk_ui.source(helpdesk_ui.SCRIPTS[0]), agent)
		self.assertIn(helpdesk_ui.source(helpdesk_ui.SCRIPTS[1]), portal)
		self.assertNotIn(helpdesk_ui.source(helpdesk_ui.SCRIPTS[1]), agent)

	def test_migrate_puts_back_a_script_edited_on_the_site(self):
		name = helpdesk_ui.SCRIPTS[0].name
		frappe.db.set_value(FORM_SCRIPT, name, "script", "function setupForm() { return {} }")
		from after_sales.install import after_migrate

		after_migrate()
		self.assertEqual(_script(name).script, helpdesk_ui.source(helpdesk_ui.SCRIPTS[0]))

	def test_after_sales_settings_switch_each_script(self):
		settings = frappe.get_single("After Sales Settings")
		settings.show_commitments_in_portal = 0
		settings.save()
		self.assertEqual(_script(helpdesk_ui.SCRIPTS[1].name).enabled, 0)
		self.assertEqual(_script(helpdesk_ui.SCRIPTS[0].name).enabled, 1)
		settings.show_commitments_in_portal = 1
		settings.save()
		self.assertEqual(_script(helpdesk_ui.SCRIPTS[1].name).enabled, 1)

	def test_people_cannot_edit_or_delete_the_apps_scripts(self):
		manager = make_user("hdui.agent.manager@example.com", ("Agent Manager", "System Manager"))
		name = helpdesk_ui.SCRIPTS[0].name
		with as_user(manager):
			self.assertFalse(frappe.has_permission(FORM_SCRIPT, "write", name))
			doc = _script(name)
			doc.enabled = 0
			self.assertRaises(frappe.PermissionError, doc.save)
			self.assertRaises(frappe.PermissionError, frappe.delete_doc, FORM_SCRIPT, name)
		doc = _script(name)  # Administrator too: After Sales Settings switches them
		doc.script = "function setupForm() { return {} }"
		self.assertRaises(frappe.PermissionError, doc.save)
		self.assertEqual(_script(name).script, helpdesk_ui.source(helpdesk_ui.SCRIPTS[0]))

	def test_a_sites_own_scripts_are_left_alone_by_sync_guard_and_uninstall(self):
		own = frappe.get_doc(
			{
				"doctype": FORM_SCRIPT,
				"name": "_Test site script",
				"dt": "HD Ticket",
				"enabled": 1,
				"script": "x",
			}
		).insert()
		own.script = "function setupForm() { return { actions: [] } }"
		own.save()  # not refused
		helpdesk_ui.sync()
		helpdesk_ui.remove()
		try:
			self.assertTrue(frappe.db.exists(FORM_SCRIPT, own.name))
			self.assertFalse(frappe.db.exists(FORM_SCRIPT, {"name": ("in", helpdesk_ui.NAMES)}))
		finally:
			helpdesk_ui.sync()


class TestTicketViews(FrappeTestCase):
	"""What the agent UI and the portal read and do, through the same methods as Desk and /my-* pages."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.sides = two_customers("HD UI")
		cls.agent = make_user("hdui.agent@example.com", ("Agent", "Service Engineer"))
		cls.plain_agent = make_user("hdui.plain.agent@example.com", ("Agent",))

	def ticket(self, raised_by=None, **values):
		return make_ticket(
			"_Test HD UI export crashed", raised_by=raised_by or self.sides.alice, **values
		).name

	def agent_view(self, ticket, user=None):
		with as_user(user or self.agent):
			return agent_api.service_process(ticket)

	def test_agr15_21_24_the_agent_sees_each_targets_deadline_and_state(self):
		view = self.agent_view(self.ticket())
		self.assertTrue(view["applies"])
		self.assertEqual([t["name"] for t in view["targets"]], ["acknowledge", "response", "resolution"])
		states = {t["name"]: t["state"] for t in view["targets"]}
		self.assertEqual(states["response"], "due")
		# with the site's offset, so that the browser shows them in its own time zone
		self.assertTrue(
			all(t["due"][-6] in "+-" and t["due"][-3] == ":" for t in view["targets"]), view["targets"]
		)
		self.assertEqual(view["timeline"][0]["label"], "Reported")
		self.assertTrue(view["timeline"][0]["on"], "the opening moment")

	def test_agr16_19_the_agent_ui_offers_the_steps_in_order_as_the_ticket_moves(self):
		ticket = self.ticket()
		self.assertEqual(self.agent_view(ticket)["next_steps"], ["diagnose"])
		with as_user(self.agent):
			agent_api.record_diagnosis(ticket, "Remote")
			self.assertEqual(self.agent_view(ticket)["next_steps"], ["diagnose", "propose"])
			agent_api.propose_solution(ticket, "Rebuild the index")
			self.assertIn("confirm", self.agent_view(ticket)["next_steps"])
			agent_api.confirm_solution(ticket, "Alice", "Phone")
			doc = frappe.get_doc("HD Ticket", ticket)
			self.assertEqual((doc.solution_confirmed_by, doc.solution_confirmed_via), ("Alice", "Phone"))
			self.assertEqual(self.agent_view(ticket)["next_steps"], ["diagnose", "propose", "verify"])
			agent_api.record_verification(ticket, "Totals match")
			self.assertEqual(self.agent_view(ticket)["next_steps"], [])

	def test_agr14_19_the_server_takes_the_steps_in_order_whatever_page_sends_them(self):
		ticket = self.ticket()
		with as_user(self.agent):
			self.assertRaises(frappe.ValidationError, agent_api.propose_solution, ticket, "Too early")
			self.assertRaises(frappe.ValidationError, agent_api.record_verification, ticket, "Too early")
			agent_api.record_diagnosis(ticket, "Remote")
			self.assertRaises(frappe.ValidationError, agent_api.confirm_solution, ticket, "Alice", "Phone")
			agent_api.propose_solution(ticket, "Rebuild the index")
			self.assertRaises(frappe.ValidationError, agent_api.record_verification, ticket, "Not confirmed")
			agent_api.confirm_solution(ticket, "Alice", "Phone")
			agent_api.record_verification(ticket, "Totals match")
			for step, args in (("propose_solution", ("Another",)), ("record_diagnosis", ("On-site",))):
				self.assertRaises(frappe.ValidationError, getattr(agent_api, step), ticket, *args)
		doc = frappe.get_doc("HD Ticket", ticket)
		self.assertEqual((doc.proposed_solution, doc.diagnosis_mode), ("Rebuild the index", "Remote"))

	def test_agr19_a_resolved_tickets_record_is_final_on_every_path(self):
		ticket = self.ticket()
		with as_user(self.agent):
			agent_api.record_diagnosis(ticket, "Remote")
			agent_api.propose_solution(ticket, "Rebuild the index")
			agent_api.confirm_solution(ticket, "Alice", "Phone")
			agent_api.record_verification(ticket, "Totals match")
			doc = frappe.get_doc("HD Ticket", ticket)
			doc.status = "Resolved"
			doc.save()
		before = frappe.get_doc("HD Ticket", ticket).as_dict()
		with as_user(self.agent):
			self.assertRaises(frappe.ValidationError, agent_api.confirm_solution, ticket, "Alice", "Phone")
			self.assertRaises(frappe.ValidationError, agent_api.change_urgency, ticket, "Consultation", "x")
			self.assertRaises(frappe.ValidationError, agent_api.reapply, ticket)
			self.assertRaises(frappe.ValidationError, agent_api.record_diagnosis, ticket, "Remote")
		with as_user(self.sides.alice):
			self.assertRaises(frappe.ValidationError, portal_api.confirm_solution, ticket, 0)
		with as_user(self.agent):  # nor through the ticket itself (REST, Desk): the urgency, or the priority
			doc = frappe.get_doc("HD Ticket", ticket)
			doc.urgency, doc.urgency_change_reason = "Consultation", "After the fact"
			self.assertRaises(frappe.ValidationError, doc.save)
			doc = frappe.get_doc("HD Ticket", ticket)
			doc.priority = "Low" if doc.priority != "Low" else "Medium"
			doc.save()
		after = frappe.get_doc("HD Ticket", ticket).as_dict()
		for field in (
			"urgency",
			"response_by",
			"solution_proposed_on",
			"solution_confirmed_on",
			"diagnosed_on",
		):
			self.assertEqual(after[field], before[field], field)

	def test_agr16_only_an_active_agent_or_service_engineer_goes_on_site_on_a_sane_date(self):
		ticket = self.ticket()
		with as_user(self.agent):
			# a portal contact, and a staff user who is neither an agent nor a Service Engineer (made here:
			# Administrator becomes an active agent once it has opened /helpdesk)
			for engineer in (self.sides.alice, make_user("hdui.not.an.engineer@example.com")):
				self.assertRaises(
					frappe.ValidationError,
					agent_api.record_diagnosis,
					ticket,
					"On-site",
					"2035-03-01 09:00:00",
					engineer,
					"Harbour Road 1",
				)
			for when in ("9999-12-31 23:00:00", "0001-01-02 01:00:00", "10:00", "soon"):
				self.assertRaises(
					frappe.ValidationError,
					agent_api.record_diagnosis,
					ticket,
					"On-site",
					when,
					self.agent,
					"x",
				)
			agent_api.record_diagnosis(ticket, "On-site", "2035-03-01 09:00:00", self.agent, "Harbour Road 1")
		self.assertEqual(frappe.db.get_value("HD Ticket", ticket, "visit_engineer"), self.agent)

	def test_agr17_an_agent_cannot_record_a_portal_confirmation_or_an_unknown_channel(self):
		ticket = self.ticket()
		with as_user(self.agent):
			agent_api.record_diagnosis(ticket, "Remote")
			agent_api.propose_solution(ticket, "Rebuild the index")
			for via in ("Portal", "Carrier pigeon"):
				self.assertRaises(frappe.ValidationError, agent_api.confirm_solution, ticket, "Alice", via)
		self.assertFalse(frappe.db.get_value("HD Ticket", ticket, "solution_confirmed_on"))

	def test_agr21_23_the_urgency_changes_only_with_a_reason_and_the_deadline_follows(self):
		ticket = self.ticket()
		before = frappe.db.get_value("HD Ticket", ticket, ["urgency", "response_by"], as_dict=True)
		other = "Consultation" if before.urgency != "Consultation" else "General fault"
		with as_user(self.agent):
			self.assertRaises(frappe.ValidationError, agent_api.change_urgency, ticket, other, " ")
			self.assertRaises(frappe.ValidationError, agent_api.change_urgency, ticket, "Very urgent", "x")
			self.assertRaises(frappe.ValidationError, agent_api.change_urgency, ticket, before.urgency, "x")
			agent_api.change_urgency(ticket, other, "Only a question")
		after = frappe.db.get_value(
			"HD Ticket", ticket, ["urgency", "response_by", "urgency_set_by_agent"], as_dict=True
		)
		self.assertEqual((after.urgency, after.urgency_set_by_agent), (other, 1))
		self.assertNotEqual(after.response_by, before.response_by)
		comments = frappe.get_all("Comment", filters={"reference_name": ticket}, pluck="content")
		self.assertTrue(any("Only a question" in (c or "") for c in comments), comments)

	def test_a_ticket_without_agreement_terms_offers_nothing(self):
		ticket = make_ticket("_Test HD UI stranger", raised_by="hdui.stranger@example.com").name
		view = self.agent_view(ticket)
		self.assertEqual((view["applies"], view["targets"], view["next_steps"]), (False, [], []))
		self.assertFalse(view["can_change_urgency"] or view["can_reapply"])

	def test_agr25_contacts_and_people_outside_the_helpdesk_cannot_read_the_agents_view(self):
		ticket = self.ticket()
		with as_user(self.sides.alice):
			self.assertRaises(frappe.PermissionError, agent_api.service_process, ticket)
		with as_user(self.sides.bob):
			self.assertRaises(frappe.PermissionError, portal_api.ticket_view, ticket)
		with as_user(self.agent):  # an agent may see what the customer sees
			self.assertEqual(len(portal_api.ticket_view(ticket)["commitments"]), 3)

	def test_agr17_24_the_customer_reads_its_commitments_and_answers_the_proposal(self):
		ticket = self.ticket()
		with as_user(self.sides.alice):
			view = portal_api.ticket_view(ticket)
		self.assertEqual(
			[c["label"] for c in view["commitments"]], ["Receipt confirmed", "Response", "Resolution"]
		)
		self.assertFalse(view["can_confirm"])
		self.assertIsNone(view["proposed_solution"])
		with as_user(self.agent):
			agent_api.record_diagnosis(ticket, "Remote")
			agent_api.propose_solution(ticket, "Rebuild the index")
		with as_user(self.sides.alice):
			view = portal_api.ticket_view(ticket)
			self.assertEqual((view["can_confirm"], view["proposed_solution"]), (True, "Rebuild the index"))
			portal_api.confirm_solution(ticket, 1)
			self.assertFalse(portal_api.ticket_view(ticket)["can_confirm"])
		doc = frappe.get_doc("HD Ticket", ticket)
		self.assertEqual((doc.service_step, doc.solution_confirmed_via), ("Solution confirmed", "Portal"))

	def test_agr24_a_passed_deadline_reads_missed_to_the_customer(self):
		ticket = self.ticket()
		frappe.db.set_value("HD Ticket", ticket, "response_by", add_to_date(now_datetime(), minutes=-1))
		with as_user(self.sides.alice):
			view = portal_api.ticket_view(ticket)
		response = next(c for c in view["commitments"] if c["name"] == "response")
		self.assertEqual((response["state"], response["state_label"]), ("missed", "missed"))

	def test_agr8_a_training_ticket_schedules_its_session_once_from_the_agent_ui(self):
		ticket = self.ticket(ticket_type="Training")
		self.assertTrue(self.agent_view(ticket)["training"]["can_schedule"])
		self.assertFalse(self.agent_view(ticket, self.plain_agent)["training"]["can_schedule"])
		with as_user(self.agent):
			self.assertRaises(
				frappe.ValidationError, training_api.schedule_training, ticket, "soon", "later", "Online"
			)
			out = training_api.schedule_training(
				ticket, "2035-06-01 09:00:00", "2035-06-01 12:00:00", "Online", "https://meet.example.com/x"
			)
			self.assertRaises(
				frappe.ValidationError,
				training_api.schedule_training,
				ticket,
				"2035-06-02 09:00:00",
				"2035-06-02 12:00:00",
				"Online",
				"https://meet.example.com/x",
			)
		session = frappe.get_doc("Training Session", out["session"])
		self.assertEqual(
			(session.ticket, session.customer, session.trainer), (ticket, self.sides.a, self.agent)
		)
		self.assertEqual(self.agent_view(ticket)["training"]["session"], session.name)
		with as_user(self.plain_agent):
			self.assertRaises(
				frappe.PermissionError,
				training_api.schedule_training,
				self.ticket(ticket_type="Training"),
				"2035-06-03 09:00:00",
				"2035-06-03 12:00:00",
				"Online",
				"https://meet.example.com/y",
			)
