# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The watchdog: warnings before a breach, escalation at it, a second level after (AGR-15, AGR-21..24).

Each ticket carries `next_check_at` (indexed), kept up to date on every save; the job, every minute,
reads only tickets whose check is due. Each alert is logged once in SLA Alert Log under a unique key
(ticket, target, alert, deadline): a second run at the same moment fails to insert the same key and
sends nothing. A moved deadline has a new key and re-arms its alerts.

Many due at once (issue 14): the run handles its due tickets in batches of BATCH, each in bulk statements
(`watchdog_batch`: one read of the tickets, one of their fired keys, the alert log rows inserted together
under their unique key, notifications and comments inserted together, one update of the next checks), one
transaction per batch in a worker. A ticket that fails is retried with a back-off; the others go on. When
more is due than one run should take (RUN_AT_MOST), the run splits the due tickets into RQ jobs of BATCH
(`frappe.enqueue`), so that more workers handle them sooner: each ticket in one job (leased with SKIP LOCKED),
each job named by its tickets (`split_into_jobs`); should two jobs still hold one ticket (a ticket saved while
its job waits), the alert log's unique key keeps each alert once. E-mails of individual alerts are composed by
RQ jobs after the batch is committed (`alert_delivery`); warnings of a policy that digests them go out as
one digest per recipient per run. `watchdog_ticket` holds the rules both paths share and the one-ticket path
(`watch_ticket`): a ticket whose terms failed, a batch whose bulk write failed (to find the bad ticket), and
the benchmark's baseline. Imports go one way: watchdog -> watchdog_batch -> watchdog_ticket.
"""

import hashlib
from datetime import timedelta

import frappe
from frappe.utils import get_datetime, now_datetime

from after_sales import alert_delivery, jobs, watchdog_batch
from after_sales.agreement.watch import batches, next_check
from after_sales.watchdog_ticket import fired_keys, ticket_events, watch_one, watch_ticket

__all__ = ["fired_keys", "set_next_check", "watch_batch", "watch_ticket", "watch_tickets"]

BATCH = 1000  # tickets per bulk pass: one transaction in a worker
RUN_AT_MOST = 2000  # more due than this: the run splits them into RQ jobs of BATCH
DUE_AT_MOST = 100_000  # tickets one run selects
JOB_QUEUE = "long"
LEASE = timedelta(minutes=5)  # a ticket split off into a job is not selected again meanwhile


def set_next_check(doc, policy) -> None:
	"""Called on every ticket save: when the watchdog must look at this ticket again."""
	events = ticket_events(doc, policy)
	fired = fired_keys(doc.name) if events and not doc.is_new() else set()
	doc.next_check_at = next_check(events, fired)


def watch_tickets() -> None:
	"""Scheduler, every minute: handle the due tickets in bulk batches, or split them into RQ jobs."""
	now = now_datetime()
	alert_delivery.send_leftovers(now)  # digests and e-mails an earlier run left (two indexed reads)
	names = due_tickets(now)
	if len(names) > RUN_AT_MOST:
		split_into_jobs(names, now)
	elif names:
		watch_batch(names, now)


def due_tickets(now, limit: int = DUE_AT_MOST) -> list[str]:
	"""The tickets whose check is due, longest waiting first."""
	ticket = frappe.qb.DocType("HD Ticket")
	# a plain range on the indexed column (frappe.get_all would wrap it in coalesce() and scan)
	return (
		frappe.qb.from_(ticket)
		.select(ticket.name)
		.where(ticket.next_check_at <= now)
		.orderby(ticket.next_check_at)
		.limit(limit)
		.run(pluck=True)
	)


def split_into_jobs(names: list[str], now=None, queue: str | None = None) -> int:
	"""RQ jobs of at most BATCH of these due tickets (on `queue`, default JOB_QUEUE); returns how many.

	Each due ticket goes to exactly one job, even when two runs split at once: a run takes its tickets
	with `SELECT ... FOR UPDATE SKIP LOCKED` (`_lease`: a ticket another run is taking is skipped, one it
	has taken is no longer due) and moves their next check LEASE ahead, so that a later minute's run does
	not select them again while their job waits; a lost job's tickets are due again when the lease ends,
	and the job itself sets their real next check. A job's id is a hash of its tickets, not its position:
	a job still queued from an earlier minute holds other tickets, so it neither blocks a new job nor is
	queued twice. In a worker each chunk is committed before its job is queued (short row locks)."""
	now = get_datetime(now or now_datetime())
	queue = queue or JOB_QUEUE
	in_worker = jobs.in_worker()
	queued = 0
	for chunk in batches(list(names), BATCH):
		taken = _lease(list(chunk), now)
		if not taken:
			continue
		frappe.enqueue(
			"after_sales.watchdog.watch_batch",
			queue=queue,
			job_id=job_id(taken),
			deduplicate=True,
			enqueue_after_commit=True,
			names=taken,
			mail_queue=queue,
			now=frappe.flags.in_test,
		)
		if in_worker:
			frappe.db.commit()  # the lease stands, the row locks end, then the job is queued
		queued += 1
	return queued


def job_id(names: list[str]) -> str:
	"""A watch job's RQ id, from the tickets it handles."""
	return "after_sales_watch_" + hashlib.sha1("\n".join(names).encode()).hexdigest()[:20]


def _lease(names: list[str], now) -> list[str]:
	"""Of these tickets, those still due that no other run is taking: locked, their next check moved a
	LEASE ahead. Two statements."""
	taken = frappe.db.sql(
		"select name from `tabHD Ticket` where name in %(names)s and next_check_at <= %(now)s"
		" order by next_check_at for update skip locked",
		{"names": tuple(names), "now": now},
		pluck=True,
	)
	if taken:
		ticket = frappe.qb.DocType("HD Ticket")
		frappe.qb.update(ticket).set(ticket.next_check_at, now + LEASE).where(ticket.name.isin(taken)).run()
	return list(taken)


def watch_batch(names: list[str], now=None, mail_queue: str | None = None) -> None:
	"""Handle these due tickets in bulk, BATCH at a time; then send the run's digests. An RQ job's entry:
	its alerts' e-mail jobs go to `mail_queue` (default `alert_delivery.MAIL_QUEUE`)."""
	now = get_datetime(now or now_datetime())
	for chunk in batches(list(names), BATCH):
		watchdog_batch.handle(list(chunk), now, mail_queue)
	alert_delivery.send_digests(now)


def watch_tickets_one_by_one(now=None) -> None:
	"""Today's path before issue 14, kept for the benchmark's baseline: each due ticket on its own."""
	now = now or now_datetime()
	for name in due_tickets(now, BATCH):
		watch_one(name, now)
