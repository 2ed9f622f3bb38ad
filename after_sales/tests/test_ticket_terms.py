# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Every HD Ticket runs under its customer's contract: entitlement, urgency, deadlines, channel, steps."""

from datetime import datetime

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, add_to_date, get_datetime, getdate

from after_sales.install import DEFAULT_POLICY
from after_sales.integrations import helpdesk
from after_sales.integrations.helpdesk import hd_sla_name
from after_sales.tests.utils import (
	as_background_job,
	as_user,
	make_contact,
	make_contract,
	make_customer,
	make_outgoing_email_account,
	make_policy,
	make_product,
	make_ticket,
	make_user,
	new_policy,
)

NIGHT = datetime(2026, 3, 6, 23, 0)  # a Friday, 23:00
HD_SLA = "HD Service Level Agreement"


def office_hours_policy():
	"""Mon-Fri 09:00-18:00: one window a day, which Helpdesk's SLA can express too."""
	if not frappe.db.exists("SLA Policy", "_Test Office Hours"):
		policy = new_policy("_Test Office Hours", clock="Business hours")
		for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
			policy.append("working_hours", {"weekday": day, "start_time": "09:00:00", "end_time": "18:00:00"})
		policy.insert()
	return frappe.get_doc("SLA Policy", "_Test Office Hours")


class TicketTermsTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_outgoing_email_account()
		cls.product = make_product("_Test Ticket Product")
		cls.customer = make_customer("_Test Ticket Customer")
		cls.contact_email = "ticket.contact@example.com"
		make_contact(cls.contact_email, cls.customer)
		cls.contract = make_contract(
			customer=cls.customer, product=cls.product, start="2026-01-01", contract_end="2027-12-31"
		)

	def ticket(self, at=NIGHT, **kwargs):
		kwargs.setdefault("raised_by", self.contact_email)
		with self.freeze_time(at):
			return make_ticket(**kwargs)


class TestEntitlement(TicketTermsTestCase):
	def test_agr2_ticket_inside_free_period_is_free_service(self):
		"""AGR-2: a request inside the free year runs under the contract as free service."""
		ticket = self.ticket()
		self.assertEqual(ticket.customer, self.customer)
		self.assertEqual(ticket.service_contract, self.contract.name)
		self.assertEqual(ticket.service_entitlement, "Free service")
		self.assertEqual(ticket.sla_policy, DEFAULT_POLICY)

	def test_agr3_ticket_after_free_period_is_paid_contract(self):
		"""AGR-3: after the free period, service continues under the paid contract."""
		customer = make_customer("_Test Paid Customer")
		make_contact("paid@example.com", customer)
		contract = make_contract(
			customer=customer, product=self.product, start="2024-01-01", contract_end="2027-12-31"
		)
		ticket = self.ticket(raised_by="paid@example.com")
		self.assertEqual(ticket.service_contract, contract.name)
		self.assertEqual(ticket.service_entitlement, "Paid contract")

	def test_agr3_ticket_without_contract_is_accepted_flagged_and_reported(self):
		"""AGR-3: no active contract: the request is kept and flagged, sales is told, and Helpdesk's own SLA
		decides its deadlines (the agreement does not cover it)."""
		manager = make_user("as.sales.manager@example.com", ("After Sales Manager",))
		customer = make_customer("_Test Lapsed Customer")
		make_contact("lapsed@example.com", customer)
		ticket = self.ticket(raised_by="lapsed@example.com")
		self.assertTrue(frappe.db.exists("HD Ticket", ticket.name))
		self.assertEqual(ticket.service_entitlement, "No active contract")
		self.assertIsNone(ticket.service_contract)
		self.assertIsNone(ticket.sla_policy)
		self.assertFalse(ticket.acknowledge_by)
		self.assertFalse((ticket.sla or "").startswith("After Sales: "))
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": manager, "document_type": "HD Ticket", "document_name": ticket.name},
			)
		)

	def test_agr3_a_site_may_put_tickets_without_contract_under_the_default_policy(self):
		"""AGR-3 with the After Sales Setting on: such tickets run under the default policy's deadlines."""
		customer = make_customer("_Test Lapsed Covered Customer")
		make_contact("lapsed.covered@example.com", customer)
		with change_settings("After Sales Settings", {"cover_tickets_without_contract": 1}):
			ticket = self.ticket(raised_by="lapsed.covered@example.com")
		self.assertEqual(ticket.service_entitlement, "No active contract")
		self.assertEqual(ticket.sla_policy, DEFAULT_POLICY)
		self.assertTrue(ticket.response_by)
		self.assertEqual(ticket.sla, f"After Sales: {DEFAULT_POLICY}")

	def test_guest_email_without_contact_is_not_lost(self):
		with as_background_job():
			ticket = self.ticket(raised_by="stranger@unknown.example.com")
		self.assertEqual(ticket.service_entitlement, "No active contract")
		self.assertEqual(ticket.request_channel, "E-mail")

	def test_overlapping_contracts_pick_the_latest_start(self):
		"""Two contracts (two products) cover the day: the one that started last wins, deterministically."""
		customer = make_customer("_Test Two Contracts")
		make_contact("two.contracts@example.com", customer)
		make_contract(customer=customer, product=self.product, start="2026-01-01", contract_end="2027-12-31")
		later = make_contract(
			customer=customer,
			product=make_product("_Test Second Product"),
			start="2026-02-01",
			contract_end="2027-12-31",
		)
		ticket = self.ticket(raised_by="two.contracts@example.com")
		self.assertEqual(ticket.service_contract, later.name)

	def test_contract_ending_while_open_keeps_its_terms(self):
		customer = make_customer("_Test Ending Terms")
		make_contact("ending.terms@example.com", customer)
		contract = make_contract(
			customer=customer, product=self.product, start="2025-03-07", contract_end="2026-03-07"
		)
		ticket = self.ticket(raised_by="ending.terms@example.com")
		self.assertEqual(ticket.service_contract, contract.name)
		with self.freeze_time(datetime(2026, 3, 9, 10, 0)):
			ticket.reload()
			ticket.save()
		self.assertEqual(ticket.service_contract, contract.name)
		self.assertEqual(get_datetime(ticket.response_by), datetime(2026, 3, 7, 0, 0))


