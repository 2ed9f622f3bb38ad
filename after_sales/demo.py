# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""A believable data set to see the app working: `bench --site <site> execute after_sales.demo.create`.

Customers with contacts, contracts in and after their free year (and one expired), three months of
tickets of every urgency with realistic response times (some breached), follow-ups, releases with
partial reach and trainings with ratings. Idempotent: a second run changes nothing. It refuses to run
on a site without developer_mode unless called with force=True.
"""

import random
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import add_days, add_months, get_datetime, get_first_day, getdate, now_datetime, today

from after_sales.agreement.targets import verdict
from after_sales.install import DEFAULT_POLICY

MARKER = "Demo Product"
CUSTOMERS = (
	("Shanghai Precision Machinery", "wang.lei@demo.example.com", "Wang Lei", -200),  # in its free year
	("Hangzhou Textile Group", "chen.jing@demo.example.com", "Chen Jing", -500),  # paid period
	("Suzhou Logistics", "li.na@demo.example.com", "Li Na", -900),  # expired, not renewed
)
SUBJECTS = {
	"Urgent fault": (
		"ERP 系统崩溃, users cannot log in",
		"Data loss after the night batch",
		"Server crashed during month-end",
	),
	"General fault": (
		"Report totals do not match the ledger",
		"Export to Excel is slow",
		"Printing invoices fails",
	),
	"Consultation": (
		"How do we add a new warehouse?",
		"Question about user roles",
		"How to configure approvals?",
	),
}
TYPES = {"Urgent fault": "Fault", "General fault": "Fault", "Consultation": "Consultation"}
TRAINER = "trainer@demo.example.com"
ENGINEER = "engineer@demo.example.com"


def create(force: bool = False) -> None:
	if not (frappe.conf.developer_mode or force):
		frappe.throw(
			_(
				"The demo writes sample customers and tickets: run it on a developer_mode site, or pass force=True."
			)
		)
	if frappe.db.exists("Software Product", MARKER):
		print("The demo data set is already there.")
		return
	frappe.set_user("Administrator")
	rng = random.Random(2026)
	team = _product_and_service_centre()
	contracts = [
		(_customer_contract(name, email, person, start_offset, team), email)
		for name, email, person, start_offset in CUSTOMERS
	]
	_staff_users()
	_tickets(rng, contracts)
	_releases()
	_trainings(rng, [email for _c, email in contracts])
	_monthly_reports(contracts)
	logins = _portal_logins([email for _c, email in contracts[:2]])
	frappe.db.commit()
	print("Demo data created: see the After Sales workspace, the reports, and /my-service as a contact.")
	for email, password in logins:
		print(f"  portal login: {email} / {password}")


def _product_and_service_centre() -> str:
	"""The demo's product (its marker) and the service centre (HD Team) its contracts name."""
	frappe.get_doc(
		{"doctype": "Software Product", "product_name": MARKER, "description": "ERP suite"}
	).insert()
	team = "East China Service Centre"
	if not frappe.db.exists("HD Team", team):
		frappe.get_doc({"doctype": "HD Team", "team_name": team}).insert(ignore_permissions=True)
	return team


def _customer_contract(name: str, email: str, person: str, start_offset: int, team: str):
	"""A customer with one contact and a submitted two-year contract that started `start_offset` days
	from today (the oldest one ended early, not renewed)."""
	if not frappe.db.exists("HD Customer", name):
		frappe.get_doc({"doctype": "HD Customer", "customer_name": name}).insert(ignore_permissions=True)
	start = add_days(today(), start_offset)
	contract = frappe.get_doc(
		{
			"doctype": "Service Contract",
			"customer": name,
			"product": MARKER,
			"sla_policy": DEFAULT_POLICY,
			"contract_start": start,
			"contract_end": add_days(add_months(start, 24), -1)
			if start_offset > -800
			else add_days(add_months(start, 24), -100),
			"service_centre": team,
			"onsite_visits_included": 4,
			"contacts": [{"contact": _contact(name, email, person), "is_primary": 1}],
		}
	).insert()
	contract.submit()
	return contract


