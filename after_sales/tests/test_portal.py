# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The customer portal: each contact sees its own customer's records and acts only on them (AGR-25)."""

from datetime import datetime
from urllib.parse import unquote

import frappe
from frappe import _
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_to_date, getdate, now_datetime, set_request, today
from frappe.website.serve import get_response
from frappe.website.utils import get_portal_sidebar_items

from after_sales import portal
from after_sales.api import portal as actions
from after_sales.api import ticket as agent_actions
from after_sales.tests.test_permissions import portal_user
from after_sales.tests.utils import (
	as_user,
	make_contract,
	make_customer,
	make_product,
	make_ticket,
	make_user,
	new_release,
	new_session,
)


def page(view: str, user: str) -> frappe._dict:
	context = frappe._dict()
	with as_user(user):
		portal.prepare(context, f"my-{view.replace('_', '-')}")
		getattr(portal, view)(context)
	return context


class TestPortal(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		suffix = frappe.generate_hash(length=5)
		cls.product = make_product(f"_Test Portal Product {suffix}")
		cls.a = make_customer(f"_Test Portal A {suffix}")
		cls.b = make_customer(f"_Test Portal B {suffix}")
		cls.alice = portal_user(f"p.alice.{suffix}@example.com", cls.a)
		cls.bob = portal_user(f"p.bob.{suffix}@example.com", cls.b)
		for customer in (cls.a, cls.b):
			make_contract(customer=customer, product=cls.product, start=add_days(today(), -5))
		cls.ticket_a = make_ticket("Alice's report is wrong", raised_by=cls.alice)
		cls.ticket_b = make_ticket("Bob's export fails", raised_by=cls.bob)
		for ticket in (cls.ticket_a, cls.ticket_b):
			agent_actions.record_diagnosis(ticket.name, "Remote")  # AGR-16 before AGR-17
			agent_actions.propose_solution(ticket.name, "Rebuild the index")
		release = new_release(cls.product, "9.0").insert()
		release.publish()
		cls.release = release.name
		cls.trainer = make_user(f"p.trainer.{suffix}@example.com", ("Service Engineer",))

	def test_agr25_each_contact_sees_its_own_pages(self):
		service = page("service", self.bob)
		self.assertEqual({c.customer for c in service.contracts}, {self.b})
		self.assertTrue(service.contracts[0].in_free_period)
		self.assertIn("30", " ".join(service.contracts[0].commitments))  # urgent fault: respond within 30m
		updates = page("updates", self.alice)
		self.assertEqual([r.name for r in updates.releases], [self.release])
		self.assertEqual([d.customer for d in updates.releases[0].deliveries], [self.a])

	def test_agr25_my_service_lists_own_sent_monthly_reports_with_their_pdf(self):
		start = add_days(frappe.utils.get_first_day(today()), -1)
		reports = {}
		for customer in (self.a, self.b):
			report = frappe.new_doc("Monthly Service Report")
			report.update({"customer": customer, "period_start": start})
			report.insert()
			reports[customer] = report
		self.assertEqual(page("service", self.alice).monthly_reports, [])  # drafts stay with the team
		for report in reports.values():
			report.db_set({"status": "Sent", "sent_pdf": f"/private/files/{report.name}.pdf"})
		listed = page("service", self.alice).monthly_reports
		self.assertEqual([r.name for r in listed], [reports[self.a].name])
		self.assertEqual(unquote(listed[0].pdf_url), f"/private/files/{reports[self.a].name}.pdf")
		self.assertEqual(listed[0].month, f"{getdate(start):%Y-%m}")

	def test_agr25_guest_is_sent_to_login(self):
		context = frappe._dict()
		with as_user("Guest"):
			self.assertRaises(frappe.Redirect, portal.prepare, context, "my-service")

	def test_agr17_contact_confirms_its_solution_but_not_anothers(self):
		"""AGR-17, AGR-25: a forged confirmation for the other customer's ticket is refused and writes nothing."""
		with as_user(self.alice):
			self.assertRaises(frappe.PermissionError, actions.confirm_solution, self.ticket_b.name, 1)
			actions.confirm_solution(self.ticket_a.name, 1)
		self.assertFalse(frappe.db.get_value("HD Ticket", self.ticket_b.name, "solution_confirmed_on"))
		confirmed = frappe.db.get_value(
			"HD Ticket", self.ticket_a.name, ["solution_confirmed_by", "service_step"], as_dict=True
		)
		self.assertEqual(confirmed.solution_confirmed_by, self.alice)
		self.assertEqual(confirmed.service_step, "Solution confirmed")

	def test_agr17_not_solved_sends_the_ticket_back(self):
		ticket = make_ticket("Another problem", raised_by=self.bob)
		agent_actions.record_diagnosis(ticket.name, "Remote")
		agent_actions.propose_solution(ticket.name, "Restart the service")
		with as_user(self.bob):
			actions.confirm_solution(ticket.name, 0, "Still failing")
		# back to the step before the proposal: the diagnosis stands (AGR-16), a new solution is needed
		self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "service_step"), "Diagnosed")

	def test_agr11_contact_marks_its_release_installed_only(self):
		outsider = portal_user(
			f"p.out.{frappe.generate_hash(length=5)}@example.com", make_customer("_Test Portal Out")
		)
		with as_user(outsider):
			self.assertRaises(frappe.PermissionError, actions.mark_installed, self.release)
		with as_user(self.bob):
			self.assertRaises(frappe.PermissionError, actions.mark_installed, self.release, self.a)
			actions.mark_installed(self.release)
		rows = {r.customer: r.status for r in frappe.get_doc("Update Release", self.release).deliveries}
		self.assertEqual(rows[self.b], "Installed")
		self.assertNotEqual(rows[self.a], "Installed")

	def test_agr8_register_and_rate_only_own_sessions(self):
		open_session = new_session(self.trainer, add_to_date(now_datetime(), days=3)).insert()
		with as_user(self.alice):
			actions.register(open_session.name)
		self.assertEqual(
			[r.email for r in frappe.get_doc("Training Session", open_session.name).attendees], [self.alice]
		)
		with self.freeze_time(datetime(2036, 1, 1, 8)):
			done = new_session(self.trainer, datetime(2036, 1, 1, 9), customer=self.a)
			done.append("attendees", {"email": self.alice})
			done.insert()
		with self.freeze_time(datetime(2036, 1, 1, 12)):
			done.reload()
			done.status = "Completed"
			done.save()
			with as_user(self.bob):
				self.assertRaises(frappe.PermissionError, actions.rate_session, done.name, 5)
			with as_user(self.alice):
				actions.rate_session(done.name, 5, "Great")
				self.assertRaisesRegex(
					frappe.ValidationError, "already rated", actions.rate_session, done.name, 4
				)
		self.assertEqual(frappe.get_doc("Training Session", done.name).attendees[0].rating, 5)

	def test_agr20_contact_answers_its_follow_up(self):
		follow_up = frappe.get_doc(
			{
				"doctype": "Service Follow-up",
				"ticket": self.ticket_a.name,
				"customer": self.a,
				"due_on": today(),
				"round_days": 7,
				"follow_up_key": f"{self.ticket_a.name}|portal-{frappe.generate_hash(length=4)}",
			}
		).insert()
		listed = page("follow_ups", self.alice).follow_ups
		self.assertEqual([f.name for f in listed], [follow_up.name])
		self.assertEqual(listed[0].ticket_url, f"/helpdesk/my-tickets/{self.ticket_a.name}")
		self.assertEqual(page("follow_ups", self.bob).follow_ups, [])
		with as_user(self.bob):
			self.assertRaises(frappe.PermissionError, actions.answer_follow_up, follow_up.name, 0)
		with as_user(self.alice):
			actions.answer_follow_up(follow_up.name, 0)
		self.assertEqual(frappe.db.get_value("Service Follow-up", follow_up.name, "outcome"), "No recurrence")