class TestUrgencyAndDeadlines(TicketTermsTestCase):
	def test_agr21_chinese_keyword_in_html_makes_an_urgent_fault(self):
		"""AGR-21: a crash or data loss (Chinese included) is an urgent fault, mapped to Helpdesk's Urgent."""
		ticket = self.ticket(subject="ERP 问题", description="<p>服务器<b>数据丢失</b></p>")
		self.assertEqual(ticket.urgency, "Urgent fault")
		self.assertEqual(ticket.urgency_reason, "keyword:数据丢失")
		self.assertEqual(ticket.priority, "Urgent")

	def test_agr22_23_general_fault_and_consultation(self):
		"""AGR-22, AGR-23: faults default to general; a consultation type is a consultation."""
		fault = self.ticket(subject="Report totals look wrong")
		self.assertEqual((fault.urgency, fault.priority), ("General fault", "High"))
		question = self.ticket(subject="How do I export?", ticket_type="Consultation")
		self.assertEqual((question.urgency, question.priority), ("Consultation", "Medium"))
		self.assertEqual(get_datetime(question.response_by), add_to_date(NIGHT, hours=24))

	def test_agr24_night_report_on_24x7_clock(self):
		"""AGR-5, AGR-15, AGR-24: 23:00 urgent report: acknowledge 23:15, respond 23:30, resolve 03:00 exactly."""
		ticket = self.ticket(subject="System crash")
		self.assertEqual(get_datetime(ticket.service_level_agreement_creation), NIGHT)
		self.assertEqual(get_datetime(ticket.acknowledge_by), datetime(2026, 3, 6, 23, 15))
		self.assertEqual(get_datetime(ticket.response_by), datetime(2026, 3, 6, 23, 30))
		self.assertEqual(get_datetime(ticket.resolution_by), datetime(2026, 3, 7, 3, 0))
		self.assertEqual(ticket.sla, hd_sla_name(DEFAULT_POLICY))
		stored = frappe.db.get_value("HD Ticket", ticket.name, ["response_by", "resolution_by"], as_dict=True)
		self.assertEqual(get_datetime(stored.response_by), datetime(2026, 3, 6, 23, 30))
		self.assertEqual(get_datetime(stored.resolution_by), datetime(2026, 3, 7, 3, 0))
		self.assertEqual(ticket.agreement_status, "First Response Due")

	def test_business_hours_policy_deadlines_agree_with_helpdesk_fields(self):
		"""AGR-5: a contract may set business hours; Helpdesk's response_by/resolution_by carry our figures."""
		policy = office_hours_policy()
		customer = make_customer("_Test Office Customer")
		make_contact("office@example.com", customer)
		make_contract(customer=customer, product=self.product, start="2026-01-01", sla_policy=policy.name)
		ticket = self.ticket(at=datetime(2026, 3, 6, 17, 30), raised_by="office@example.com", subject="Bug")
		self.assertEqual(ticket.sla, hd_sla_name(policy.name))
		# general fault: respond within 1 h -> 30 min on Friday + 30 min on Monday
		self.assertEqual(get_datetime(ticket.response_by), datetime(2026, 3, 9, 9, 30))
		self.assertEqual(get_datetime(ticket.resolution_by), datetime(2026, 3, 9, 12, 30))
		hd_sla = frappe.get_doc("HD Service Level Agreement", ticket.sla)
		self.assertEqual(
			{d.workday for d in hd_sla.support_and_resolution},
			{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"},
		)

	def test_helpdesk_own_arithmetic_agrees_where_it_can_express_the_calendar(self):
		"""Business hours: Helpdesk's own calc_time gives our deadline. 24x7: its day ends at 23:59:59, so its
		4 h from 23:00 lands at 03:00:01; ours is exact (AGR-24) and is the one stored on the ticket."""
		office = frappe.get_doc(HD_SLA, hd_sla_name(office_hours_policy().name))
		start = datetime(2026, 3, 6, 17, 30)
		self.assertEqual(
			get_datetime(office.calc_time(start, "High", "response_time")), datetime(2026, 3, 9, 9, 30)
		)
		self.assertEqual(
			get_datetime(office.calc_time(start, "High", "resolution_time")), datetime(2026, 3, 9, 12, 30)
		)
		always = frappe.get_doc(HD_SLA, hd_sla_name(DEFAULT_POLICY))
		self.assertEqual(
			get_datetime(always.calc_time(NIGHT, "Urgent", "response_time")), datetime(2026, 3, 6, 23, 30)
		)
		self.assertEqual(
			get_datetime(always.calc_time(NIGHT, "Urgent", "resolution_time")), datetime(2026, 3, 7, 3, 0, 1)
		)
		ticket = self.ticket(subject="System crash")
		self.assertEqual(get_datetime(ticket.resolution_by), datetime(2026, 3, 7, 3, 0))

	def test_helpdesk_hourly_job_and_replies_keep_our_deadlines(self):
		"""Helpdesk's own status logic reads our figures: its hourly job and a re-save after a reply."""
		from helpdesk.helpdesk.doctype.hd_ticket.hd_ticket import update_sla_status_in_ticket

		ticket = self.ticket(subject="System crash")
		with self.freeze_time(add_to_date(NIGHT, minutes=45)):
			update_sla_status_in_ticket()
		stored = frappe.db.get_value(
			"HD Ticket", ticket.name, ["agreement_status", "response_by"], as_dict=True
		)
		self.assertEqual(stored.agreement_status, "Failed")
		self.assertEqual(get_datetime(stored.response_by), datetime(2026, 3, 6, 23, 30))
		with self.freeze_time(add_to_date(NIGHT, minutes=20)):
			# an agent's reply: Helpdesk's Communication hook stamps the first response and re-saves
			frappe.get_doc(
				{
					"doctype": "Communication",
					"communication_type": "Communication",
					"communication_medium": "Email",
					"sent_or_received": "Sent",
					"subject": f"Re: {ticket.subject}",
					"content": "We are on it.",
					"reference_doctype": "HD Ticket",
					"reference_name": ticket.name,
				}
			).insert(ignore_permissions=True)
		ticket.reload()
		self.assertEqual(get_datetime(ticket.first_responded_on), add_to_date(NIGHT, minutes=20))
		self.assertEqual(get_datetime(ticket.response_by), datetime(2026, 3, 6, 23, 30))
		self.assertEqual(ticket.response_status, "Met")
		self.assertEqual(ticket.response_duration, 20 * 60)

	def test_pausing_stops_the_resolution_clock_like_helpdesk(self):
		"""Time in a paused status does not count against resolution, as in Helpdesk."""
		ticket = self.ticket(subject="System crash")
		with self.freeze_time(add_to_date(NIGHT, hours=1)):
			ticket.reload()
			ticket.status = "Replied"
			ticket.save()
		with self.freeze_time(add_to_date(NIGHT, hours=3)):
			ticket.reload()
			ticket.status = "Open"
			ticket.save()
		self.assertEqual(ticket.total_hold_time, 2 * 3600)
		self.assertEqual(get_datetime(ticket.resolution_by), datetime(2026, 3, 7, 5, 0))

	def test_agent_changes_urgency_with_a_reason(self):
		"""AGR-21..23: the agent's change is recorded with who and why, and the deadlines follow."""
		ticket = self.ticket(subject="Report totals look wrong")
		self.assertEqual(ticket.urgency, "General fault")
		ticket.urgency = "Urgent fault"
		self.assertRaisesRegex(frappe.ValidationError, "reason", ticket.save)
		ticket.reload()
		ticket.urgency = "Urgent fault"
		ticket.urgency_change_reason = "Production is down for all users"
		with self.freeze_time(add_to_date(NIGHT, minutes=5)):
			ticket.save()
		self.assertEqual(ticket.priority, "Urgent")
		self.assertEqual(get_datetime(ticket.response_by), datetime(2026, 3, 6, 23, 30))
		self.assertTrue(ticket.urgency_set_by_agent)
		comment = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "HD Ticket", "reference_name": ticket.name, "comment_type": "Info"},
			pluck="content",
		)
		self.assertTrue(any("Production is down" in c for c in comment))

	def test_priority_change_moves_the_urgency(self):
		ticket = self.ticket(subject="Report totals look wrong")
		ticket.priority = "Medium"
		with self.freeze_time(add_to_date(NIGHT, minutes=5)):
			ticket.save()
		self.assertEqual(ticket.urgency, "Consultation")
		self.assertEqual(get_datetime(ticket.response_by), add_to_date(NIGHT, hours=24))

	def test_policy_edited_while_open_keeps_deadlines_until_reapplied(self):
		policy = make_policy("_Test Editable Policy")
		customer = make_customer("_Test Editable Customer")
		make_contact("editable@example.com", customer)
		make_contract(customer=customer, product=self.product, start="2026-01-01", sla_policy=policy)
		ticket = self.ticket(raised_by="editable@example.com", subject="Report totals look wrong")
		doc = frappe.get_doc("SLA Policy", policy)
		doc.get_target("General fault").respond_within = 2 * 3600
		doc.save()
		with self.freeze_time(add_to_date(NIGHT, minutes=5)):
			ticket.reload()
			ticket.save()
			self.assertEqual(get_datetime(ticket.response_by), add_to_date(NIGHT, hours=1))
			from after_sales.api.ticket import reapply

			reapply(ticket.name)
		self.assertEqual(
			get_datetime(frappe.db.get_value("HD Ticket", ticket.name, "response_by")),
			add_to_date(NIGHT, hours=2),
		)