def _contact(customer: str, email: str, person: str) -> str:
	"""The contact with `email`, made for `customer` if there is none yet."""
	first, last = person.split(" ", 1)
	return (
		frappe.db.get_value("Contact", {"email_id": email})
		or frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": first,
				"last_name": last,
				"email_ids": [{"email_id": email, "is_primary": 1}],
				"links": [{"link_doctype": "HD Customer", "link_name": customer}],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def _staff_users() -> None:
	"""The demo's trainer and on-site engineer, as Service Engineers and Helpdesk agents."""
	for email, first_name in ((TRAINER, "Demo Trainer"), (ENGINEER, "Demo Engineer")):
		if not frappe.db.exists("User", email):
			user = frappe.get_doc(
				{"doctype": "User", "email": email, "first_name": first_name, "send_welcome_email": 0}
			).insert(ignore_permissions=True)
			user.add_roles("Service Engineer", "Agent")


def _portal_logins(emails) -> list[tuple[str, str]]:
	"""A website user for each contact, with a fresh random password, so the portal can be seen at once."""
	from frappe.utils.password import update_password

	logins = []
	for email in emails:
		if not frappe.db.exists("User", email):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": email.split("@")[0].split(".")[0].title(),
					"user_type": "Website User",
					"send_welcome_email": 0,
				}
			).insert(ignore_permissions=True)
		contact = frappe.db.get_value("Contact", {"email_id": email})
		frappe.db.set_value("Contact", contact, "user", email)
		password = frappe.generate_hash(length=12)
		update_password(email, password)
		logins.append((email, password))
	return logins


def _tickets(rng, contracts) -> None:
	"""Three months of requests with realistic, sometimes late, responses (stamped as if they happened)."""
	now = now_datetime()
	for day in range(90, 0, -3):
		for contract, email in contracts[:2]:
			ticket, opened = _handled_ticket(rng, email, now - timedelta(days=day))
			if day <= 30 and rng.random() < 0.3:
				_follow_up(ticket, contract.customer, email, opened)
	_open_tickets(contracts)


def _handled_ticket(rng, email: str, day):
	"""A request of a random urgency opened on `day`, stamped as acknowledged, answered, resolved and
	closed with feedback; returns the ticket and when it opened."""
	urgency = rng.choice(("Urgent fault", "General fault", "General fault", "Consultation"))
	ticket = frappe.get_doc(
		{
			"doctype": "HD Ticket",
			"subject": rng.choice(SUBJECTS[urgency]),
			"description": "<p>Reported by the customer.</p>",
			"raised_by": email,
			"ticket_type": TYPES[urgency],
		}
	)
	ticket.insert(ignore_permissions=True)
	opened = get_datetime(day - timedelta(hours=rng.randint(0, 20)))
	frappe.db.set_value(
		"HD Ticket", ticket.name, _handled_stamps(rng, urgency, opened, email), update_modified=False
	)
	return ticket, opened


def _handled_stamps(rng, urgency: str, opened, email: str) -> dict:
	"""The stamps of a request handled as if it happened: each target met or breached at random."""
	respond = {"Urgent fault": 1800, "General fault": 3600, "Consultation": 86400}[urgency]
	acknowledged = rng.randint(60, 1200)
	responded = int(respond * rng.uniform(0.3, 1.3))
	resolved = responded + rng.randint(1800, 4 * 3600 if urgency != "Consultation" else 20 * 3600)
	resolve_within = 14400 if urgency != "Consultation" else 86400
	onsite = urgency != "Consultation" and rng.random() < 0.15  # AGR-16: some faults need a visit
	return {
		"urgency": urgency,
		"opening_date": opened.date(),
		"service_level_agreement_creation": opened,
		"acknowledge_by": opened + timedelta(minutes=15),
		"acknowledged_on": opened + timedelta(seconds=acknowledged),
		"acknowledge_status": verdict(acknowledged, 900),
		"acknowledge_duration": acknowledged,
		"response_by": opened + timedelta(seconds=respond),
		"first_responded_on": opened + timedelta(seconds=responded),
		"response_status": verdict(responded, respond),
		"response_duration": responded,
		"resolution_by": opened + timedelta(seconds=resolve_within),
		"resolution_date": opened + timedelta(seconds=resolved),
		"resolution_status": verdict(resolved, resolve_within),
		"resolution_duration": resolved,
		"status": "Closed",
		"status_category": "Resolved",
		"service_step": "Closed with feedback",
		"feedback_closed_on": opened + timedelta(seconds=resolved),
		"diagnosed_on": opened + timedelta(seconds=responded),
		"diagnosis_mode": "On-site" if onsite else "Remote",
		"visit_date": opened + timedelta(hours=3) if onsite else None,
		"visit_engineer": ENGINEER if onsite else None,
		"solution_proposed_on": opened + timedelta(seconds=responded + 600),
		"solution_confirmed_on": opened + timedelta(seconds=responded + 900),
		"solution_confirmed_by": email,
		"verified_on": opened + timedelta(seconds=resolved),
		"verification_note": "Checked with the customer: solved.",
		"next_check_at": None,
		"feedback_rating": rng.choice((1, 1, 1, 1, 0.8, 0.8, 0.6)),
	}


