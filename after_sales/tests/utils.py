# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Factories for the Frappe test suite: every test builds its records through these."""

from contextlib import contextmanager

import frappe
from frappe.utils import add_days, add_to_date, getdate, now_datetime, today

from after_sales.install import DEFAULT_POLICY, DEFAULT_TARGETS, create_default_policy
from after_sales.integrations import helpdesk

MINUTE = 60
HOUR = 3600


def before_tests():
	"""Seed what every after_sales test expects (run once by `bench run-tests`)."""
	frappe.clear_cache()
	allow_many_users()
	create_default_policy()
	make_outgoing_email_account()
	frappe.db.commit()


def make_outgoing_email_account() -> None:
	"""Receipt confirmations need an outgoing account; tests only queue mail, never send it."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "_Test After Sales Outgoing",
			"email_id": "support@example.com",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"no_smtp_authentication": 1,
		}
	).insert(ignore_permissions=True)


def make_ticket(subject: str = "_Test ticket", **kwargs):
	"""An HD Ticket inserted as a customer's request would be."""
	doc = frappe.get_doc(
		{
			"doctype": "HD Ticket",
			"subject": subject,
			"description": kwargs.pop("description", "<p>Please help.</p>"),
			"raised_by": kwargs.pop("raised_by", "customer.contact@example.com"),
			**kwargs,
		}
	)
	doc.insert(ignore_permissions=True)
	return frappe.get_doc("HD Ticket", doc.name)


def small_pdf(title: str) -> bytes:
	"""A real one-page PDF titled `title`, made with pypdf (which Frappe ships and the tests read PDFs with).
	Frappe 15.105 parses every uploaded PDF (for JavaScript), so a test's PDF must be a PDF."""
	import io

	from pypdf import PdfWriter

	writer = PdfWriter()
	writer.add_blank_page(width=595, height=842)
	writer.add_metadata({"/Title": title})
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


def make_product(name: str = "_Test Product", **kwargs) -> str:
	if not frappe.db.exists("Software Product", name):
		frappe.get_doc({"doctype": "Software Product", "product_name": name, **kwargs}).insert()
	return name


def make_customer(name: str = "_Test Customer") -> str:
	if not frappe.db.exists("HD Customer", name):
		frappe.get_doc({"doctype": "HD Customer", "customer_name": name}).insert()
	return name


def make_contact(email: str, customer: str | None = None, first_name: str | None = None) -> str:
	"""A Contact, linked to `customer` the way the running Helpdesk links them (integrations.helpdesk)."""
	return helpdesk.ensure_contact(email, (customer,) if customer else (), first_name)


def allow_many_users() -> None:
	"""Frappe refuses a 61st user within a minute (throttle_user_creation); the suite, its demo test and the
	browser seed that follows it make more than that. For this test process only."""
	frappe.local.conf["throttle_user_limit"] = max(frappe.local.conf.get("throttle_user_limit") or 60, 100000)


def make_user(email: str, roles: tuple[str, ...] = ()) -> str:
	allow_many_users()
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"send_welcome_email": 0,
				"user_type": "System User",
			}
		)
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	missing = [role for role in roles if role not in frappe.get_roles(email)]
	if missing:
		user.add_roles(*missing)
	return email


def portal_user(email: str, *customers: str) -> str:
	"""A customer's contact who can log in to the portal, made as the running Helpdesk makes one."""
	allow_many_users()
	helpdesk.make_portal_user(email, customers)
	return email


def two_customers(prefix: str) -> frappe._dict:
	"""The two sides of an AGR-25 test: customers A and B, each with a portal contact (alice, bob) and a
	contract for one product that started five days ago."""
	suffix = frappe.generate_hash(length=5)
	tag = prefix.lower().replace(" ", ".")
	out = frappe._dict(suffix=suffix, product=make_product(f"_Test {prefix} Product {suffix}"))
	for side, person in (("a", "alice"), ("b", "bob")):
		out[side] = make_customer(f"_Test {prefix} {side.upper()}corp {suffix}")
		out[person] = portal_user(f"{tag}.{person}.{suffix}@example.com", out[side])
		out[f"contract_{side}"] = make_contract(
			customer=out[side], product=out.product, start=add_days(today(), -5)
		)
	return out