class TestChannelRoutingAcknowledgement(TicketTermsTestCase):
	def test_agr4_channels(self):
		"""AGR-4: e-mail and portal are set automatically; an agent's ticket is a phone call by default."""
		with as_background_job():
			self.assertEqual(self.ticket().request_channel, "E-mail")
		self.assertEqual(self.ticket(via_customer_portal=1).request_channel, "Portal")
		agent = make_user("as.phone.agent@example.com", ("Agent",))
		with as_user(agent):
			ticket = self.ticket()
		self.assertEqual(ticket.request_channel, "Phone")
		self.assertTrue(ticket.acknowledged_on)

	def test_agr12_ticket_goes_to_the_contracts_service_centre(self):
		"""AGR-12: the contract's regional service centre (HD Team) receives the ticket."""
		team = "_Test East Service Centre"
		helpdesk.make_team(team, [make_user("routed.centre.agent@example.com", ("Agent",))])
		customer = make_customer("_Test Routed Customer")
		make_contact("routed@example.com", customer)
		make_contract(customer=customer, product=self.product, start="2026-01-01", service_centre=team)
		self.assertEqual(self.ticket(raised_by="routed@example.com").agent_group, team)
		if frappe.get_meta("HD Team").has_field("disabled"):  # Helpdesk 1.28: a disabled centre takes none
			frappe.get_doc("HD Team", team).update({"disabled": 1}).save(ignore_permissions=True)
			self.assertFalse(self.ticket(raised_by="routed@example.com").agent_group)
			frappe.get_doc("HD Team", team).update({"disabled": 0}).save(ignore_permissions=True)
		# an agent's own choice of team stands (a team of its own: Helpdesk's default teams have no users)
		chosen = helpdesk.make_team(
			"_Test Chosen Desk", [make_user("chosen.desk.agent@example.com", ("Agent",))]
		)
		self.assertEqual(self.ticket(raised_by="routed@example.com", agent_group=chosen).agent_group, chosen)

	def test_agr15_receipt_confirmation_is_sent_and_stamped(self):
		"""AGR-15: the sender gets the ticket number, urgency and committed response time; receipt is stamped."""
		with as_background_job():
			ticket = self.ticket(subject="System crash")
		self.assertEqual(get_datetime(ticket.acknowledged_on), NIGHT)
		self.assertEqual(ticket.acknowledge_status, "Met")
		self.assertEqual(ticket.service_step, "Acknowledged")
		mail = frappe.get_all(
			"Communication",
			filters={
				"reference_doctype": "HD Ticket",
				"reference_name": ticket.name,
				"sent_or_received": "Sent",
			},
			fields=["subject", "content", "communication_type"],
		)
		self.assertEqual(len(mail), 1)
		self.assertIn(f"#{ticket.name}", mail[0].subject)
		self.assertIn("Urgent fault", mail[0].content)
		self.assertEqual(mail[0].communication_type, "Automated Message")
		self.assertTrue(
			frappe.db.exists("Email Queue", {"reference_doctype": "HD Ticket", "reference_name": ticket.name})
		)


