"""The watchdog's selection on a large helpdesk, against a full-table scan measured in the same run.

Run on a bench whose site has helpdesk and after_sales installed (nothing is kept: the run rolls back):

    cd ~/frappe-bench/sites && ../env/bin/python ../apps/after_sales/benchmarks/bench_watchdog.py helpdesk.test

1. Bulk-inserts N synthetic open tickets (default 100,000), none due.
2. Times a watchdog run (one range query on the indexed `next_check_at`) against the same selection
   written as a full scan (what `frappe.get_all` makes of it: coalesce() defeats the index), and
   prints the ratio and the queries per run.
3. Makes 1,000 of them due and times one watchdog run that handles them all (target: well inside
   the minute between runs).
"""

import sys
import time
from datetime import timedelta

import frappe
from _site import QueryCounter, rolled_back_site
from frappe.utils import now_datetime


def main(site: str, count: int = 100_000) -> int:
	with rolled_back_site(site):
		return run(count)


def synthetic_tickets(count: int) -> None:
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
				f"BENCH-{i:07d}", "Synthetic ticket", "Open", "Open", "High", "bench@example.com",
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

	due = frappe.db.sql(
		"select name from `tabHD Ticket` where name like 'BENCH-%%' order by name limit 1000", pluck=True
	)
	frappe.db.sql(
		"update `tabHD Ticket` set next_check_at = %s, response_by = %s where name in %s",
		(now_datetime() - timedelta(minutes=1), now_datetime() - timedelta(minutes=5), tuple(due)),
	)
	started = time.perf_counter()
	watchdog.watch_tickets()
	elapsed = time.perf_counter() - started
	logs = frappe.db.count("SLA Alert Log", {"ticket": ("like", "BENCH-%")})
	print(f"  1,000 due tickets handled in {elapsed:.1f} s ({logs:,} alerts logged); a run starts every 60 s")
	return 0


if __name__ == "__main__":
	sys.exit(
		main(
			sys.argv[1] if len(sys.argv) > 1 else "helpdesk.test",
			int(sys.argv[2]) if len(sys.argv) > 2 else 100_000,
		)
	)
