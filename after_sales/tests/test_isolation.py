# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""AGR-25: one sweep of every read path, as customer A's contact, over customer B's data.

Each path is called as a browser or REST client would call it; a path may refuse (403, not found) or
answer, but no answer may carry any of B's values: its name, its contact's e-mail, its records' names or
the texts only B's records hold. The child tables are swept with and without their parent.
"""

import json
from datetime import datetime

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from after_sales import portal
from after_sales.api import ticket as agent_actions
from after_sales.tests.utils import (
	as_user,
	make_ticket,
	make_user,
	new_release,
	new_session,
	two_customers,
)

PARENTS = (
	"Service Contract",
	"Service Follow-up",
	"Update Release",
	"Training Session",
	"Monthly Service Report",
	"SLA Policy",
	"HD Ticket",
)
CHILDREN = {
	"Training Attendee": "Training Session",
	"Update Release Delivery": "Update Release",
	"Service Contract Contact": "Service Contract",
	"Service Contract Ticket Type": "Service Contract",
	"Monthly Service Report Line": "Monthly Service Report",
	"SLA Policy Target": "SLA Policy",
	"SLA Working Hours": "SLA Policy",
	"SLA Follow-up Rule": "SLA Policy",
}
# DataError: Frappe refuses `count(`tabUpdate Release`.name)` ("update" reads as a sub-query): no answer
REFUSALS = (frappe.PermissionError, frappe.DoesNotExistError, frappe.DataError)


class TestIsolationSweep(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		sides = two_customers("Sweep")
		suffix = sides.suffix
		for key in ("product", "a", "b", "alice", "bob", "contract_a", "contract_b"):
			setattr(cls, key, sides[key])
		cls.ticket_a = make_ticket("Alice's sweep question", raised_by=cls.alice)
		cls.ticket_b = make_ticket(f"Bsecret{suffix} export fails", raised_by=cls.bob)
		agent_actions.record_diagnosis(cls.ticket_b.name, "Remote")  # AGR-16 before AGR-17
		agent_actions.propose_solution(cls.ticket_b.name, f"Bsolution{suffix}")
		release = new_release(cls.product, "7.0").insert()
		release.publish()
		release.reload()
		for row in release.deliveries:
			if row.customer == cls.b:
				row.status, row.decline_reason = "Declined", f"Bdecline{suffix}"
		release.save()
		cls.release = release.name
		trainer = make_user(f"sweep.trainer.{suffix}@example.com", ("Service Engineer",))
		cls.session_b = new_session(trainer, datetime(2036, 2, 2, 9), customer=cls.b).insert().name
		open_session = new_session(trainer, datetime(2036, 2, 3, 9))
		open_session.append("attendees", {"email": cls.alice})
		cls.open_session = open_session.insert().name
		# Bob joins later: the session's version history now holds his row
		open_session.append("attendees", {"email": cls.bob, "attendee_name": f"Bcomment{suffix}"})
		open_session.save()
		report = frappe.get_doc(
			{
				"doctype": "Monthly Service Report",
				"customer": cls.b,
				"period_start": add_days(today(), -40),
			}
		).insert()
		frappe.db.set_value("Monthly Service Report", report.name, "status", "Sent")
		cls.report_b = report.name
		cls.secrets = (
			cls.b,
			cls.bob,
			cls.contract_b.name,
			cls.ticket_b.name and f"Bsecret{suffix}",
			f"Bsolution{suffix}",
			f"Bdecline{suffix}",
			f"Bcomment{suffix}",
			cls.session_b,
			cls.report_b,
		)
		frappe.db.commit()

	# ------------------------------------------------------------ the check

	def assert_no_leak(self, what: str, fn, *args, **kwargs):
		"""Call `fn` as Alice: a refusal is fine; an answer must carry none of B's values."""
		frappe.local.response = frappe._dict()
		with as_user(self.alice):
			try:
				answer = fn(*args, **kwargs)
			except REFUSALS:
				frappe.clear_messages()
				return None
			# serialised as the response is, in Alice's request
			text = frappe.as_json({"answer": answer, "response": dict(frappe.local.response)})
		for secret in self.secrets:
			self.assertNotIn(secret, text, f"{what} shows B's {secret!r}: {text[:400]}")
		return answer

	def form_call(self, what: str, fn, **form):
		"""Methods that read `frappe.form_dict` (reportview), as a request carrying `form` would."""

		def call():
			frappe.local.form_dict = frappe._dict(form)
			try:
				return fn()
			finally:
				frappe.local.form_dict = frappe._dict()

		return self.assert_no_leak(what, call)

	def b_names(self, doctype: str) -> list[str]:
		if doctype in CHILDREN:
			return frappe.get_all(doctype, filters={"parenttype": CHILDREN[doctype]}, pluck="name")
		return frappe.get_all(doctype, pluck="name")

	# ------------------------------------------------------------ the sweep

	def test_agr25_frappe_client_paths(self):
		from frappe import client

		for doctype in PARENTS:
			self.assert_no_leak(
				f"get_list {doctype}", client.get_list, doctype, fields=["*"], limit_page_length=0
			)
			self.assert_no_leak(f"get_count {doctype}", client.get_count, doctype)
			for name in self.b_names(doctype):
				self.assert_no_leak(f"get {doctype} {name}", client.get, doctype, name)
				self.assert_no_leak(f"get_value {doctype}", client.get_value, doctype, ["*"], {"name": name})
		for child, parent in CHILDREN.items():
			self.assert_no_leak(
				f"get_list {child}", client.get_list, child, fields=["*"], parent=parent, limit_page_length=0
			)
			for name in self.b_names(child):
				self.assert_no_leak(f"get {child}", client.get, child, name, parent=parent)
				self.assert_no_leak(
					f"get_value {child}", client.get_value, child, ["*"], {"name": name}, parent=parent
				)

	def test_agr25_counts_answer_no_question_about_b(self):
		from frappe import client

		from after_sales.overrides.framework_reads import get_count

		with as_user(self.alice):
			self.assertEqual(get_count("HD Ticket", {"customer": self.b}), 0)
			self.assertEqual(get_count("HD Ticket", [["subject", "like", "%Bsecret%"]]), 0)
			self.assertEqual(get_count("Service Contract", {"customer": self.b}), 0)
			self.assertEqual(
				get_count("Training Attendee", {"email": self.bob}, parent="Training Session"), 0
			)
			self.assertEqual(
				get_count("Training Attendee", {"email": self.alice}, parent="Training Session"), 1
			)
			self.assertEqual(
				get_count("Update Release Delivery", {"customer": self.b}, parent="Update Release"), 0
			)
			# the hook replaces Frappe's own method for every caller
			self.assertIs(
				frappe.get_attr(
					frappe.get_hooks("override_whitelisted_methods")["frappe.client.get_count"][-1]
				),
				get_count,
			)
		self.assertGreaterEqual(client.get_count("HD Ticket", {"customer": self.b}), 1)  # Administrator

	def test_agr25_no_question_about_b_in_a_sort_or_grouping(self):
		"""Frappe 15 lets a sub-query through in a list's order_by and group_by (overrides/framework_sql.py):
		A's contact would sort its own tickets by a yes/no about B's and read it from the order. The check
		installed at each request's start refuses it on every list path; a plain sort still works."""
		from frappe import client
		from frappe.desk import reportview

		for task in frappe.get_hooks("before_request"):
			frappe.call(task)  # as each request starts (frappe/app.py init_request)
		question = (
			f"if((select count(name) from `tabHD Ticket` where customer in ('{self.b}')) - 1, "
			"`tabHD Ticket`.`name`, 0) desc"
		)
		with as_user(self.alice):
			for label, call in (
				("client.get_list order_by", lambda: client.get_list("HD Ticket", order_by=question)),
				("client.get_list group_by", lambda: client.get_list("HD Ticket", group_by=question[:-5])),
				("frappe.get_list", lambda: frappe.get_list("HD Ticket", order_by=question)),
				(
					"reportview.get",
					lambda: reportview.execute("HD Ticket", fields=["name"], order_by=question),
				),
			):
				with self.assertRaises(frappe.ValidationError, msg=label):
					call()
			rows = client.get_list(
				"HD Ticket", order_by="`tabHD Ticket`.`creation` desc", limit_page_length=0
			)
			self.assertIn(self.ticket_a.name, [row.name for row in rows])

	def test_agr25_parent_queries_that_join_child_rows(self):
		from frappe import client

		suffix = self.b.rsplit(" ", 1)[-1]
		for parent, child, column, value in (
			("Training Session", "Training Attendee", "email", self.bob),
			("Training Session", "Training Attendee", "attendee_name", f"Bcomment{suffix}"),
			("Update Release", "Update Release Delivery", "customer", self.b),
			("Update Release", "Update Release Delivery", "decline_reason", f"Bdecline{suffix}"),
		):
			field = f"`tab{child}`.`{column}`"
			self.assert_no_leak(f"{parent} with {field}", client.get_list, parent, fields=["name", field])
			for operator, operand in (("=", value), ("like", f"%{value[:-2]}%")):
				answer = self.assert_no_leak(
					f"{parent} filtered by {field}",
					client.get_list,
					parent,
					filters=[[child, column, operator, operand]],
				)
				self.assertFalse(answer, f"{parent} filtered on {child}.{column} answers a question about B")
		with as_user(self.alice):
			rows = client.get_list("Training Session", fields=["name", "`tabTraining Attendee`.email"])
		self.assertIn(self.alice, {row.email for row in rows})  # its own rows still come along

	def test_agr25_shared_records_carry_only_own_rows(self):
		from frappe import client
		from frappe.api.v1 import read_doc

		session = self.assert_no_leak("get open session", client.get, "Training Session", self.open_session)
		self.assertEqual([row["email"] for row in session["attendees"]], [self.alice])
		release = self.assert_no_leak("get release", client.get, "Update Release", self.release)
		self.assertEqual({row["customer"] for row in release["deliveries"]}, {self.a})
		self.assert_no_leak("REST read open session", read_doc, "Training Session", self.open_session)
		self.assert_no_leak("REST read release", read_doc, "Update Release", self.release)
		# staff still see every row, and a contact's own save (portal actions) never drops the others'
		self.assertEqual(len(frappe.get_doc("Training Session", self.open_session).as_dict()["attendees"]), 2)

	def test_agr25_desk_report_search_and_print_paths(self):
		from frappe.desk import listview, reportview, search
		from frappe.www.printview import get_html_and_style

		from after_sales.overrides.framework_reads import get_group_by_count

		for doctype in PARENTS:
			self.form_call(f"reportview.get {doctype}", reportview.get, doctype=doctype, fields='["*"]')
			self.form_call(
				f"reportview.get_count {doctype}",
				reportview.get_count,
				doctype=doctype,
				filters=json.dumps({"name": ("like", "%")}),
			)
			self.form_call(
				f"export {doctype}",
				reportview.export_query,
				doctype=doctype,
				file_format_type="CSV",
				fields='["*"]',
				title=doctype,
			)
			self.assert_no_leak(f"search_link {doctype}", search.search_link, doctype, "")
			for name in self.b_names(doctype):
				self.assert_no_leak(f"print {doctype}", get_html_and_style, doctype, name)
		for field in ("assigned_to", "customer", "owner"):
			self.assert_no_leak(
				f"group by {field}",
				get_group_by_count,
				"HD Ticket",
				json.dumps({"customer": self.b}),
				field,
			)
		self.assert_no_leak(
			"Frappe's group by count",
			listview.get_group_by_count,
			"HD Ticket",
			json.dumps({"customer": self.b}),
			"customer",
		)
		self.assert_no_leak("print open session", get_html_and_style, "Training Session", self.open_session)
		self.assert_no_leak("print release", get_html_and_style, "Update Release", self.release)

	def test_agr25_desk_form_load_history_and_link_checks(self):
		"""Desk's form load hands out a record's history and link titles; validate_link says what exists."""
		from after_sales.overrides import framework_reads

		# the history Desk shows: Bob's row as it was added (what a later edit records in a Version)
		frappe.get_doc(
			{
				"doctype": "Version",
				"ref_doctype": "Training Session",
				"docname": self.open_session,
				"data": frappe.as_json({"added": [["attendees", {"email": self.bob}]], "changed": []}),
			}
		).insert(ignore_permissions=True)
		for doctype, name in (("Training Session", self.open_session), ("Update Release", self.release)):
			self.assert_no_leak(f"getdoc {doctype}", framework_reads.getdoc, doctype, name)
			self.assert_no_leak(f"get_docinfo {doctype}", framework_reads.get_docinfo, doctype, name)
		for doctype, name in (
			("Monthly Service Report", self.report_b),
			("Service Contract", self.contract_b.name),
			("Training Session", self.session_b),
		):
			answer = self.assert_no_leak(
				f"validate_link {doctype}", framework_reads.validate_link, doctype, name
			)
			self.assertFalse(answer and answer.get("name"))
		with as_user(self.alice):  # its own still validates
			self.assertEqual(
				framework_reads.validate_link("Service Contract", self.contract_a.name).get("name"),
				self.contract_a.name,
			)
		hooks = frappe.get_hooks("override_whitelisted_methods")
		for method in ("frappe.desk.form.load.getdoc", "frappe.desk.form.load.get_docinfo"):
			self.assertTrue(hooks[method][-1].startswith("after_sales."))

	def test_agr25_contacts_child_tables_name_no_other_customer(self):
		"""Frappe's Contact keeps e-mails, phones and customer links in child tables checked by role only."""
		from frappe import client

		for child in ("Contact Email", "Contact Phone", "Dynamic Link"):
			rows = self.assert_no_leak(
				f"get_list {child}",
				client.get_list,
				child,
				fields=["*"],
				parent="Contact",
				limit_page_length=0,
			)
			self.assert_no_leak(f"get_list {child} via Address", client.get_list, child, parent="Address")
			if child == "Contact Email":
				self.assertIn(self.alice, {row.email_id for row in rows})  # its own stays readable
		from after_sales.overrides.framework_reads import get_count

		with as_user(self.alice):
			self.assertEqual(get_count("Contact Email", {"email_id": self.bob}, parent="Contact"), 0)
			self.assertEqual(get_count("Dynamic Link", {"link_name": self.b}, parent="Contact"), 0)

	def test_agr25_reports_and_the_apps_pages(self):
		from frappe.desk.query_report import run

		for report in frappe.get_all("Report", filters={"module": "After Sales"}, pluck="name"):
			self.assert_no_leak(f"report {report}", run, report, filters={})
		for route, _title in portal.pages():
			view = route.removeprefix("my-").replace("-", "_")
			context = frappe._dict()

			def render(context=context, route=route, view=view):
				portal.prepare(context, route.strip("/"))
				getattr(portal, view)(context)
				return context

			self.assert_no_leak(f"page {route}", render)
		# a customer's tickets are Helpdesk's portal pages, which show the app's view of the ticket
		from after_sales.api import portal as portal_actions

		self.assertIsNone(self.assert_no_leak("ticket page", portal_actions.ticket_view, self.ticket_b.name))
		self.assertTrue(
			self.assert_no_leak("own ticket page", portal_actions.ticket_view, self.ticket_a.name)
		)

	def test_agr25_the_apps_whitelisted_reads(self):
		"""Every read-only method the app whitelists, called with B's record names."""
		from after_sales import dashboard

		for name in (
			"tickets_at_risk",
			"breached_today",
			"acknowledged_in_time_this_month",
			"satisfaction_30_days",
			"contracts_expiring",
			"latest_release_reach",
		):
			self.assert_no_leak(f"card {name}", getattr(dashboard, name))
		from after_sales.api import training

		self.assert_no_leak("make training", training.make_training_session, self.ticket_b.name)
		from after_sales import service_reports

		self.assert_no_leak("download pdf", service_reports.download_pdf, self.report_b)