class TestServiceProcess(TicketTermsTestCase):
	def test_agr14_19_steps_and_resolution_gate(self):
		"""AGR-16..19: diagnosis, solution confirmed with the customer, verified, then closed with feedback."""
		from after_sales.api import ticket as actions

		ticket = self.ticket(subject="Report totals look wrong")
		self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "service_step"), "Acknowledged")
		self.assertRaisesRegex(
			frappe.ValidationError, "date", actions.record_diagnosis, ticket.name, "On-site"
		)
		engineer = make_user("terms.engineer@example.com", ("Service Engineer",))
		with self.freeze_time(add_to_date(NIGHT, minutes=10)):
			result = actions.record_diagnosis(
				ticket.name, "On-site", "2026-03-07 10:00:00", engineer, "Customer HQ, Shanghai"
			)
		self.assertEqual(result["service_step"], "Diagnosed")
		visits = frappe.db.count(
			"HD Ticket", {"service_contract": ticket.service_contract, "diagnosis_mode": "On-site"}
		)
		self.assertGreaterEqual(visits, 1)
		self.assertEqual(result["visits"]["used"], visits)
		contract = frappe.get_doc("Service Contract", ticket.service_contract)
		contract.run_method("onload")
		self.assertEqual(contract.get_onload().onsite_visits_used, visits)
		actions.propose_solution(ticket.name, "Rebuild the report index")
		doc = frappe.get_doc("HD Ticket", ticket.name)
		doc.status = "Resolved"
		self.assertRaisesRegex(frappe.ValidationError, "AGR-17", doc.save)
		actions.confirm_solution(ticket.name, "ticket.contact@example.com")
		doc = frappe.get_doc("HD Ticket", ticket.name)
		doc.status = "Resolved"
		self.assertRaisesRegex(frappe.ValidationError, "AGR-18", doc.save)
		actions.record_verification(ticket.name, "Totals match the ledger after the rebuild")
		doc = frappe.get_doc("HD Ticket", ticket.name)
		self.assertEqual(doc.service_step, "Executed and verified")
		doc.status = "Resolved"
		doc.save()
		self.assertEqual(doc.service_step, "Closed with feedback")
		self.assertIn(doc.resolution_status, ("Met", "Breached"))
		doc.status = "Open"
		doc.save()
		self.assertFalse(doc.resolution_status)
		self.assertEqual(doc.service_step, "Executed and verified")

	def test_ticket_template_shows_our_fields_to_agents(self):
		rows = frappe.get_all(
			"HD Ticket Template Field",
			filters={"parent": "Default"},
			fields=["fieldname", "hide_from_customer"],
		)
		ours = {r.fieldname: r.hide_from_customer for r in rows}
		for fieldname in ("urgency", "service_contract", "service_step", "acknowledge_by"):
			self.assertIn(fieldname, ours)
			self.assertEqual(ours[fieldname], 1)


