# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""One app on both Helpdesk releases (issue 19): a contact is its customer's whichever way it is linked.

Helpdesk up to 1.27 links a Contact to its HD Customers with Dynamic Links on the Contact; 1.28 keeps them in
the customer's `HD Customer Member` rows (and a site upgraded to 1.28 may still hold Dynamic Links). The app
writes the running Helpdesk's shape (`integrations.helpdesk.link_contact`) and reads both. These tests run
on whichever Helpdesk the site has: every shape that site can hold (1.25: the Dynamic Link; 1.28: the
member row, the Dynamic Link and both) is proven the same for contracts, portal pages, isolation and the
recipients of releases and reports (AGR-2, AGR-11, AGR-25, AGR-27)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from after_sales import portal
from after_sales.after_sales.doctype.update_release.update_release import customer_emails
from after_sales.integrations import helpdesk
from after_sales.tests.utils import (
	as_background_job,
	as_user,
	make_contract,
	make_customer,
	make_product,
	make_ticket,
	make_user,
)

DYNAMIC_LINK, MEMBER_ROW, BOTH = "Dynamic Link", "HD Customer Member", "both"


def shapes() -> list[str]:
	"""The shapes this site can hold."""
	return [DYNAMIC_LINK, MEMBER_ROW, BOTH] if helpdesk._has_customer_members() else [DYNAMIC_LINK]


def link_as(shape: str, contact: str, customer: str) -> None:
	"""Link as the given shape, by hand, whatever the running Helpdesk would write."""
	if shape in (DYNAMIC_LINK, BOTH):
		doc = frappe.get_doc("Contact", contact)
		doc.append("links", {"link_doctype": "HD Customer", "link_name": customer})
		doc.save(ignore_permissions=True)
	if shape in (MEMBER_ROW, BOTH):
		doc = frappe.get_doc("HD Customer", customer)
		doc.append("contacts", {"contact_name": contact})
		doc.save(ignore_permissions=True)


class TestWritesInTheSitesShape(FrappeTestCase):
	def test_agr25_the_app_links_a_contact_as_the_running_helpdesk_does(self):
		suffix = frappe.generate_hash(length=5)
		customer = make_customer(f"_Test Shape Writer {suffix}")
		contact = helpdesk.ensure_contact(f"shape.writer.{suffix}@example.com", (customer,))
		linked = frappe.db.exists(
			"Dynamic Link", {"parenttype": "Contact", "parent": contact, "link_name": customer}
		)
		if helpdesk._has_customer_members():
			self.assertTrue(
				frappe.db.exists(helpdesk.CUSTOMER_MEMBER, {"parent": customer, "contact_name": contact})
			)
			self.assertFalse(linked)
		else:
			self.assertTrue(linked)
		helpdesk.link_contact(contact, customer)  # a second link is no second row
		self.assertEqual(helpdesk.customers_of_contacts([contact]), [customer])

	def test_agr25_a_portal_user_gets_helpdesks_customer_role_where_it_has_one(self):
		suffix = frappe.generate_hash(length=5)
		customer = make_customer(f"_Test Shape Portal {suffix}")
		email = f"shape.portal.{suffix}@example.com"
		contact = helpdesk.make_portal_user(email, (customer,), "Shape")
		self.assertEqual(frappe.db.get_value("User", email, "user_type"), "Website User")
		self.assertEqual(frappe.db.get_value("Contact", contact, "user"), email)
		roles = set(frappe.get_roles(email))
		self.assertEqual("HD Customer" in roles, frappe.db.exists("Role", "HD Customer") is not None)
		if helpdesk._has_customer_members():  # Helpdesk's own reading of the link finds the customer
			from helpdesk.utils import get_customers

			self.assertEqual(list(get_customers(email)), [customer])

	def test_agr12_a_service_centre_is_made_with_its_users(self):
		team = f"_Test Shape Centre {frappe.generate_hash(length=5)}"
		agent = make_user("shape.centre.agent@example.com", ("Agent",))
		helpdesk.make_team(team, [agent])
		self.assertEqual(helpdesk.team_users(team), {agent})