def fetch(path: str, user: str):
	"""The site's answer to a browser's GET of path, as user."""
	with as_user(user):
		set_request(method="GET", path=path)
		return get_response(path)


def migrate_the_portal_menu():
	"""What `bench migrate` does to the portal menu: the app's patch, then Frappe's sync of the hooks' items."""
	from after_sales.patches.v0_1 import portal_menu_requests_to_helpdesk

	portal_menu_requests_to_helpdesk.execute()
	frappe.get_single("Portal Settings").sync_menu()


class TestRequestsOnHelpdesk(FrappeTestCase):
	"""A customer's tickets have one view, Helpdesk's portal (/helpdesk/my-tickets/<n>, with the agreement's
	commitments and the answer to a proposed solution: test_helpdesk_ui): the app's own list is retired."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		suffix = frappe.generate_hash(length=5)
		cls.alice = portal_user(f"p.req.{suffix}@example.com", make_customer(f"_Test Portal Req {suffix}"))

	def tearDown(self):
		frappe.local.request = None

	def test_agr25_an_old_link_to_my_requests_lands_on_helpdesks_portal(self):
		"""AGR-25: links to /my-requests in e-mails already sent lead to Helpdesk's list of the contact's own
		tickets, for a contact and for a guest (whom Helpdesk sends to log in); no page of tickets is left."""
		for user in (self.alice, "Guest"):
			response = fetch("/my-requests", user)
			self.assertIn(response.status_code, (301, 302), user)
			self.assertEqual(response.headers["Location"], "/helpdesk/my-tickets", user)
			self.assertEqual(response.get_data(as_text=True), "", user)

	def test_agr25_my_requests_in_the_portal_menu_is_helpdesks_portal(self):
		"""The site's portal menu and the menu on the app's own pages both send My Requests to Helpdesk's
		portal, in the same order; nothing links to /my-requests any more."""
		standard = frappe.get_hooks("standard_portal_menu_items", app_name="after_sales")
		self.assertEqual([(item["route"], _(item["title"])) for item in standard], list(portal.menu()))
		self.assertIn(("My Requests", "/helpdesk/my-tickets"), [(i["title"], i["route"]) for i in standard])
		self.assertNotIn("my-requests", dict(portal.pages()))
		frappe.db.savepoint("as_portal_menu")
		try:
			migrate_the_portal_menu()
			frappe.cache.delete_key("portal_menu_items")  # the sidebar as this menu makes it, not as cached
			with as_user(self.alice):
				sidebar = [(item["title"], item["route"]) for item in get_portal_sidebar_items()]
				context = frappe._dict()
				portal.prepare(context, "my-service")
		finally:
			frappe.db.rollback(save_point="as_portal_menu")
			frappe.get_single("Portal Settings").clear_cache()
		self.assertIn(("My Requests", "/helpdesk/my-tickets"), sidebar)
		self.assertNotIn("/my-requests", [route for _title, route in sidebar])
		self.assertEqual(
			[(p.href, p.current) for p in map(frappe._dict, context.pages)],
			[("/my-service", True), ("/helpdesk/my-tickets", False)]
			+ [(f"/{route}", False) for route in ("my-updates", "my-training", "my-follow-ups")],
		)

	def test_an_existing_sites_menu_row_moves_to_helpdesk_once(self):
		"""Frappe's menu sync adds a route it does not find and never rewrites one: the patch moves the old
		row, keeping what the site set on it, or drops it when the sync already added the new one."""
		from after_sales.patches.v0_1 import portal_menu_requests_to_helpdesk as patch

		for sync_first, enabled in ((False, 0), (True, 1)):
			frappe.db.savepoint("as_portal_menu")
			try:
				settings = frappe.get_single("Portal Settings")
				settings.menu = [row for row in settings.menu if row.route not in (patch.OLD, patch.NEW)]
				row = {"title": "My Requests", "route": patch.OLD, "reference_doctype": "HD Ticket"}
				settings.append("menu", {**row, "enabled": 0})  # the site switched it off
				settings.save()
				if sync_first:
					frappe.get_single("Portal Settings").sync_menu()
				migrate_the_portal_menu()
				menu = frappe.get_single("Portal Settings").menu
				self.assertEqual(
					[(r.title, r.route, r.enabled) for r in menu if r.route in (patch.OLD, patch.NEW)],
					[("My Requests", patch.NEW, enabled)],
					f"sync first: {sync_first}",
				)
			finally:
				frappe.db.rollback(save_point="as_portal_menu")
				frappe.get_single("Portal Settings").clear_cache()
