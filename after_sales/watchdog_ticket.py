# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""One ticket under the watchdog's rules (AGR-15, AGR-21..24): the rules both paths share, and the one-ticket path.

- The rules: a ticket's alert events (`ticket_events`), the alerts it has had (`fired_keys`), an alert's
  unique key (`alert_key`) and log status (`alert_status`), who is told what (`recipients_and_message`),
  the priority raised at a breach (`raise_priority`) and the back-off of a ticket that failed (`back_off`).
- The one-ticket path (`watch_one`, `watch_ticket`): a ticket whose terms failed, a batch whose bulk write
  failed (to find the bad ticket), and the benchmark's baseline.

`watchdog_batch` (a batch in bulk) and `watchdog` (the run) build on this module; it imports neither.
"""

from datetime import timedelta

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.utils import get_datetime, now_datetime

from after_sales import alert_delivery, jobs, mail, notices, robot_delivery, service_terms
from after_sales.agreement.targets import TARGETS, by_label, by_name
from after_sales.agreement.watch import (
	KIND_LABELS,
	Target,
	due_now,
	events_for,
	late_by,
	next_check,
	retry_after,
)
from after_sales.integrations import helpdesk


def ticket_events(doc, policy) -> list:
	"""Alert events of the ticket's open targets; none once it is resolved or closed."""
	if not doc.service_level_agreement_creation or helpdesk.status_category(doc.status) == "Resolved":
		return []
	row = policy.get_target(doc.urgency) if doc.urgency else None
	if not row:
		return []
	start = get_datetime(doc.service_level_agreement_creation)
	targets = []
	for target in TARGETS:
		if doc.get(target.event_field) or not doc.get(target.due_field):
			continue
		if target.paused_on_hold and doc.on_hold_since:
			continue  # paused: the resolution clock stands still
		due = get_datetime(doc.get(target.due_field))
		targets.append(Target(target.name, start, due, int(row.warn_at_percent or 80)))
	second = policy.second_escalation_after
	second_after = timedelta(seconds=float(second)) if second else None
	return events_for(targets, service_terms.policy_calendar(policy), second_after)


def fired_keys(ticket: str) -> set[tuple]:
	rows = frappe.get_all("SLA Alert Log", filters={"ticket": ticket}, fields=["target", "kind", "due"])
	kinds = {label: kind for kind, label in KIND_LABELS.items()}
	return {(by_label(r.target).name, kinds[r.kind], get_datetime(r.due)) for r in rows}


def watch_one(name: str, now) -> bool:
	"""One ticket under its own savepoint: a failure is rolled back, logged and retried with a back-off."""
	frappe.db.savepoint("after_sales_watch")
	try:
		watch_ticket(name, now)
	except Exception:
		frappe.db.rollback(save_point="after_sales_watch")
		frappe.log_error(
			title=f"After Sales watchdog: ticket {name}", reference_doctype="HD Ticket", reference_name=name
		)
		back_off([name], now)
		ok = False
	else:
		frappe.db.release_savepoint("after_sales_watch")
		ok = True
	if jobs.in_worker():
		frappe.db.commit()  # each ticket's alerts stand on their own
	return ok


def watch_ticket(name: str, now=None) -> None:
	now = get_datetime(now or now_datetime())
	if not frappe.db.exists("HD Ticket", name):
		return  # deleted between selection and handling
	doc = frappe.get_doc("HD Ticket", name)
	if doc.terms_error:
		# the agreement's terms failed on this ticket: try again (a failure schedules the next try)
		from after_sales.overrides.ticket_terms import retry_terms

		retry_terms(name)
		return
	if not doc.sla_policy:
		frappe.db.set_value("HD Ticket", name, "next_check_at", None, update_modified=False)
		return
	policy = frappe.get_cached_doc("SLA Policy", doc.sla_policy)
	events = ticket_events(doc, policy)
	fired = fired_keys(name)
	fire, skip = due_now(events, fired, now)
	for event in skip:
		if _log(doc, event, now, "Skipped", [], _("Passed while the watchdog was not running")):
			fired.add(event.key)
	raised = False
	for event in fire:
		recipients, message = recipients_and_message(doc, policy, event, now)
		digest = bool(recipients) and alert_delivery.in_digest(policy, event.kind)
		status = alert_status(recipients, digest)
		log = _log(doc, event, now, status, recipients, message)
		if not log:
			continue  # another run fired it
		fired.add(event.key)
		if not digest:
			_notify(doc, recipients, message, event, now)
			alert = {"name": log, "ticket": doc.name, "kind": KIND_LABELS[event.kind], "status": status}
			alert.update(target=by_name(event.target).label, due=event.due)
			if robot_delivery.record([alert], now):
				robot_delivery.queue_sending(after_commit=not jobs.in_worker())
		if event.kind == "breach":
			doc.add_comment("Info", message)
			raised = raised or bool(policy.raise_priority_on_breach)
	if raised:
		raise_priority(doc)
	doc.reload()
	frappe.db.set_value(
		"HD Ticket",
		name,
		{"next_check_at": next_check(ticket_events(doc, policy), fired), "watch_failures": 0},
		update_modified=False,
	)


