# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Bad input is a clear, translated 4xx: never a 500, never a half-write; what changes state accepts POST
only (issue 11, point 6; AGR-25 for the other customer's records).

The methods are not listed here: every whitelisted function and document method of the app is found in
`frappe.whitelisted` after importing all of its modules, and called through Frappe's own dispatch
(`frappe.handler.execute_cmd`, with `run_doc_method` for document methods) as a browser would, as Guest,
as a customer's contact and as an agent, with missing, extra, wrong-typed, unknown, other-customer and
10,000-character arguments. What is described here is each *parameter name*: a valid value and, for
records, another customer's one; a new parameter without a sample fails the test."""

import importlib
import inspect
import json
import pkgutil
import re
from contextlib import contextmanager
from unittest.mock import patch
from urllib.parse import quote

import frappe
import frappe.handler
from bs4 import BeautifulSoup
from frappe.api import v1
from frappe.exceptions import FrappeTypeError
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_months, get_first_day, set_request, today
from frappe.utils.typing_validations import transform_parameter_types
from frappe.website.serve import get_response_content

import after_sales
from after_sales.api import portal as portal_actions
from after_sales.api import ticket as agent_actions
from after_sales.api.training import key_digest
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
	small_pdf,
)

LONG = "x" * 10_000
# The monthly reports' PDFs as sent, and a draft's rendering: real PDFs (Frappe 15.105 parses uploads)
REPORT_A, REPORT_B, DRAFT = (small_pdf(title) for title in ("report of A", "report of B", "draft"))
CHINESE = re.compile(r"[\u4e00-\u9fff]")
UNKNOWN = "_Test no such record"
# Parameters that name a record: an unknown value must be refused, not taken as text.
RECORD_PARAMETERS = frozenset(
	{"ticket", "release", "customer", "session", "follow_up", "key", "engineer", "name", "doctype"}
)
# Checksummed with the app's own tables before and after each call; the connection's write counters
# (Handler_write/update/delete) cover every other table too.
HELPDESK_TABLES = ("HD Ticket", "Comment", "Communication", "Email Queue", "File", "Version", "ToDo")


def app_methods() -> list:
	"""Every whitelisted function and document method of the app (its modules imported first, as a
	request for any of them would)."""
	for module in pkgutil.walk_packages(after_sales.__path__, "after_sales."):
		if not re.search(r"\.(tests|patches)(\.|$)", module.name):
			importlib.import_module(module.name)
	found = {}
	for fn in frappe.whitelisted:
		if fn.__module__.split(".")[0] == "after_sales":
			found[(fn.__module__, fn.__qualname__)] = fn
	return list(found.values())


def parameters(fn) -> list[inspect.Parameter]:
	return [p for p in inspect.signature(inspect.unwrap(fn)).parameters.values() if p.name != "self"]


def is_document_method(fn) -> bool:
	return "." in fn.__qualname__


def allows_get(fn) -> bool:
	return "GET" in frappe.allowed_http_methods_for_whitelisted_func[fn]


def wrong_type(fn, param: inspect.Parameter):
	"""A value its annotation refuses under Frappe's own rules (typing_validations: "1" is an int, 1 a
	bool), or None when it takes anything."""
	for candidate in ({"not": "text"}, "not a number", ["a", "list"], 12345):
		try:
			transform_parameter_types(inspect.unwrap(fn), (), {param.name: candidate})
		except FrappeTypeError:
			return candidate
	return None


def messages() -> str:
	return " ".join(str(m.get("message") if isinstance(m, dict) else m) for m in frappe.get_message_log())


@contextmanager
def request(method: str, path: str = "/api/method/after_sales"):
	previous = getattr(frappe.local, "request", None)
	set_request(method=method, path=path)
	try:
		yield
	finally:
		frappe.local.request = previous


