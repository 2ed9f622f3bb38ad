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
5. With `--workers`: 3,000 due tickets committed (then removed), the run split into RQ jobs, and the jobs
   (watch batches and their e-mails) handled by one RQ worker on the benchmark's own queue, then by two.
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
	started = time.perf_counter()
	from after_sales import alert_delivery

	alert_delivery.send_alert_mail(mails)
	composing = time.perf_counter() - started
	print(
		f"  their e-mails composed by one worker: {composing:.1f} s for {len(mails):,};"
		f" run + e-mails {elapsed + composing:.1f} s against {old:.1f} s: {old / (elapsed + composing):.1f}x"
	)
	n, elapsed, _queries, _mails = rows[1]
	print(
		f"  10,000 due in one run: {elapsed:.1f} s (target < 60 s); per ticket {(old / 1000) / (elapsed / n):.1f}x faster"
	)
	digest_case()
	return 0


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
		mails = (
			sum(len(call.args[0]) for call in queued.call_args_list) + frappe.db.count("Email Queue") - before
		)
		print(f"  10,000 warnings, {delivery}: {times[delivery]:.1f} s, {mails:,} e-mails  [{load()}]")
	print(
		f"  digest / one by one: {times['Immediately'] / times['Digest per run']:.1f}x faster run, 10,000x fewer e-mails"
	)


if __name__ == "__main__":
	sys.exit(
		main(
			sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "helpdesk.test",
			next((int(a) for a in sys.argv[2:] if a.isdigit()), 100_000),
			"--workers" in sys.argv,
		)
	)
