"""The watchdog on a large helpdesk (issue 14), each figure against a baseline measured in the same run.

Run on a bench whose site has helpdesk and after_sales installed:

    cd ~/frappe-bench/sites && ../env/bin/python ../apps/after_sales/benchmarks/bench_watchdog.py hdsuite.test

1. Bulk-inserts N synthetic open tickets (default 100,000), none due (nothing is kept: rolled back).
2. Times a watchdog run with none due (one range query on the indexed `next_check_at`) against the same
   selection written as a full scan, and prints the ratio and the queries per run.
3. Makes tickets due at their response deadline (the default policy escalates to Administrator: a log
   row, a Desk and an agent UI notification, an e-mail and a comment each) and times, in the same run:
   today's per-ticket path on 1,000 (the baseline), the bulk path on 1,000 and on 10,000, the queries
   each made, and the e-mails the bulk path leaves to RQ jobs, composed here in-process as one worker would.
4. The same 10,000 tickets' warnings as one digest per recipient against one by one.
5. With `--workers`: the same 10,000 due tickets committed (then removed), split into RQ jobs on a queue of
   the benchmark's own, handled by one RQ worker, then two, then one (`bench_watchdog_workers.py`).
"""

import os
import sys
import time
from datetime import timedelta
from unittest.mock import patch

import frappe
from _site import QueryCounter, rolled_back_site
from frappe.utils import now_datetime


def main(site: str, count: int = 100_000, workers: bool = False) -> int:
	with rolled_back_site(site):
		run(count)
	if workers:
		from bench_watchdog_workers import compare_workers

		compare_workers(site)
	return 0


def synthetic_tickets(count: int, prefix: str = "BENCH") -> None:
	from after_sales.install import DEFAULT_POLICY
	from after_sales.integrations.helpdesk import hd_sla_name

	now = now_datetime()
	fields = [
		"name", "subject", "status", "status_category", "priority", "raised_by", "sla", "sla_policy",
		"urgency", "service_level_agreement_creation", "acknowledge_by", "acknowledged_on", "response_by",
		"resolution_by", "next_check_at", "creation", "modified", "owner", "modified_by", "opening_date",
	]  # fmt: skip
	rows = []
	for i in range(count):
		opened = now - timedelta(minutes=i % 50)
		rows.append(
			(
				f"{prefix}-{i:07d}", "Synthetic ticket", "Open", "Open", "High", "bench@example.com",
				hd_sla_name(DEFAULT_POLICY), DEFAULT_POLICY, "General fault", opened,
				opened + timedelta(minutes=15), opened, opened + timedelta(hours=1), opened + timedelta(hours=4),
				now + timedelta(days=30), opened, opened, "Administrator", "Administrator", opened.date(),
			)
		)  # fmt: skip
	frappe.db.bulk_insert("HD Ticket", fields, rows, chunk_size=5000)


def best_of(fn, repeat: int = 7) -> float:
	times = []
	for _ in range(repeat):
		started = time.perf_counter()
		fn()
		times.append(time.perf_counter() - started)
	return min(times)


def run(count: int) -> int:
	from after_sales import watchdog

	started = time.perf_counter()
	synthetic_tickets(count)
	print(f"Inserted {count:,} synthetic open tickets in {time.perf_counter() - started:.1f} s (none due)")

	def full_scan():
		frappe.db.sql(
			"select name from `tabHD Ticket` where coalesce(next_check_at, '0001-01-01') <= %s "
			"order by next_check_at limit 1000",
			(now_datetime(),),
		)

	watchdog.watch_tickets()  # handles whatever the site itself has due, so the runs below find none
	with QueryCounter() as counter:
		watchdog.watch_tickets()
	indexed = best_of(watchdog.watch_tickets)
	scan = best_of(full_scan)
	print(f"  watchdog run, none due (indexed range): {1000 * indexed:.2f} ms, {counter.count} query per run")
	print(f"  same selection as a full scan:          {1000 * scan:.2f} ms")
	print(f"  full scan / indexed: {scan / indexed:.0f}x")

	escalate_to_administrator()
	baseline = due_case(0, 1000)
	started = time.perf_counter()
	with QueryCounter() as old_queries:
		watchdog.watch_tickets_one_by_one()
	old = time.perf_counter() - started
	check(baseline, 1000)
	print(f"  today's per-ticket path, 1,000 due: {old:.1f} s, {old_queries.count:,} queries  [{load()}]")

	rows = []
	for first, n in ((1000, 1000), (2000, 10_000)):
		names = due_case(first, n)
		with patch("after_sales.alert_delivery.queue_mail") as queued, QueryCounter() as queries:
			started = time.perf_counter()
			watchdog.watch_batch(names)
			elapsed = time.perf_counter() - started
		check(names, n)
		mails = [log for call in queued.call_args_list for log in call.args[0]]
		rows.append((n, elapsed, queries.count, mails))
		print(
			f"  bulk path, {n:,} due: {elapsed:.1f} s, {queries.count:,} queries"
			f" ({1000 * elapsed / n:.1f} ms/ticket against {1000 * old / 1000:.1f}: "
			f"{(old / 1000) / (elapsed / n):.1f}x); {len(mails):,} e-mails left to RQ jobs  [{load()}]"
		)
	n, elapsed, _queries, mails = rows[0]
	sendmail = frappe_sendmail_each(mails)
	started = time.perf_counter()
	mail_jobs(mails)
	composing = time.perf_counter() - started
	print(
		f"  their {len(mails):,} e-mails, as one worker writes them: {composing:.2f} s in bulk against"
		f" {sendmail:.1f} s through frappe.sendmail one by one: {sendmail / composing:.0f}x  [{load()}]"
	)
	print(
		f"  run + its e-mails, 1,000 due: {elapsed + composing:.1f} s against today's path {old:.1f} s:"
		f" {old / (elapsed + composing):.1f}x"
	)
	n, elapsed, _queries, mails = rows[1]
	started = time.perf_counter()
	mail_jobs(mails)
	composing = time.perf_counter() - started
	print(
		f"  10,000 due in one run: {elapsed:.1f} s (target < 60 s), their e-mails {composing:.1f} s on one worker;"
		f" run + e-mails per ticket {(old / 1000) / ((elapsed + composing) / n):.1f}x faster than today's path"
		f"  [{load()}]"
	)
	digest_case()
	return 0