class TestCustomerCannotDriveTheProcess(TicketTermsTestCase):
	def test_agr25_a_contact_cannot_record_process_steps_or_change_agreement_fields(self):
		"""AGR-17, AGR-25: a customer may write its own Helpdesk ticket, but not the supplier's records."""
		from after_sales.api import ticket as actions

		portal_user = make_user(f"portal.{frappe.generate_hash(length=5)}@example.com")
		frappe.db.set_value("User", portal_user, "user_type", "Website User")
		make_contact(portal_user, self.customer)
		with change_settings("After Sales Settings", {"cover_tickets_without_contract": 1}):
			ticket = self.ticket(raised_by=portal_user, subject="Report totals look wrong")
		self.assertEqual(ticket.urgency, "General fault")
		with as_user(portal_user):
			self.assertRaises(
				frappe.PermissionError, actions.propose_solution, ticket.name, "I fixed it myself"
			)
			self.assertRaises(frappe.PermissionError, actions.record_verification, ticket.name, "fine")
			doc = frappe.get_doc("HD Ticket", ticket.name)
			doc.subject = "Report totals look wrong (all branches)"
			doc.save()  # Helpdesk lets the customer edit its own ticket...
			doc.reload()
			doc.urgency = "Urgent fault"
			doc.urgency_change_reason = "I want it faster"
			self.assertRaisesRegex(frappe.PermissionError, "Only agents", doc.save)  # ...but not ours
		stored = frappe.db.get_value(
			"HD Ticket", ticket.name, ["urgency", "proposed_solution", "verification_note"], as_dict=True
		)
		self.assertEqual(stored.urgency, "General fault")
		self.assertFalse(stored.proposed_solution or stored.verification_note)


