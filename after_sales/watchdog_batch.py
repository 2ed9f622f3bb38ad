# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""One batch of due tickets in bulk statements (issue 14): the watchdog's rules, many tickets at a time.

`handle(names, now)` runs, whatever the batch's size, a constant number of statements per kind of write:
1. one read of the tickets' fields the rules need, one of their fired alert keys, one of the teams'
   members (`_load`);
2. per ticket, in Python, the events due now and who is told what (`watchdog_ticket.ticket_events`,
   `due_now`, `recipients_and_message`): a ticket that fails here is logged and backed off, the
   others go on (`back_off`: retried after 1, 2, 4... min, so it is not first in every batch);
3. the alert log rows inserted in one INSERT IGNORE under their unique `alert_key`, then the rows this
   run inserted read back by their names (`_claim`). A second run at the same moment waits on the first
   one's uncommitted keys and inserts none of them: it sends nothing for them. Exactly once holds per
   ticket, target, kind and deadline, as with one ticket at a time;
4. what the claimed alerts send, in bulk (`alert_delivery.deliver`), and one UPDATE of the next checks.
A failure in the bulk writes rolls the batch back and handles its tickets one at a time
(`watchdog_ticket.watch_one`), which isolates the bad one. A ticket whose terms failed, or a policy that raises
the priority at a breach (a ticket save), takes the one-ticket path for that step.
In a worker each batch is committed on its own (a short transaction: a concurrent run waits briefly).
"""

import frappe
from frappe.query_builder import Case
from frappe.utils import get_datetime

from after_sales import alert_delivery, jobs, robot_delivery, watchdog_ticket
from after_sales.agreement.targets import TARGETS, by_label, by_name
from after_sales.agreement.watch import due_now, next_check
from after_sales.integrations import helpdesk

_FIELDS = (
	"name",
	"status",
	"urgency",
	"priority",
	"sla_policy",
	"terms_error",
	"service_level_agreement_creation",
	"on_hold_since",
	"_assign",
	"agent_group",
	"watch_failures",
	*sorted({f for t in TARGETS for f in (t.event_field, t.due_field)}),
)


class Plan:
	"""What one batch does: alert rows to claim, then per claimed row what it sends."""

	def __init__(self):
		self.alerts: list[dict] = []  # alert log rows, with "_event" and "_ticket" for delivery
		self.next_checks: dict[str, object] = {}  # ticket -> next check (None: nothing left)
		self.one_by_one: list[str] = []  # tickets for the one-ticket path (terms failed)
		self.failed: list[str] = []


def handle(names: list[str], now, mail_queue: str | None = None) -> None:
	"""Handle one batch of due tickets in bulk; see the module's docstring. Its e-mail jobs go to `mail_queue`."""
	commit = jobs.in_worker()
	save_point = f"after_sales_watch_{frappe.generate_hash(length=8)}"
	frappe.db.savepoint(save_point)
	try:
		plan = _plan(names, now)
		claimed = _claim(plan.alerts)
		alert_delivery.deliver(claimed, now)
		robots_queued = robot_delivery.record(claimed, now)
		_raise_priorities(claimed)
		_set_next_checks(plan)
	except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
		# a concurrent run holds the same keys: the transaction is gone; the next minute's run retries
		if commit:
			frappe.db.rollback()
			return
		raise
	except Exception:
		frappe.db.rollback(save_point=save_point)
		frappe.log_error(title="After Sales watchdog: a batch fell back to one ticket at a time")
		for name in names:
			watchdog_ticket.watch_one(name, now)
		return
	frappe.db.release_savepoint(save_point)
	for name in plan.one_by_one:
		watchdog_ticket.watch_one(name, now)
	if plan.failed:
		watchdog_ticket.back_off(plan.failed, now)
	if commit:
		frappe.db.commit()
	# e-mails are composed by RQ jobs once the batch is committed (about 20 ms each: not in the run)
	alert_delivery.queue_mail(
		[row["name"] for row in claimed if row["email_pending"]], after_commit=not commit, queue=mail_queue
	)
	if robots_queued:  # the group robots' messages, by an RQ job once the batch is committed
		robot_delivery.queue_sending(after_commit=not commit)


def _load(names: list[str]) -> tuple[list, dict[str, set], dict[str, set]]:
	ticket = frappe.qb.DocType("HD Ticket")
	rows = (
		frappe.qb.from_(ticket)
		.select(*(ticket[f] for f in _FIELDS))
		.where(ticket.name.isin(names))
		.run(as_dict=True)
	)
	log = frappe.qb.DocType("SLA Alert Log")
	fired: dict[str, set] = {name: set() for name in names}
	kinds = {label: kind for kind, label in watchdog_ticket.KIND_LABELS.items()}
	for row in (
		frappe.qb.from_(log)
		.select(log.ticket, log.target, log.kind, log.due)
		.where(log.ticket.isin(names))
		.run(as_dict=True)
	):
		fired[row.ticket].add((by_label(row.target).name, kinds[row.kind], get_datetime(row.due)))
	return rows, fired, _team_members({row.agent_group for row in rows if row.agent_group})