class TestApiInputs(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.translate.clear_cache()  # this app's zh.csv as it is now
		trainer = cls._records()
		cls.valid = cls._samples(trainer)
		cls.others = {  # customer B's records: refused to A's contact
			"ticket": cls.ticket_b,
			"release": cls.release_b,
			"customer": cls.b,
			"session": cls.session_b,
			"follow_up": cls.follow_up_b,
			"name": cls.report_b,
		}
		cls.documents = {  # per doctype with document methods: A's record and B's
			"Monthly Service Report": (cls.report_a, cls.report_b),
			"Update Release": (cls.release, cls.release_b),
			"Service Contract": (cls.contract_a, cls.contract_b),
			"Training Session": (cls.session_a, cls.session_b),
			"Statutory Calendar": (cls.calendar, cls.calendar),  # no customer's: the service team's
		}
		cls.methods = app_methods()
		app_doctypes = frappe.get_all("DocType", filters={"module": "After Sales"}, pluck="name")
		cls.doctype_of_folder = {frappe.scrub(name): name for name in app_doctypes}
		tables = frappe.get_all("DocType", filters={"module": "After Sales", "issingle": 0}, pluck="name")
		cls.watched = {
			doctype: frappe.db.get_table_columns(doctype) for doctype in (*tables, *HELPDESK_TABLES)
		}

	@classmethod
	def _records(cls) -> str:
		"""Customer A's and B's records of every kind the app's methods take; returns the trainer."""
		suffix = frappe.generate_hash(length=5)
		cls.product = make_product(f"_Test Inputs Product {suffix}")
		cls.b_only_product = make_product(f"_Test Inputs B Product {suffix}")
		cls.a = make_customer(f"_Test Inputs A {suffix}")
		cls.b = make_customer(f"_Test Inputs B {suffix}")
		cls.alice = portal_user(f"in.alice.{suffix}@example.com", cls.a)
		cls.bob = portal_user(f"in.bob.{suffix}@example.com", cls.b)
		cls.agent = make_user(f"in.agent.{suffix}@example.com", ("Agent",))
		cls.manager = make_user(f"in.manager.{suffix}@example.com", ("After Sales Manager", "Agent"))
		trainer = make_user(f"in.trainer.{suffix}@example.com", ("Service Engineer",))
		start = add_days(today(), -5)
		cls.contract_a = make_contract(customer=cls.a, product=cls.product, start=start).name
		cls.contract_b = make_contract(customer=cls.b, product=cls.product, start=start).name
		make_contract(customer=cls.b, product=cls.b_only_product, start=start)
		cls.calendar = (
			frappe.get_doc(
				{
					"doctype": "Statutory Calendar",
					"calendar_name": f"_Test Inputs Calendar {suffix}",
					"country": "CN",
					"update_from_library": 0,
				}
			)
			.insert()
			.name
		)
		cls.ticket_a = make_ticket("Alice's export fails", raised_by=cls.alice).name
		cls.ticket_b = make_ticket("Bob's export fails", raised_by=cls.bob).name
		for ticket in (cls.ticket_a, cls.ticket_b):
			agent_actions.record_diagnosis(ticket, "Remote")  # AGR-16 before AGR-17
			agent_actions.propose_solution(ticket, "Rebuild the index")
		cls.release = cls._published(cls.product, "7.0")
		cls.release_b = cls._published(cls.b_only_product, "7.0")
		cls.session_a = cls._session(trainer, cls.a, cls.alice, "2035-02-01 09:00:00")
		cls.session_b = cls._session(trainer, cls.b, cls.bob, "2035-02-02 09:00:00")
		cls.key = frappe.generate_hash(length=32)
		attendee = frappe.db.get_value("Training Attendee", {"parent": cls.session_a})
		frappe.db.set_value("Training Attendee", attendee, "feedback_key", key_digest(cls.key))
		cls.follow_up_a = cls._follow_up(cls.ticket_a, cls.a)
		cls.follow_up_b = cls._follow_up(cls.ticket_b, cls.b)
		last_month = add_months(get_first_day(today()), -1)
		cls.report_a = cls._sent_report(cls.a, last_month, REPORT_A)
		cls.report_b = cls._sent_report(cls.b, last_month, REPORT_B)
		cls.draft_a = cls._report(cls.a, add_months(last_month, -1)).name
		return trainer

	@classmethod
	def _samples(cls, trainer: str) -> dict:
		return {  # what a contact of customer A may send (agents may send it too)
			"ticket": cls.ticket_a,
			"solved": 1,
			"comment": "Works now",
			"release": cls.release,
			"customer": cls.a,
			"session": cls.session_a,
			"rating": 5,
			"follow_up": cls.follow_up_a,
			"came_back": 0,
			"choice": "Reopen ticket",
			"note": "Checked with the customer",
			"key": cls.key,
			"mode": "On-site",
			"visit_date": "2035-03-01 09:00:00",
			"engineer": trainer,
			"address": "Building 3, Room 2",
			"solution": "Rebuild the index",
			"confirmed_by": cls.alice,
			"via": "Phone",
			"urgency": "Consultation",
			"reason": "Only a question",
			"starts_on": "2035-04-01 09:00:00",
			"year": 2026,  # a statutory calendar's year from the holidays library
			"ends_on": "2035-04-01 12:00:00",
			"location": "Building 3, Room 2",
			"meeting_link": None,
			"name": cls.report_a,
			# Desk's dashboard widgets (number cards, the chart) send these
			"filters": "[]",
			"chart_name": "Volume by Channel",  # a chart of the workspace (a Dashboard Chart)
			"chart": None,
			"no_cache": 0,
			"from_date": today(),
			"to_date": today(),
			"timespan": "Last Year",
			"time_interval": "Weekly",
			"heatmap_year": "2035",
			"refresh": 0,
			# Frappe's report runner, which the app wraps to read from a replica (replica.run)
			"report_name": "Agreement Compliance",
			"user": None,
			"ignore_prepared_report": 0,
			"custom_columns": None,
			"is_tree": 0,
			"parent_field": None,
			"are_default_filters": 1,
			# the framework reads the app overrides (hooks.py override_whitelisted_methods)
			"doctype": "Monthly Service Report",
			"debug": 0,
			"cache": 0,
			"parent": None,
			"current_filters": "[]",
			"field": "assigned_to",
			"docname": cls.report_a,
			"fields": None,
		}

	def setUp(self):
		self.language = getattr(frappe.local, "lang", "en")

	def tearDown(self):
		frappe.local.lang = self.language
		frappe.local.request = None
		frappe.local.form_dict = frappe._dict()

	# ------------------------------------------------------------------ fixtures

	@staticmethod
	def _published(product, version):
		release = new_release(product, version).insert()
		release.publish()
		return release.name

	@staticmethod
	def _session(trainer, customer, attendee, starts_on):
		session = new_session(trainer, starts_on, customer=customer)
		session.append("attendees", {"email": attendee})
		return session.insert().name

	@staticmethod
	def _follow_up(ticket, customer):
		return (
			frappe.get_doc(
				{
					"doctype": "Service Follow-up",
					"ticket": ticket,
					"customer": customer,
					"due_on": today(),
					"round_days": 7,
					"follow_up_key": f"{ticket}|inputs-{frappe.generate_hash(length=4)}",
				}
			)
			.insert()
			.name
		)

	@staticmethod
	def _report(customer, period_start):
		report = frappe.new_doc("Monthly Service Report")
		report.update({"customer": customer, "period_start": period_start})
		return report.insert()

	@classmethod
	def _sent_report(cls, customer, period_start, content: bytes) -> str:
		"""A report as `delivery.send` leaves it: Sent, its PDF attached and named in sent_pdf."""
		report = cls._report(customer, period_start)
		pdf = cls._attach(report.name, content)
		report.db_set({"status": "Sent", "sent_pdf": pdf.file_url})
		return report.name

	@staticmethod
	def _attach(report: str, content: bytes):
		return frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{report}.pdf",
				"attached_to_doctype": "Monthly Service Report",
				"attached_to_name": report,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)

	# ------------------------------------------------------------------ calling and watching

	def writes(self) -> tuple:
		"""Rows written by this connection so far (every table), and a checksum of the app's and
		Helpdesk's tables: a write, even one rolled back later, moves the first."""
		counters = frappe.db.sql(
			"show session status where Variable_name in ('Handler_write', 'Handler_update', 'Handler_delete')"
		)
		checksums = []
		for doctype, columns in self.watched.items():
			cols = ", ".join(f"`{c}`" for c in columns)
			checksums.append(
				frappe.db.sql(
					f"select count(*), coalesce(bit_xor(crc32(concat_ws('|', {cols}))), 0) from `tab{doctype}`"
				)[0]
			)
		return tuple(int(v) for _k, v in sorted(counters)), tuple(checksums)

	def dispatch(
		self, fn, args: dict, http_method: str = "POST", record: str | None = None, missing_record=False
	):
		"""Call fn as Desk or the portal would: /api/method/<path>, or run_doc_method for a document method."""
		frappe.local.form_dict = frappe._dict()
		frappe.local.response = frappe._dict(docs=[])
		frappe.clear_messages()
		if is_document_method(fn):
			doctype = self.doctype_of(fn)
			form = {
				"dt": doctype,
				"method": fn.__name__,
				"args": json.dumps(args) if isinstance(args, dict) else args,
			}
			if not missing_record:
				form["dn"] = record or self.documents[doctype][0]
			cmd = "run_doc_method"
		else:
			form, cmd = dict(args), f"{fn.__module__}.{fn.__name__}"
		frappe.local.form_dict = frappe._dict({"cmd": cmd, **form})
		with request(http_method, f"/api/method/{cmd}"):
			return frappe.handler.execute_cmd(cmd)

	def doctype_of(self, fn) -> str:
		return self.doctype_of_folder[fn.__module__.rsplit(".", 1)[-1]]

	def refused(self, label: str, call, statuses=range(400, 500)) -> str | None:
		"""None when call is refused with a translated 4xx and writes nothing, else what went wrong."""
		before = self.writes()
		frappe.db.savepoint("as_bad_input")
		try:
			call()
		except Exception as error:
			status = getattr(error, "http_status_code", 500)
			shown = f"{error} {messages()}"
			after = self.writes()
			problem = None
			if status not in statuses:
				problem = f"HTTP {status} ({type(error).__name__}: {str(error)[:200]})"
			elif not CHINESE.search(shown):
				problem = f"untranslated message: {shown[:200]!r}"
			elif after != before:
				problem = "database changed"
		else:
			problem = "accepted"
		finally:
			frappe.db.rollback(save_point="as_bad_input")
			frappe.local.lang = "zh"
		return f"{label}: {problem}" if problem else None

	# ------------------------------------------------------------------ the bad calls

	def bad_calls(self, fn, as_contact: bool) -> list[tuple[str, dict, dict]]:
		"""(label, args, dispatch options): each call bad in one way."""
		params = parameters(fn)
		unknown = [p.name for p in params if p.name not in self.valid]
		self.assertFalse(unknown, f"give the parameters {unknown} of {fn.__qualname__} a sample value")
		base = {p.name: self.valid[p.name] for p in params}
		calls = [("extra argument", {**base, "_test_unexpected": "1"}, {})]
		required = [p.name for p in params if p.default is p.empty]
		if required:
			calls.append(("no argument at all", {}, {}))
		calls += [(f"missing {name}", {k: v for k, v in base.items() if k != name}, {}) for name in required]
		calls += [(f"blank {name}", {**base, name: "  "}, {}) for name in required]
		for p in params:
			wrong = wrong_type(fn, p)
			if wrong is not None:
				calls.append((f"wrong-typed {p.name}", {**base, p.name: wrong}, {}))
			calls.append((f"10,000 characters in {p.name}", {**base, p.name: LONG}, {}))
			if p.name in RECORD_PARAMETERS:
				calls.append((f"unknown {p.name}", {**base, p.name: UNKNOWN}, {}))
			if as_contact and p.name in self.others:
				calls.append((f"customer B's {p.name}", {**base, p.name: self.others[p.name]}, {}))
		if is_document_method(fn):
			other = self.documents[self.doctype_of(fn)][1]
			calls += [
				("arguments that are not an object", '"text"', {}),
				("no record", base, {"missing_record": True}),
				("unknown record", base, {"record": UNKNOWN}),
				("10,000-character record name", base, {"record": LONG}),
			]
			if as_contact:
				calls.append(("customer B's record", base, {"record": other}))
		return calls

	def sweep(self, user: str, as_contact: bool = False):
		failures = []
		for fn in self.methods:
			for label, args, options in self.bad_calls(fn, as_contact):
				with as_user(user):
					frappe.local.lang = "zh"
					failures.append(
						self.refused(
							f"{user} {fn.__module__}.{fn.__qualname__}: {label}",
							lambda fn=fn, args=args, options=options: self.dispatch(fn, args, **options),
						)
					)
		failures = [f for f in failures if f]
		self.assertFalse(failures, "\n".join(failures))

	def test_the_app_has_whitelisted_methods_to_check(self):
		"""The sweep cannot pass by finding nothing: portal, agent, training, dashboard, report and
		document methods are all among those found."""
		paths = {f"{fn.__module__}.{fn.__qualname__}" for fn in self.methods}
		for expected in (
			"after_sales.api.portal.confirm_solution",
			"after_sales.api.ticket.record_diagnosis",
			"after_sales.api.training.submit_feedback",
			"after_sales.dashboard.tickets_at_risk",
			"after_sales.monthly_report.delivery.download_pdf",
			"after_sales.after_sales.doctype.update_release.update_release.UpdateRelease.publish",
		):
			self.assertIn(expected, paths)
		for fn in self.methods:
			if is_document_method(fn):
				self.assertIn(self.doctype_of(fn), self.documents, f"a sample record for {fn.__qualname__}")

	def test_bad_input_as_guest(self):
		self.sweep("Guest")

	def test_bad_input_as_a_customer_contact(self):
		"""Includes customer B's records, sent by A's contact (AGR-25): 4xx, nothing written."""
		self.sweep(self.alice, as_contact=True)

	def test_bad_input_as_an_agent(self):
		self.sweep(self.agent)

	def test_bad_report_filters(self):
		"""Each of the app's reports, run as Desk runs it, refuses filters that are not one set of single
		values or dates out of range with a translated 4xx, and writes nothing."""
		from after_sales import replica

		reports = frappe.get_all(
			"Report", {"module": "After Sales", "report_type": "Script Report"}, pluck="name"
		)
		self.assertIn("Agreement Compliance", reports)
		bad = (
			{"urgency": ["Urgent fault", "General fault"]},
			{"urgency": {"a": 1}},
			{"from_date": "99999999999999999999"},
			{"from_date": ["2026-01-01"]},
			{"to_date": "1800-01-01"},
			"text",
			[["urgency", "=", "Urgent fault"]],
			123,
		)
		failures = []
		for report in reports:
			for filters in bad:
				with as_user("Administrator"):
					frappe.local.lang = "zh"
					failures.append(
						self.refused(
							f"{report}: {filters!r}",
							lambda r=report, f=filters: self.dispatch(
								replica.run, {"report_name": r, "filters": json.dumps(f)}
							),
						)
					)
		failures = [f for f in failures if f]
		self.assertFalse(failures, "\n".join(failures))

	def test_the_watch_sees_a_write(self):
		"""The sweep's "nothing written" can fail: a valid portal action, sent as a form would send it
		(every value a string), is accepted and moves the counters."""
		with as_user(self.alice):
			before = self.writes()
			frappe.db.savepoint("as_valid_input")
			try:
				result = self.dispatch(
					portal_actions.confirm_solution, {"ticket": str(self.ticket_a), "solved": "1"}
				)
				self.assertEqual(result["service_step"], "Solution confirmed")
				self.assertNotEqual(self.writes(), before)
			finally:
				frappe.db.rollback(save_point="as_valid_input")

	# ------------------------------------------------------------------ POST only

	def test_what_changes_state_accepts_post_only(self):
		"""Every method either accepts POST only (a GET, a link, is refused on /api/method and, for
		document methods, on /api/resource?run_method too) or, called by GET, writes nothing."""
		failures = []
		for fn in self.methods:
			name = f"{fn.__module__}.{fn.__qualname__}"
			args = {p.name: self.valid[p.name] for p in parameters(fn)}
			if allows_get(fn):
				before = self.writes()
				frappe.db.savepoint("as_get")
				try:
					with as_user("Administrator"):
						self.dispatch(fn, args, http_method="GET")
					if self.writes() != before:
						failures.append(f"{name} accepts GET but wrote to the database")
				except Exception as error:
					failures.append(f"{name} accepts GET but failed on valid input: {error!r}")
				finally:
					frappe.db.rollback(save_point="as_get")
				continue
			self.assertEqual(frappe.allowed_http_methods_for_whitelisted_func[fn], ["POST"], name)
			with as_user("Administrator"):
				frappe.local.lang = "zh"
				failures.append(
					self.refused(
						f"GET {name}",
						lambda fn=fn, args=args: self.dispatch(fn, args, http_method="GET"),
						statuses=(403,),
					)
				)
				if is_document_method(fn):
					doctype = self.doctype_of(fn)

					def rest_get(fn=fn, doctype=doctype):
						frappe.local.form_dict = frappe._dict()
						with request("GET", f"/api/resource/{doctype}/{self.documents[doctype][0]}"):
							v1.execute_doc_method(doctype, self.documents[doctype][0], fn.__name__)

					failures.append(self.refused(f"GET /api/resource?run_method {name}", rest_get, (403,)))
		failures = [f for f in failures if f]
		self.assertFalse(failures, "\n".join(failures))

	def test_a_desk_button_still_runs_its_document_method(self):
		"""frm.call("make_renewal") sends no arguments: run_doc_method hands the method None, which
		api() reads as none given."""
		with as_user("Administrator"):
			frappe.db.savepoint("as_desk_button")
			try:
				self.dispatch(frappe.get_doc("Service Contract", self.contract_a).make_renewal, None)
				renewal = frappe.local.response.message  # run_doc_method answers through the response
				self.assertEqual(
					frappe.db.get_value("Service Contract", renewal, "previous_contract"), self.contract_a
				)
			finally:
				frappe.db.rollback(save_point="as_desk_button")

	# ------------------------------------------------------------------ download_pdf

	def pdf(self, user: str, name: str) -> bytes:
		with as_user(user):
			self.dispatch(frappe.get_attr("after_sales.service_reports.download_pdf"), {"name": name}, "GET")
			self.assertEqual(frappe.local.response.type, "pdf")
			return frappe.local.response.filecontent

	def test_download_pdf_serves_the_file_attached_as_sent(self):
		"""AGR-27: the customer gets the very PDF it was sent, not a rendering of today's data."""
		with patch("after_sales.monthly_report.delivery.pdf_of", side_effect=AssertionError("rendered")):
			self.assertEqual(self.pdf(self.alice, self.report_a), REPORT_A)
			self.assertEqual(self.pdf(self.manager, self.report_a), REPORT_A)
			self.assertRaises(frappe.PermissionError, self.pdf, self.alice, self.report_b)

	def test_download_pdf_refuses_a_file_of_another_report(self):
		"""sent_pdf naming a file attached elsewhere (another customer's report) serves nothing, to anybody."""
		b_file = frappe.db.get_value("Monthly Service Report", self.report_b, "sent_pdf")
		report = self._report(self.a, add_months(get_first_day(today()), -3))
		report.db_set({"status": "Sent", "sent_pdf": b_file})
		with patch("after_sales.monthly_report.delivery.pdf_of", side_effect=AssertionError("rendered")):
			for user in (self.alice, self.manager):
				self.assertRaises(frappe.DoesNotExistError, self.pdf, user, report.name)

	def test_download_pdf_renders_a_draft_for_the_team_only(self):
		with patch("after_sales.monthly_report.delivery.pdf_of", return_value=DRAFT):
			self.assertEqual(self.pdf(self.manager, self.draft_a), DRAFT)
			self.assertRaises(frappe.PermissionError, self.pdf, self.alice, self.draft_a)

	# ------------------------------------------------------------------ escaping

	def page(self, user: str, route: str, **query) -> BeautifulSoup:
		with as_user(user):
			set_request(method="GET", path=route, query_string=query)
			frappe.local.form_dict = frappe._dict(query)  # as frappe.app.make_form_dict does
			return BeautifulSoup(get_response_content(route), "html.parser")

	def test_portal_pages_escape_what_records_say(self):
		"""A customer's name with quotes and an ampersand reaches the page's actions exactly, as data, and
		opens no attribute or script of its own (my-updates.html used to put it inside a JS string)."""
		suffix = frappe.generate_hash(length=5)
		customer = make_customer(f'_Test O\'Brien "Inputs" & Co {suffix}')
		contact = portal_user(f"in.obrien.{suffix}@example.com", customer)
		make_contract(customer=customer, product=self.product, start=add_days(today(), -5))
		release = self._published(self.product, "7.1")
		subject = f'Export "fails" & it\'s 100% {suffix}'
		ticket = make_ticket(subject, raised_by=contact).name
		agent_actions.record_diagnosis(ticket, "Remote")
		agent_actions.propose_solution(ticket, "Use 'quotes' & \"doubles\"")
		follow_up = self._follow_up(ticket, customer)
		# the ticket's subject, as follow_ups.schedule copies it
		frappe.db.set_value("Service Follow-up", follow_up, "subject", subject)
		trainer = frappe.db.get_value("Training Session", self.session_a, "trainer")
		session = new_session(trainer, "2035-04-01 09:00:00", title=f'"Open" & <b>training</b> {suffix}')
		session = session.insert().name
		pages = {route: self.page(contact, route) for route in ("/my-service", "/my-updates", "/my-training")}
		pages["/my-follow-ups"] = self.page(contact, "/my-follow-ups")

		def args(page, element_id, selector):
			return json.loads(pages[page].find(id=element_id).select_one(selector)["data-as-args"])

		button = pages["/my-updates"].find(id=f"release-{release}").select_one("button.as-install")
		self.assertEqual(button["data-as-action"], "mark_installed")
		self.assertEqual(json.loads(button["data-as-args"]), {"release": release, "customer": customer})
		self.assertEqual(args("/my-training", f"session-{session}", ".as-register"), {"session": session})
		card = pages["/my-follow-ups"].find(id=f"follow-up-{follow_up}")
		self.assertIn(subject, card.get_text())
		self.assertEqual(
			args("/my-follow-ups", f"follow-up-{follow_up}", ".as-solved"),
			{"follow_up": follow_up, "came_back": 0},
		)
		# the ticket itself is Helpdesk's portal page; its form script reads the app's view of it as data
		self.assertEqual(
			[a["href"] for a in card.find_all("a")], [f"/helpdesk/my-tickets/{quote(ticket, safe='')}"]
		)
		with as_user(contact):
			view = self.dispatch(portal_actions.ticket_view, {"ticket": ticket})
		self.assertEqual(
			(view["can_confirm"], view["proposed_solution"]), (True, "Use 'quotes' & \"doubles\"")
		)
		for route, page in pages.items():
			body = page.select_one(".after-sales-portal")
			self.assertIsNotNone(body, f"{route} did not render")
			handlers = [tag.name for tag in body.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
			self.assertFalse(handlers, f"{route}: inline event handlers")
			self.assertNotIn("<b>training</b>", str(body))  # shown as text, not markup

	def test_a_bad_feedback_link_shows_the_invalid_link_page(self):
		for key in ("", "short", LONG):
			page = self.page("Guest", "/training-feedback", key=key)
			self.assertIn("This feedback link is not valid.", page.get_text(), key[:10])
