# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""A believable data set to see the app working: `bench --site <site> execute after_sales.demo.create`.

Customers with contacts, contracts in and after their free year (and one expired), three months of
tickets of every urgency handled through the service process with realistic response times (some
breached), open tickets waiting at each step of that process and a training request, follow-ups, releases
with partial reach and trainings with ratings. Every ticket opens at the moment its opening date and time
say, and everything on it happens at or after that, in the order of the process. Idempotent: a second run changes nothing. It refuses to run
on a site without developer_mode unless called with force=True.
"""

import random
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import add_days, add_months, get_datetime, get_first_day, getdate, now_datetime, today

from after_sales.agreement.targets import RESPONSE, TARGETS
from after_sales.install import DEFAULT_POLICY
from after_sales.integrations import helpdesk
from after_sales.ticket_fields import SERVICE_STEPS

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
	_staff_users()
	team = _product_and_service_centre()
	contracts = [
		(_customer_contract(name, email, person, start_offset, team), email)
		for name, email, person, start_offset in CUSTOMERS
	]
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
	return helpdesk.make_team("East China Service Centre", [ENGINEER])


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
	return helpdesk.ensure_contact(email, (customer,), first, last)


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
		contact = frappe.db.get_value("Contact", {"email_id": email})
		customers = helpdesk.customers_of_contacts([contact])
		helpdesk.make_portal_user(email, customers, email.split("@")[0].split(".")[0].title())
		password = frappe.generate_hash(length=12)
		update_password(email, password)
		logins.append((email, password))
	return logins


def _tickets(rng, contracts) -> None:
	"""Three months of requests handled as if they happened, with realistic, sometimes late, responses;
	then the requests still open today, one at each step of the process."""
	now = now_datetime()
	for day in range(90, 0, -3):
		for contract, email in contracts[:2]:
			ticket, opened = _handled_ticket(rng, contract.customer, email, now - timedelta(days=day))
			if day <= 30 and rng.random() < 0.3:
				_follow_up(ticket, contract.customer, email, opened)
	_open_tickets(contracts)


def _opened_ticket(email: str, opened, urgency: str, ticket_type: str, subject: str, description: str):
	"""A request filed by an agent (the demo runs as Administrator) that opened at `opened`.

	The opening moment is given to the new ticket as Helpdesk's own fields, so the app finds the contract of
	that day, takes the urgency's targets and computes the deadlines from it; `creation` and the customer's
	report (the ticket's first Communication) are then dated to the same moment."""
	ticket = frappe.get_doc(
		{
			"doctype": "HD Ticket",
			"subject": subject,
			"description": description,
			"raised_by": email,
			"ticket_type": ticket_type,
			"urgency": urgency,
			"opening_date": opened.date(),
			"opening_time": opened.time(),
			"service_level_agreement_creation": opened,
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("HD Ticket", ticket.name, "creation", opened, update_modified=False)
	frappe.db.set_value(
		"Communication",
		{"reference_doctype": "HD Ticket", "reference_name": ticket.name, "sent_or_received": "Received"},
		{"creation": opened, "communication_date": opened},
		update_modified=False,
	)
	return ticket


def _handled_ticket(rng, customer: str, email: str, day):
	"""A request of a random urgency opened on `day`, taken through every step of the process and closed
	with feedback (AGR-14..19); returns the ticket and when it opened."""
	urgency = rng.choice(("Urgent fault", "General fault", "General fault", "Consultation"))
	opened = _whole_seconds(day - timedelta(hours=rng.randint(0, 20)))
	ticket = _opened_ticket(
		email,
		opened,
		urgency,
		TYPES[urgency],
		rng.choice(SUBJECTS[urgency]),
		"<p>Reported by the customer.</p>",
	)
	_record_history(ticket, _handled_stamps(rng, ticket, opened, customer, email))
	return ticket, opened


def _handled_stamps(rng, ticket, opened, customer: str, email: str) -> dict:
	"""The stamps of a request handled as if it happened, each step at or after the one before (AGR-15..19),
	timed against the ticket's own targets: each one met or breached at random."""
	respond = float(ticket.get(RESPONSE.within_field) or 3600)
	responded = int(respond * rng.uniform(0.3, 1.3))
	acknowledged = min(rng.randint(60, 1200), responded)  # a first response also confirms the receipt
	resolved = responded + rng.randint(1800, 4 * 3600 if ticket.urgency != "Consultation" else 20 * 3600)
	diagnosed, proposed, confirmed = sorted(
		responded + rng.randint(0, resolved - responded) for _ in range(3)
	)
	onsite = ticket.urgency != "Consultation" and rng.random() < 0.15  # AGR-16: some faults need a visit
	at = {
		"acknowledged_on": acknowledged,
		"first_responded_on": responded,
		"diagnosed_on": diagnosed,
		"solution_proposed_on": proposed,
		"solution_confirmed_on": confirmed,
		"verified_on": resolved,
		"resolution_date": resolved,
	}
	return {
		**{field: opened + timedelta(seconds=seconds) for field, seconds in at.items()},
		"diagnosis_mode": "On-site" if onsite else "Remote",
		# on site, the engineer carries the solution out between the customer's go-ahead and the check
		"visit_date": opened + timedelta(seconds=(confirmed + resolved) // 2) if onsite else None,
		"visit_engineer": ENGINEER if onsite else None,
		"visit_address": f"{customer}, server room" if onsite else None,
		"proposed_solution": "Apply the fix described in the diagnosis and check it with the customer.",
		"solution_confirmed_by": email,
		"verification_note": "Checked with the customer: solved.",
		"status": "Closed",
		"status_category": "Resolved",
		"last_customer_response": opened,
		"feedback_rating": rng.choice((1, 1, 1, 1, 0.8, 0.8, 0.6)),
	}


def _record_history(ticket, stamps: dict) -> None:
	"""Write what happened on the ticket, then save it once so that the app derives the rest from the stamps
	as it does on every save: each target's verdict and working time, the service step, the feedback stamp,
	Helpdesk's agreement status and the watchdog's next check. Closing it was the ticket's last change."""
	derived = {field: None for target in TARGETS for field in (target.status_field, target.duration_field)}
	frappe.db.set_value(
		"HD Ticket",
		ticket.name,
		{**stamps, **derived, "service_step": None, "feedback_closed_on": None},
		update_modified=False,
	)
	frappe.get_doc("HD Ticket", ticket.name).save(ignore_permissions=True)
	frappe.db.set_value(
		"HD Ticket", ticket.name, "modified", stamps["resolution_date"], update_modified=False
	)


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


# The requests still open today, one at each step of the process (AGR-15..18), as the furthest step reached:
# (step, diagnosed on site, customer, urgency, subject)
OPEN_REQUESTS = (
	("Acknowledged", False, 0, "Urgent fault", "Server crashed during month-end"),
	("Diagnosed", False, 1, "General fault", "Export to Excel is slow"),
	("Diagnosed", True, 0, "Urgent fault", "Data loss after the night batch"),
	("Solution proposed", False, 1, "General fault", "Report totals do not match the ledger"),
	("Solution confirmed", False, 0, "General fault", "Printing invoices fails"),
	("Executed and verified", False, 1, "Urgent fault", "ERP 系统崩溃, users cannot log in"),
)
# What the agent proposes, and how the fix was checked, on the requests that got that far (AGR-17, AGR-18)
SOLUTIONS = {
	"Report totals do not match the ledger": "Re-post last month's journal entries and rebuild the report cache.",
	"Printing invoices fails": "Reinstall the invoice print template and the print server's printer driver.",
	"ERP 系统崩溃, users cannot log in": "Restart the application server with more memory; clear the sessions.",
}
VERIFIED = "Users log in again after the restart; checked with the customer in a remote session."
TRAINING_REQUEST = (
	"Training for our new accountants",
	"<p>Two new accountants start next month: please train them on month-end closing.</p>",
)


def _open_tickets(contracts) -> None:
	"""Requests opened as the demo runs and taken to their step through the agent's own actions (the same
	server methods the ticket's buttons call), so each one holds what the app records at that step; and a
	training request, acknowledged, for "Schedule Training" to act on (AGR-8)."""
	for step, onsite, index, urgency, subject in OPEN_REQUESTS:
		contract, email = contracts[index]
		ticket = _opened_ticket(
			email,
			_whole_seconds(now_datetime()),
			urgency,
			TYPES[urgency],
			subject,
			"<p>Reported by phone.</p>",
		)
		_take_to_step(ticket, SERVICE_STEPS.index(step), contract.customer, email, onsite)
	_contract, email = contracts[0]
	_opened_ticket(email, _whole_seconds(now_datetime()), "Consultation", "Training", *TRAINING_REQUEST)


def _take_to_step(ticket, step: int, customer: str, email: str, onsite: bool) -> None:
	"""Filing the request as an agent confirms its receipt (AGR-15); each later step is the agent's action."""
	from after_sales.api import ticket as actions

	name = ticket.name
	if step >= SERVICE_STEPS.index("Diagnosed"):
		_agent_replied(ticket, "<p>We are on it: an engineer is looking at your system now.</p>")
		if onsite:  # AGR-16: a visit needs its date, engineer and address
			# the engineer can be there within two hours, inside the 4-hour resolution target (AGR-10)
			visit = str((now_datetime() + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0))
			actions.record_diagnosis(name, "On-site", visit, ENGINEER, f"{customer}, server room")
		else:
			actions.record_diagnosis(name, "Remote")
	if step >= SERVICE_STEPS.index("Solution proposed"):  # AGR-17
		actions.propose_solution(name, SOLUTIONS[ticket.subject])
	if step >= SERVICE_STEPS.index("Solution confirmed"):
		actions.confirm_solution(name, email)
	if step >= SERVICE_STEPS.index("Executed and verified"):  # AGR-18
		actions.record_verification(name, VERIFIED)


def _agent_replied(ticket, message: str) -> None:
	"""The agent's first response, by phone: a sent Communication, from which Helpdesk stamps the response."""
	frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Phone",
			"sent_or_received": "Sent",
			"reference_doctype": "HD Ticket",
			"reference_name": ticket.name,
			"sender": frappe.session.user,
			"recipients": ticket.raised_by,
			"subject": f"Re: {ticket.subject}",
			"content": message,
		}
	).insert(ignore_permissions=True)


def _whole_seconds(moment):
	"""Tickets open on a whole second: the one moment written to the opening date and time, `creation` and the
	SLA's start reads back the same from each, and as Desk shows it."""
	return get_datetime(moment).replace(microsecond=0)


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