def _team_members(teams: set[str]) -> dict[str, set]:
	members: dict[str, set] = {team: set() for team in teams}
	if teams:
		for row in frappe.get_all(
			"HD Team Member",
			filters={"parenttype": "HD Team", "parent": ("in", list(teams))},
			fields=["parent", "user"],
		):
			members[row.parent].add(row.user)
	return members


def _plan(names: list[str], now) -> Plan:
	plan = Plan()
	rows, fired, members = _load(names)

	def team_users(team):
		if team and team not in members:
			members[team] = helpdesk.team_users(team)  # a policy's escalation team, read once
		return members.get(team, set()) if team else set()

	for row in rows:
		try:
			_plan_ticket(plan, row, fired[row.name], now, team_users)
		except Exception:
			frappe.log_error(
				title=f"After Sales watchdog: ticket {row.name}",
				reference_doctype="HD Ticket",
				reference_name=row.name,
			)
			plan.failed.append(row.name)
	return plan


def _plan_ticket(plan: Plan, row, fired: set, now, team_users) -> None:
	from frappe import _

	if row.terms_error:
		plan.one_by_one.append(row.name)
		return
	if not row.sla_policy:
		plan.next_checks[row.name] = None
		return
	policy = frappe.get_cached_doc("SLA Policy", row.sla_policy)
	events = watchdog_ticket.ticket_events(row, policy)
	fire, skip = due_now(events, fired, now)
	for event in skip:
		plan.alerts.append(
			_row(row, event, now, "Skipped", [], _("Passed while the watchdog was not running"), policy)
		)
	for event in fire:
		recipients, message = watchdog_ticket.recipients_and_message(row, policy, event, now, team_users)
		digest = bool(recipients) and alert_delivery.in_digest(policy, event.kind)
		status = watchdog_ticket.alert_status(recipients, digest)
		plan.alerts.append(_row(row, event, now, status, recipients, message, policy))
	fired |= {event.key for event in fire + skip}  # fired now, or by another run at the same moment
	plan.next_checks[row.name] = next_check(events, fired)


def _row(ticket, event, now, status, recipients, message, policy) -> dict:
	return {
		"name": frappe.generate_hash(length=10),
		"ticket": ticket.name,
		"target": by_name(event.target).label,
		"kind": watchdog_ticket.KIND_LABELS[event.kind],
		"status": status,
		"due": event.due,
		"fired_on": now,
		"alert_key": watchdog_ticket.alert_key(ticket.name, event),
		"recipients": ", ".join(recipients),
		"message": message,
		"email_pending": int(status == "Sent" and bool(recipients)),
		"_users": recipients,
		"_event": event,
		"_raise": event.kind == "breach" and bool(policy.raise_priority_on_breach),
	}


_LOG_FIELDS = (
	"name",
	"ticket",
	"target",
	"kind",
	"status",
	"due",
	"fired_on",
	"alert_key",
	"recipients",
	"message",
	"email_pending",
)


def _claim(alerts: list[dict]) -> list[dict]:
	"""Insert the alert log rows (those whose key exists are ignored); the rows this run inserted."""
	if not alerts:
		return []
	alerts = sorted(alerts, key=lambda row: row["alert_key"])  # one lock order for concurrent runs
	if not alert_delivery.can_email():
		for row in alerts:
			row["email_pending"] = 0
	user, now = frappe.session.user, alerts[0]["fired_on"]
	frappe.db.bulk_insert(
		"SLA Alert Log",
		[*_LOG_FIELDS, "creation", "modified", "owner", "modified_by", "docstatus"],
		[(*(row[f] for f in _LOG_FIELDS), now, now, user, user, 0) for row in alerts],
		ignore_duplicates=True,
		chunk_size=1000,
	)
	log = frappe.qb.DocType("SLA Alert Log")
	ours = set(
		frappe.qb.from_(log)
		.select(log.name)
		.where(log.name.isin([row["name"] for row in alerts]))
		.run(pluck=True)
	)
	return [row for row in alerts if row["name"] in ours]


def _raise_priorities(claimed: list[dict]) -> None:
	"""A policy that raises the priority at a breach: one ticket save each (Helpdesk's rules run)."""
	for name in sorted({row["ticket"] for row in claimed if row["_raise"]}):
		watchdog_ticket.raise_priority(frappe.get_doc("HD Ticket", name))


def _set_next_checks(plan: Plan) -> None:
	if not plan.next_checks:
		return
	ticket = frappe.qb.DocType("HD Ticket")
	by_value: dict[object, list[str]] = {}
	for name, at in plan.next_checks.items():
		by_value.setdefault(at, []).append(name)
	next_at = Case()
	for at, names in by_value.items():
		next_at = next_at.when(ticket.name.isin(names), at)
	(
		frappe.qb.update(ticket)
		.set(ticket.next_check_at, next_at)
		.set(ticket.watch_failures, 0)
		.where(ticket.name.isin(list(plan.next_checks)))
		.run()
	)
