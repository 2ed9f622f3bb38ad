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
(`frappe.enqueue`), so that more workers handle them sooner. E-mails of individual alerts are composed by
RQ jobs after the batch is committed (`alert_delivery`); warnings of a policy that digests them go out as
one digest per recipient per run. `watchdog_ticket` holds the rules both paths share and the one-ticket path
(`watch_ticket`): a ticket whose terms failed, a batch whose bulk write failed (to find the bad ticket), and
the benchmark's baseline. Imports go one way: watchdog -> watchdog_batch -> watchdog_ticket.
"""

import frappe
from frappe.utils import get_datetime, now_datetime

from after_sales import alert_delivery, watchdog_batch
from after_sales.agreement.watch import batches, next_check
from after_sales.watchdog_ticket import fired_keys, ticket_events, watch_one, watch_ticket

__all__ = ["fired_keys", "set_next_check", "watch_batch", "watch_ticket", "watch_tickets"]

BATCH = 1000  # tickets per bulk pass: one transaction in a worker
RUN_AT_MOST = 2000  # more due than this: the run splits them into RQ jobs of BATCH
DUE_AT_MOST = 100_000  # tickets one run selects
JOB_QUEUE = "long"


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
		split_into_jobs(names)
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


def split_into_jobs(names: list[str]) -> int:
	"""One RQ job per BATCH of due tickets; a job still queued or running from an earlier minute is not
	queued twice (its job id is its position). Returns the number of jobs queued."""
	queued = 0
	for i, chunk in enumerate(batches(names, BATCH)):
		job = frappe.enqueue(
			"after_sales.watchdog.watch_batch",
			queue=JOB_QUEUE,
			job_id=f"after_sales_watch_{i}",
			deduplicate=True,
			names=list(chunk),
			now=frappe.flags.in_test,
		)
		queued += job is not None
	return queued


def watch_batch(names: list[str], now=None) -> None:
	"""Handle these due tickets in bulk, BATCH at a time; then send the run's digests. An RQ job's entry."""
	now = get_datetime(now or now_datetime())
	for chunk in batches(list(names), BATCH):
		watchdog_batch.handle(list(chunk), now)
	alert_delivery.send_digests(now)


def watch_tickets_one_by_one(now=None) -> None:
	"""Today's path before issue 14, kept for the benchmark's baseline: each due ticket on its own."""
	now = now or now_datetime()
	for name in due_tickets(now, BATCH):
		watch_one(name, now)