def _follow_up(ticket, customer: str, email: str, opened) -> None:
	"""The 30-day follow-up of a handled request (AGR-20)."""
	frappe.get_doc(
		{
			"doctype": "Service Follow-up",
			"ticket": ticket.name,
			"customer": customer,
			"subject": ticket.subject,
			"contact_email": email,
			"due_on": add_days(opened.date(), 30),
			"round_days": 30,
			"follow_up_key": f"{ticket.name}|30",
		}
	).insert(ignore_permissions=True)


def _open_tickets(contracts) -> None:
	"""Two requests still open today, one of them about to breach."""
	for _contract, email in contracts[:2]:
		frappe.get_doc(
			{
				"doctype": "HD Ticket",
				"subject": "Server crashed during month-end",
				"raised_by": email,
				"description": "<p>系统崩溃</p>",
				"ticket_type": "Fault",
			}
		).insert(ignore_permissions=True)


def _releases() -> None:
	for version, kind, installed in (("3.9", "Feature", 2), ("3.10", "Security", 1)):
		release = frappe.get_doc(
			{
				"doctype": "Update Release",
				"product": MARKER,
				"version": version,
				"release_type": kind,
				"release_notes": f"<p>{kind} release {version}.</p>",
				"download_link": f"https://downloads.example.com/erp-{version}.zip",
			}
		).insert()
		release.publish()
		release.reload()
		for row in release.deliveries[:installed]:
			row.status = "Installed"
		release.save()


def _trainings(rng, emails) -> None:
	# an online course for both paying customers in last month, rated by its attendees (AGR-8)
	last_month = getdate(add_days(get_first_day(today()), -10))
	course = frappe.get_doc(
		{
			"doctype": "Training Session",
			"title": "Reports and dashboards (online)",
			"trainer": TRAINER,
			"mode": "Online",
			"meeting_link": "https://meet.example.com/erp-reports",
			"starts_on": get_datetime(f"{last_month} 14:00:00"),
			"ends_on": get_datetime(f"{last_month} 16:00:00"),
			"attendees": [{"email": email} for email in emails[:2]],
		}
	).insert()
	course.status = "Completed"
	for row in course.attendees:
		row.attended = 1
		row.rating = rng.choice((4, 5))
	course.save()
	past = getdate(add_days(today(), -14))
	session = frappe.get_doc(
		{
			"doctype": "Training Session",
			"title": "Month-end closing workshop",
			"trainer": TRAINER,
			"mode": "On-site",
			"location": "Shanghai service centre, room 2",
			"customer": CUSTOMERS[0][0],
			"starts_on": get_datetime(f"{past} 09:00:00"),
			"ends_on": get_datetime(f"{past} 12:00:00"),
			"attendees": [{"email": emails[0]}],
		}
	).insert()
	session.status = "Completed"
	session.attendees[0].attended = 1
	session.attendees[0].rating = 5
	session.attendees[0].comment = "Very practical"
	session.save()
	frappe.get_doc(
		{
			"doctype": "Training Session",
			"title": "Open webinar: what is new in 3.10",
			"trainer": TRAINER,
			"mode": "Online",
			"meeting_link": "https://meet.example.com/erp-310",
			"starts_on": get_datetime(f"{add_days(today(), 7)} 15:00:00"),
			"ends_on": get_datetime(f"{add_days(today(), 7)} 16:00:00"),
			"capacity": 50,
		}
	).insert()


def _monthly_reports(contracts) -> None:
	"""Last month's service report for each customer with an active contract, as drafts to look at."""
	from after_sales.agreement.monthly import previous_month
	from after_sales.monthly_report import delivery

	start, _end = previous_month(getdate(today()))
	for contract, _email in contracts:
		delivery.prepare(contract.customer, start)