def alert_status(recipients, digest: bool) -> str:
	if not recipients:
		return "No recipient"
	return alert_delivery.DIGEST_PENDING if digest else "Sent"


def alert_key(ticket: str, event) -> str:
	return f"{ticket}|{event.target}|{event.kind}|{event.due.isoformat()}"


def _log(doc, event, now, status, recipients, message) -> str | None:
	"""Insert the alert's log row and return its name; None when its key exists already (fired by another
	run)."""
	key = alert_key(doc.name, event)
	if frappe.db.exists("SLA Alert Log", {"alert_key": key}):
		return None
	try:
		log = frappe.get_doc(
			{
				"doctype": "SLA Alert Log",
				"ticket": doc.name,
				"target": by_name(event.target).label,
				"kind": KIND_LABELS[event.kind],
				"status": status,
				"due": event.due,
				"fired_on": now,
				"alert_key": key,
				"recipients": ", ".join(recipients),
				"message": message,
			}
		).insert(ignore_permissions=True)
	except frappe.DuplicateEntryError:
		return None
	return log.name


def recipients_and_message(doc, policy, event, now, team_users=None) -> tuple[list[str], str]:
	"""Who is told of the event and what: a warning to the ticket's people, an escalation to the policy's.
	`team_users(team)` (a batch passes its cache) defaults to reading the team's members."""
	team_users = team_users or helpdesk.team_users
	late = int(late_by(event, now).total_seconds() // 60)
	message = alert_delivery.alert_text(
		event.kind, doc.name, doc.urgency, by_name(event.target).label, event.due, late
	)
	if event.kind == "warning":
		users = _assigned_or_team(doc, team_users)
	elif event.kind == "breach":
		users = _escalation_users(doc, policy.escalation_user, policy.escalation_team, team_users)
	else:
		users = _escalation_users(doc, policy.second_escalation_user, None, team_users) or _escalation_users(
			doc, policy.escalation_user, policy.escalation_team, team_users
		)
	return sorted(users), message


def _assigned_or_team(doc, team_users=None) -> set[str]:
	assigned = set(frappe.parse_json(doc._assign or "[]") or [])
	return assigned or (team_users or helpdesk.team_users)(doc.agent_group)


def _escalation_users(doc, user, team, team_users=None) -> set[str]:
	team_users = team_users or helpdesk.team_users
	users = set()
	if user:
		users.add(user)
	users |= team_users(team)
	if not users:
		# no escalation target configured: warn the ticket's own people and say so in the log
		users = _assigned_or_team(doc, team_users)
	return users


def _notify(doc, users, message, event, now) -> None:
	"""In Desk, in Helpdesk's agent UI and by e-mail (the in-app alerts stand on a site without e-mail);
	the e-mail in each recipient's language."""
	notices.alert(users, "HD Ticket", doc.name, message)
	for user in users:
		helpdesk.notify_in_agent_ui(user, doc.name, message)
	if not users:
		return
	fallback = frappe.db.get_default("lang") or frappe.local.lang or "en"
	by_lang: dict[str, list[str]] = {}
	for person in frappe.get_all("User", filters={"name": ("in", users)}, fields=["email", "language"]):
		if person.email:
			by_lang.setdefault(person.language or fallback, []).append(person.email)
	late = int(late_by(event, now).total_seconds() // 60)
	for lang, emails in by_lang.items():
		text = alert_delivery.alert_text(
			event.kind, doc.name, doc.urgency, by_name(event.target).label, event.due, late, lang
		)
		mail.send(
			recipients=emails,
			subject=text,
			message=text,
			reference_doctype="HD Ticket",
			reference_name=doc.name,
		)


def raise_priority(doc) -> None:
	"""One step up Helpdesk's priorities; the urgency and deadlines stay."""
	higher = helpdesk.next_priority(doc.priority)
	if not higher:
		return
	doc.reload()
	doc.priority = higher
	doc.flags.after_sales_escalation = True
	doc.save(ignore_permissions=True)


def back_off(names: list[str], now) -> None:
	"""Tickets that failed: the next try after a back-off that doubles with each failure in a row."""
	ticket = frappe.qb.DocType("HD Ticket")
	rows = (
		frappe.qb.from_(ticket)
		.select(ticket.name, ticket.watch_failures)
		.where(ticket.name.isin(names))
		.run(as_dict=True)
	)
	failures = {row.name: int(row.watch_failures or 0) + 1 for row in rows}
	if not failures:
		return
	next_at, count = Case(), Case()
	for name, n in failures.items():
		next_at = next_at.when(ticket.name == name, now + retry_after(n))
		count = count.when(ticket.name == name, n)
	(
		frappe.qb.update(ticket)
		.set(ticket.next_check_at, next_at)
		.set(ticket.watch_failures, count)
		.where(ticket.name.isin(list(failures)))
		.run()
	)