def policy_targets(**overrides) -> list[dict]:
	"""The agreement's targets (as installed), with per-urgency overrides: urgent_fault={...}."""
	rows = [dict(row) for row in DEFAULT_TARGETS]
	for urgency, values in overrides.items():
		for row in rows:
			if row["urgency"] == urgency.replace("_", " ").capitalize():
				row.update(values)
	return rows


def new_policy(name: str = "_Test Policy", **kwargs):
	"""An unsaved SLA Policy carrying the agreement's figures; kwargs override fields."""
	doc = frappe.new_doc("SLA Policy")
	doc.update({"policy_name": name, "enabled": 1, "clock": "24x7", **kwargs})
	if "targets" not in kwargs:
		for row in policy_targets():
			doc.append("targets", row)
	return doc


def make_policy(name: str = "_Test Policy", **kwargs) -> str:
	if not frappe.db.exists("SLA Policy", name):
		new_policy(name, **kwargs).insert()
	return name


def new_contract(customer: str | None = None, product: str | None = None, start=None, **kwargs):
	start = getdate(start or today())
	doc = frappe.new_doc("Service Contract")
	doc.update(
		{
			"customer": customer or make_customer(),
			"product": product or make_product(),
			"sla_policy": kwargs.pop("sla_policy", None) or DEFAULT_POLICY,
			"contract_start": start,
			"contract_end": kwargs.pop("contract_end", None) or add_days(add_to_date(start, years=2), -1),
			"free_service_months": kwargs.pop("free_service_months", 12),
			**kwargs,
		}
	)
	return doc


def make_contract(submit: bool = True, **kwargs):
	"""A contract; the same customer, product and start give back the submitted one already there."""
	doc = new_contract(**kwargs)
	existing = submit and frappe.db.get_value(
		"Service Contract",
		{
			"customer": doc.customer,
			"product": doc.product,
			"contract_start": doc.contract_start,
			"contract_end": doc.contract_end,
			"docstatus": 1,
		},
	)
	if existing:
		return frappe.get_doc("Service Contract", existing)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def new_release(product: str | None = None, version: str = "1.0", **kwargs):
	doc = frappe.new_doc("Update Release")
	doc.update(
		{
			"product": product or make_product(),
			"version": version,
			"release_type": kwargs.pop("release_type", "Bug fix"),
			"release_date": kwargs.pop("release_date", today()),
			"download_link": kwargs.pop("download_link", "https://downloads.example.com/product.zip"),
			**kwargs,
		}
	)
	return doc


def new_session(trainer: str, starts_on=None, hours: float = 2, **kwargs):
	starts_on = starts_on or add_to_date(now_datetime(), days=7)
	doc = frappe.new_doc("Training Session")
	doc.update(
		{
			"title": kwargs.pop("title", "_Test Training"),
			"mode": kwargs.pop("mode", "Online"),
			"meeting_link": kwargs.pop("meeting_link", "https://meet.example.com/after-sales"),
			"trainer": trainer,
			"starts_on": starts_on,
			"ends_on": add_to_date(starts_on, hours=hours),
			"capacity": kwargs.pop("capacity", 20),
			**kwargs,
		}
	)
	return doc


@contextmanager
def as_background_job():
	"""Run the block as a background job does (e-mail pulls, scheduler): no person acts."""
	previous = getattr(frappe.local, "job", None)
	frappe.local.job = frappe._dict(method="after_sales.tests", site=frappe.local.site)
	try:
		yield
	finally:
		frappe.local.job = previous


@contextmanager
def as_user(user: str):
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(previous)