class TestEitherShapeIsTheSame(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.suffix = frappe.generate_hash(length=5)
		cls.product = make_product(f"_Test Shape Product {cls.suffix}")
		cls.other = make_customer(f"_Test Shape Other {cls.suffix}")
		cls.other_contract = make_contract(
			customer=cls.other, product=cls.product, start=add_days(today(), -5)
		)

	def customer_linked_as(self, shape: str) -> frappe._dict:
		key = f"{frappe.scrub(shape)}.{frappe.generate_hash(length=6)}"
		customer = make_customer(f"_Test Shape {key}")
		email = f"shape.{key}@example.com"
		contact = helpdesk.make_portal_user(email, (), "Shape")
		link_as(shape, contact, customer)
		contract = make_contract(
			customer=customer,
			product=self.product,
			start=add_days(today(), -5),
			contacts=[{"contact": contact}],
		)
		return frappe._dict(customer=customer, email=email, contact=contact, contract=contract.name)

	def test_agr25_either_shape_reads_the_same(self):
		for shape in shapes():
			with self.subTest(shape=shape):
				side = self.customer_linked_as(shape)
				self.assertEqual(helpdesk.customers_of_contacts([side.contact]), [side.customer])
				self.assertEqual(helpdesk.contacts_of_customers([side.customer]), [side.contact])
				self.assertTrue(helpdesk.contact_belongs_to(side.contact, side.customer))
				self.assertFalse(helpdesk.contact_belongs_to(side.contact, self.other))

	def test_agr2_an_emailed_request_gets_the_contacts_customer_and_contract(self):
		for shape in shapes():
			with self.subTest(shape=shape):
				side = self.customer_linked_as(shape)
				with as_background_job():
					ticket = make_ticket(f"Shape {shape} e-mail", raised_by=side.email)
				self.assertEqual((ticket.customer, ticket.service_contract), (side.customer, side.contract))
				self.assertTrue(ticket.urgency and ticket.sla_policy)

	def test_agr25_portal_pages_and_lists_show_the_contacts_own_customer_only(self):
		for shape in shapes():
			with self.subTest(shape=shape):
				side = self.customer_linked_as(shape)
				context = frappe._dict()
				with as_user(side.email):
					portal.prepare(context, "my-service")
					portal.service(context)
					contracts = frappe.get_list("Service Contract", pluck="name")
				self.assertEqual({c.customer for c in context.contracts}, {side.customer})
				self.assertIn(side.contract, contracts)
				self.assertNotIn(self.other_contract.name, contracts)

	def test_agr11_agr27_release_and_report_recipients_include_the_contact(self):
		from after_sales.monthly_report.delivery import recipients_for

		for shape in shapes():
			with self.subTest(shape=shape):
				side = self.customer_linked_as(shape)
				self.assertEqual(customer_emails(side.customer, None), [side.email])
				self.assertEqual(recipients_for(side.customer), ([side.email], [side.contract]))


class TestRulesThatMovedBetweenReleases(FrappeTestCase):
	def test_agr27_staff_without_helpdesk_roles_run_the_reports_and_pick_priorities(self):
		"""Helpdesk 1.28 no longer gives every role (All) read and report on HD Ticket and select on its
		priorities, teams and types: the app's staff roles keep them, so a manager who is not an agent still
		runs the agreement's reports (Frappe asks for "report" on a report's doctype) and fills its forms."""
		from frappe.desk.query_report import run
		from frappe.desk.search import search_link

		for role in ("After Sales Manager", "Service Engineer"):
			user = make_user(f"staff.{frappe.scrub(role)}@example.com", (role,))
			self.assertFalse({"Agent", "System Manager"} & set(frappe.get_roles(user)))
			with as_user(user), self.subTest(role=role):
				result = run("Agreement Compliance", filters={"from_date": today(), "to_date": today()})
				self.assertIn("result", result)
				priorities = search_link("HD Ticket Priority", "", page_length=50) or frappe.response.get(
					"results"
				)
				self.assertTrue(priorities)

	def test_agr25_a_colleagues_ticket_in_the_portal_follows_helpdesks_own_rule(self):
		"""The app's view of a ticket in Helpdesk's portal opens for whom Helpdesk opens it: on 1.25 any
		contact of its customer; on 1.28 its own contact, or a manager of its customer (HD Customer Member)."""
		from after_sales.api import portal as portal_api
		from after_sales.tests.utils import portal_user, two_customers

		sides = two_customers("Colleague")
		colleague = portal_user(f"colleague.{sides.suffix}@example.com", sides.a)
		ticket = make_ticket("Alice's request", raised_by=sides.alice).name
		with as_user(sides.alice):
			self.assertTrue(portal_api.ticket_view(ticket)["commitments"])
		members_only = helpdesk._has_customer_members()
		with as_user(colleague):
			if members_only:
				self.assertRaises(frappe.PermissionError, portal_api.ticket_view, ticket)
			else:
				self.assertTrue(portal_api.ticket_view(ticket)["commitments"])
		frappe.clear_messages()
		helpdesk.link_contact(helpdesk.ensure_contact(colleague), sides.a, manager=True)
		with as_user(colleague):
			self.assertTrue(portal_api.ticket_view(ticket)["commitments"])
		with as_user(sides.bob):  # another customer's contact, whatever its role there
			self.assertRaises(frappe.PermissionError, portal_api.ticket_view, ticket)
		frappe.clear_messages()

	def test_agr25_a_contact_lists_its_own_customers_people_only(self):
		"""Helpdesk 1.28 keeps who belongs to which customer in HD Customer Member rows, child rows Frappe
		checks against the parent's role only: a contact lists its own customers' rows, never another's."""
		from frappe.client import get_list

		from after_sales.permissions import customer_member_query
		from after_sales.tests.utils import two_customers

		sides = two_customers("Members")
		with as_user(sides.alice):
			condition = customer_member_query()
			if helpdesk._has_customer_members():
				parents = {
					row.parent
					for row in get_list(
						helpdesk.CUSTOMER_MEMBER, fields=["parent"], parent="HD Customer", limit_page_length=0
					)
				}
				self.assertEqual(parents, {sides.a})
		self.assertIn(frappe.db.escape(sides.a), condition)
		self.assertNotIn(frappe.db.escape(sides.b), condition)