def mail_jobs(logs: list[str]) -> None:
	"""The alert e-mail jobs these alert log rows make (MAIL_JOB_SIZE each), run here as one worker would."""
	from after_sales import alert_delivery
	from after_sales.agreement.watch import batches

	for chunk in batches(logs, alert_delivery.MAIL_JOB_SIZE):
		alert_delivery.send_alert_mail(list(chunk))


def frappe_sendmail_each(logs: list[str]) -> float:
	"""The before: each alert's e-mail through frappe.sendmail, as the mail jobs wrote them until now
	(rolled back: the rows are written again in bulk afterwards)."""
	from after_sales import mail

	rows = frappe.get_all(
		"SLA Alert Log", filters={"name": ("in", logs)}, fields=["name", "ticket", "recipients", "message"]
	)
	email = frappe.db.get_value("User", "Administrator", "email")
	frappe.db.savepoint("bench_sendmail")
	started = time.perf_counter()
	for row in rows:
		mail.send(
			recipients=[email],
			subject=row.message,
			message=row.message,
			reference_doctype="HD Ticket",
			reference_name=row.ticket,
		)
	elapsed = time.perf_counter() - started
	frappe.db.rollback(save_point="bench_sendmail")
	return elapsed


def load() -> str:
	return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def escalate_to_administrator() -> None:
	from after_sales.install import DEFAULT_POLICY

	frappe.db.set_value(
		"SLA Policy", DEFAULT_POLICY, {"escalation_user": "Administrator", "warning_delivery": "Immediately"}
	)
	frappe.clear_document_cache("SLA Policy", DEFAULT_POLICY)


def due_case(first: int, count: int, warning: bool = False) -> list[str]:
	"""`count` synthetic tickets from the `first`, due now: at the response breach, or (`warning`) past 80%."""
	names = [f"BENCH-{i:07d}" for i in range(first, first + count)]
	now = now_datetime()
	opened, response_by = (
		(now - timedelta(minutes=50), now + timedelta(minutes=10))
		if warning
		else (now - timedelta(minutes=65), now - timedelta(minutes=5))
	)
	frappe.db.sql(
		"update `tabHD Ticket` set next_check_at = %s, service_level_agreement_creation = %s, response_by = %s,"
		" resolution_by = %s, _assign = %s where name in %s",
		(
			now - timedelta(minutes=1),
			opened,
			response_by,
			opened + timedelta(hours=4),
			'["Administrator"]',
			tuple(names),
		),
	)
	return names


def check(names: list[str], count: int) -> None:
	"""Every ticket alerted once: its alert logged, its next check moved past now."""
	logs = frappe.db.sql(
		"select count(distinct ticket) from `tabSLA Alert Log` where ticket in %s and status != 'Skipped'",
		(tuple(names),),
	)[0][0]
	due = frappe.db.sql(
		"select count(*) from `tabHD Ticket` where name in %s and next_check_at <= %s",
		(tuple(names), now_datetime()),
	)[0][0]
	assert logs == count and due == 0, (logs, due)


def digest_case() -> None:
	"""10,000 warnings to one agent: one by one (bulk) against one digest, same run."""
	from after_sales import watchdog
	from after_sales.install import DEFAULT_POLICY

	times = {}
	for first, delivery in ((12_000, "Immediately"), (22_000, "Digest per run")):
		frappe.db.set_value("SLA Policy", DEFAULT_POLICY, "warning_delivery", delivery)
		frappe.clear_document_cache("SLA Policy", DEFAULT_POLICY)
		names = due_case(first, 10_000, warning=True)
		before = frappe.db.count("Email Queue")
		with patch("after_sales.alert_delivery.queue_mail") as queued:
			started = time.perf_counter()
			watchdog.watch_batch(names)
			times[delivery] = time.perf_counter() - started
		left = [log for call in queued.call_args_list for log in call.args[0]]
		started = time.perf_counter()
		mail_jobs(left)
		writing = time.perf_counter() - started
		mails = frappe.db.count("Email Queue") - before
		print(
			f"  10,000 warnings, {delivery}: run {times[delivery]:.1f} s, {mails:,} e-mails written"
			f" ({writing:.1f} s of a worker for {len(left):,} individual ones)  [{load()}]"
		)
	print(
		f"  one by one / digest: run {times['Immediately'] / times['Digest per run']:.1f}x, 10,000x the e-mails"
	)


if __name__ == "__main__":
	sys.exit(
		main(
			sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "helpdesk.test",
			next((int(a) for a in sys.argv[2:] if a.isdigit()), 100_000),
			"--workers" in sys.argv,
		)
	)
