# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Records for the portal browser test (.ci/frappe-suite): two customers, each with a contact who can log in.

Run as `bench --site <site> execute after_sales.tests.browser_seed.seed`; prints what the test needs as JSON.
"""

import json

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, today
from frappe.utils.password import update_password

from after_sales.integrations import helpdesk
from after_sales.tests.utils import allow_many_users


def seed() -> None:
	frappe.set_user("Administrator")
	suffix = frappe.generate_hash(length=6)
	password = frappe.generate_hash(length=16)
	allow_many_users()  # it runs right after the Frappe suite, which made many users this minute
	product = _insert({"doctype": "Software Product", "product_name": f"Browser Product {suffix}"})
	out = {"password": password, "product": product}
	for key in ("alice", "bob"):
		out[key] = _customer_with_a_request(key, suffix, password, product)
	out["release"] = _security_release(product)
	out["helpdesk"] = _helpdesk_pages(suffix, password, out["alice"])
	# its own trainer: a seed run an hour before on the same site must not make this one double-booked
	out["session"] = _completed_session(suffix, out["alice"], out["helpdesk"]["agent"])
	_send_last_months_reports(out)
	frappe.db.commit()
	print(json.dumps(out))


def _helpdesk_pages(suffix: str, password: str, alice: dict) -> dict:
	"""For the test of Helpdesk's own pages (tests/browser/helpdesk.js): agents in English and Chinese,
	a second contact of Alice's customer reading Chinese, and fresh tickets: one to take through every step,
	one whose confirmation the agent records, a Training request, and one without agreement terms."""
	agents = {
		lang: _agent(f"browser.agent.{lang}.{suffix}@example.com", password, lang) for lang in ("en", "zh")
	}
	frappe.db.set_value("User", alice["email"], "language", "en")
	alice_zh = f"browser.alice.zh.{suffix}@example.com"
	# the customer's manager (Helpdesk 1.28 shows a manager all of its customer's tickets, a contact its own)
	_portal_user(alice_zh, password, alice["customer"], "Alice ZH", "zh", manager=True)

	def ticket(subject: str, raised_by: str, **values) -> str:
		doc = frappe.get_doc(
			{
				"doctype": "HD Ticket",
				"subject": subject,
				"description": "<p>" + subject + "</p>",
				"raised_by": raised_by,
			}
		)
		doc.update(values)
		return doc.insert(ignore_permissions=True).name

	return {
		"agent": agents["en"],
		"agent_zh": agents["zh"],
		"alice_zh": alice_zh,
		"time_zone": frappe.utils.get_system_timezone(),
		"process_ticket": ticket("The invoice export crashed", alice["email"]),
		"phone_ticket": ticket("Totals are rounded wrongly", alice["email"]),
		"training_ticket": ticket("Please train our new accountants", alice["email"], ticket_type="Training"),
		"plain_ticket": ticket(
			"A question from someone without a contract", f"stranger.{suffix}@example.com"
		),
	}


def _agent(email: str, password: str, language: str) -> str:
	"""An agent of Helpdesk (its Agent role and an HD Agent record) who is also a Service Engineer."""
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Agent " + language.upper(),
			"language": language,
			"send_welcome_email": 0,
			"roles": [{"role": "Agent"}, {"role": "Service Engineer"}],
		}
	).insert(ignore_permissions=True)
	update_password(email, password)
	frappe.get_doc(
		{"doctype": "HD Agent", "user": user.name, "agent_name": user.full_name, "is_active": 1}
	).insert(ignore_permissions=True)
	return user.name


def _portal_user(
	email: str, password: str, customer: str, first_name: str, language: str = "en", manager: bool = False
) -> str:
	"""A customer's contact who can log in to the portal, made as the running Helpdesk makes one; returns
	the Contact."""
	contact = helpdesk.make_portal_user(email, (customer,), first_name, manager, language=language)
	update_password(email, password)
	return contact


def _customer_with_a_request(key: str, suffix: str, password: str, product: str) -> dict:
	"""A customer, its portal contact (with a password) and contract, and a request with a proposed solution."""
	customer = _insert({"doctype": "HD Customer", "customer_name": f"Browser {key} {suffix}"})
	email = f"browser.{key}.{suffix}@example.com"
	contact = _portal_user(email, password, customer, key.title())
	contract = frappe.get_doc(
		{
			"doctype": "Service Contract",
			"customer": customer,
			"product": product,
			"sla_policy": "Standard After-Sales Agreement",
			"contract_start": add_days(today(), -20),
			"contract_end": add_days(today(), 700),
			"contacts": [{"contact": contact, "is_primary": 1}],
		}
	).insert()
	contract.submit()
	ticket = frappe.get_doc(
		{
			"doctype": "HD Ticket",
			"subject": f"{key.title()}'s report totals are wrong",
			"description": "<p>Totals differ from the ledger.</p>",
			"raised_by": email,
		}
	).insert(ignore_permissions=True)
	ticket.reload()
	ticket.solution_proposed_on = now_datetime()
	ticket.proposed_solution = "Rebuild the report cache"
	ticket.save(ignore_permissions=True)
	return {"email": email, "customer": customer, "contract": contract.name, "ticket": ticket.name}


def _security_release(product: str) -> str:
	release = frappe.get_doc(
		{
			"doctype": "Update Release",
			"product": product,
			"version": "1.0",
			"release_type": "Security",
			"release_notes": "<p>Fixes a crash.</p>",
			"download_link": "https://downloads.example.com/browser.zip",
		}
	).insert()
	release.publish()
	return release.name


def _completed_session(suffix: str, attendee: dict, trainer: str) -> str:
	session = frappe.get_doc(
		{
			"doctype": "Training Session",
			"title": f"Browser training {suffix}",
			"trainer": trainer,
			"mode": "Online",
			"meeting_link": "https://meet.example.com/browser",
			"customer": attendee["customer"],
			"starts_on": add_to_date(now_datetime(), hours=-3),
			"ends_on": add_to_date(now_datetime(), hours=-2),
			"attendees": [{"email": attendee["email"]}],
		}
	).insert()
	session.status = "Completed"
	session.attendees[0].attended = 1
	session.save()
	return session.name


def _send_last_months_reports(out: dict) -> None:
	"""Last month's service report for each customer, sent as a PDF (AGR-27)."""
	from after_sales.agreement.monthly import previous_month
	from after_sales.monthly_report import delivery

	start, _end = previous_month(frappe.utils.getdate(today()))
	for key in ("alice", "bob"):
		report = delivery.prepare(out[key]["customer"], start)
		delivery.send(report)
		out[key]["report"] = report.name
		out[key]["report_pdf"] = report.sent_pdf


def _insert(values: dict) -> str:
	return frappe.get_doc(values).insert(ignore_permissions=True).name