class TestComplianceCannotBeSetByHand(TicketTermsTestCase):
	"""AGR-15, AGR-17..23: the figures the reports prove compliance with come from the app's clock and
	actions only. An agent's REST write or script cannot stamp a target met, stretch a target or tick a
	process step; an ordinary save of the whole form (every value sent back as text) still goes through."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.agent = make_user(f"clock.agent.{frappe.generate_hash(length=5)}@example.com", ("Agent",))

	def test_a_whole_form_save_as_text_goes_through(self):
		ticket = self.ticket(subject="Report totals look wrong")
		with as_user(self.agent):
			values = frappe.parse_json(frappe.as_json(frappe.get_doc("HD Ticket", ticket.name).as_dict()))
			values["subject"] = "Report totals look wrong (edited)"
			frappe.get_doc(values).save()  # what frappe.client.save does with Desk's form
		self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "subject"), values["subject"])

	def test_an_agent_cannot_stamp_stretch_or_tick_by_hand(self):
		ticket = self.ticket(subject="Report totals look wrong")
		for fieldname, value in (
			("response_status", "Met"),
			("respond_within", 7 * 24 * 3600),
			("acknowledged_on", add_to_date(NIGHT, minutes=-30)),
			("solution_confirmed_on", NIGHT),
			("service_contract", None),
		):
			with self.subTest(fieldname=fieldname), as_user(self.agent):
				doc = frappe.get_doc("HD Ticket", ticket.name)
				doc.set(fieldname, value)
				self.assertRaisesRegex(frappe.PermissionError, "cannot be set by hand", doc.save)
		stored = frappe.db.get_value(
			"HD Ticket", ticket.name, ["response_status", "respond_within", "service_contract"], as_dict=True
		)
		self.assertEqual((stored.response_status or None, stored.respond_within), (None, 3600))
		self.assertEqual(stored.service_contract, self.contract.name)

	def test_a_new_ticket_cannot_arrive_already_met(self):
		with as_user(self.agent):
			ticket = self.ticket(
				subject="Report totals look wrong",
				response_status="Met",
				response_duration=1,
				respond_within=7 * 24 * 3600,
				solution_confirmed_on=NIGHT,
			)
		stored = frappe.get_doc("HD Ticket", ticket.name)
		self.assertEqual((stored.response_status or None, stored.respond_within), (None, 3600))
		self.assertFalse(stored.solution_confirmed_on)
