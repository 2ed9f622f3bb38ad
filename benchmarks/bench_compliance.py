"""Agreement Compliance on a million tickets, against a plain count of the same rows in the same run.

Run on a bench whose site has helpdesk and after_sales installed. The synthetic tickets are committed, so
that MariaDB's optimizer sees them as it sees real tickets (statistics refreshed with ANALYZE TABLE), and
deleted again at the end, even when the run fails:

    cd ~/frappe-bench/sites && ../env/bin/python ../apps/after_sales/benchmarks/bench_compliance.py SITE [count] [--keep]

With --keep the synthetic tickets stay after the run, and the next run of the same count measures them
again instead of deleting and inserting a million rows anew (minutes each); a run without it removes them.
Run it on a site of its own: the tickets are committed.

Bulk-inserts N synthetic tickets (default 1,000,000) spread evenly over two years, in the order they were
opened, then times the report for one year of data (target: within 4x `select count(*)` over the same year,
measured in the same run) and for one month (target: a month's share of a year's time near its share of the
tickets), and prints their query counts. `uptime` is printed before and after: the machine may be shared.
"""

import random
import sys
import time
from datetime import date, datetime, timedelta

import frappe
from _site import QueryCounter, committed_site

URGENCIES = ("Urgent fault", "General fault", "Consultation")
CHANNELS = ("E-mail", "Portal", "Phone", "Chat")


def main(site: str, count: int, keep: bool = False) -> int:
	with committed_site(site, (lambda: None) if keep else cleanup):
		return run(count)


def cleanup(prefix: str = "CB-") -> None:
	from after_sales import compliance_days

	frappe.db.sql("delete from `tabHD Ticket` where name like %s", (f"{prefix}%",))
	frappe.db.commit()
	compliance_days.rebuild(log=False)  # the rows went in SQL, past the hooks: count the days anew


def fill(count: int, prefix: str = "CB-") -> None:
	rng = random.Random(7)
	fields = ["name", "subject", "status", "customer", "urgency", "request_channel", "opening_date", "creation",
		"modified", "owner", "acknowledge_status", "acknowledge_duration", "response_status", "response_duration",
		"resolution_status", "resolution_duration"]  # fmt: skip
	start = date(2025, 1, 1)
	batch = []
	for i in range(count):
		# in the order they were opened, as tickets arrive: the indexes on the period are laid out as on a
		# live site (tickets inserted in a random order of dates leave their pages half full)
		day = start + timedelta(days=i * 730 // count)
		urgency = URGENCIES[i % 3]
		response = rng.randint(60, 7200)
		resolution = rng.randint(1800, 30000)
		batch.append(
			(f"{prefix}{i:08d}", "Synthetic", "Closed", f"Customer {i % 500}", urgency, CHANNELS[i % 4], day,
			 datetime.combine(day, datetime.min.time()), datetime.combine(day, datetime.min.time()), "Administrator",
			 "Met" if i % 10 else "Breached", rng.randint(30, 1200),
			 "Met" if response <= 3600 else "Breached", response,
			 "Met" if resolution <= 14400 else "Breached", resolution)
		)  # fmt: skip
		if len(batch) == 20000:
			frappe.db.bulk_insert("HD Ticket", fields, batch, chunk_size=20000)
			batch = []
	if batch:
		frappe.db.bulk_insert("HD Ticket", fields, batch, chunk_size=20000)


def run(count: int) -> int:
	from after_sales import compliance_days
	from after_sales.after_sales.report.agreement_compliance.agreement_compliance import execute

	if frappe.db.count("HD Ticket", {"name": ("like", "CB-%")}) == count:
		print(f"Reusing the {count:,} synthetic tickets a run with --keep left")
	else:
		cleanup()  # what an interrupted run may have left
		frappe.db.commit()
		started = time.perf_counter()
		fill(count)
		frappe.db.commit()
		frappe.db.sql("analyze table `tabHD Ticket`")
		print(f"Inserted {count:,} synthetic tickets over 2025-2026 in {time.perf_counter() - started:.0f} s")
	# the tickets went in SQL, past the hooks that record the days to recount: a full recount counts them, as
	# install, the patch and the daily job do
	started = time.perf_counter()
	compliance_days.rebuild(log=False)
	buckets = frappe.db.count(compliance_days.DAY)
	print(
		f"  full recount (install, patch, daily job): {buckets:,} day buckets in {time.perf_counter() - started:.1f} s"
	)
	year = {"from_date": "2025-01-01", "to_date": "2025-12-31"}

	def baseline():
		return frappe.db.sql(
			"select count(*) from `tabHD Ticket` where opening_date between %s and %s",
			("2025-01-01", "2025-12-31"),
		)

	print(f"  load: {_uptime()}")
	baseline()  # warm
	base = min(_timed(baseline) for _ in range(3))
	times, tickets = {}, {}
	for label, filters, target in (
		("one year", year, " (target <= 4x)"),
		("one year, one customer", {**year, "customer": "Customer 7"}, ""),
		("one year, one channel", {**year, "request_channel": "Phone"}, ""),
		("one month", {"from_date": "2025-06-01", "to_date": "2025-06-30"}, ""),
		("30 days across two months", {"from_date": "2025-06-16", "to_date": "2025-07-15"}, ""),
	):
		execute(filters)  # warm
		with QueryCounter() as queries:
			started = time.perf_counter()
			_columns, data, *_ = execute(filters)
			elapsed = time.perf_counter() - started
		best = min([elapsed] + [_timed(lambda f=filters: execute(f)) for _ in range(2)])
		times[label], tickets[label] = best, sum(r["tickets"] for r in data)
		print(
			f"  Agreement Compliance, {label} ({tickets[label]:,} tickets): {best:.2f} s, "
			f"{queries.count} queries, {best / base:.1f}x the baseline{target}"
		)
	print(
		f"  one month / one year: {times['one month'] / times['one year']:.3f} of the time for "
		f"{tickets['one month'] / tickets['one year']:.3f} of the tickets (target: near the tickets' share)"
	)
	_before_buckets(execute, year, base, times["one year"])
	_burst(execute, year, base)
	from after_sales.after_sales.report.service_volume_and_satisfaction.service_volume_and_satisfaction import (
		execute as volume,
	)

	for group in ("month", "request_channel"):
		filters = {**year, "group_by": group}
		volume(filters)  # warm
		with QueryCounter() as queries:
			best = min(_timed(lambda f=filters: volume(f)) for _ in range(3))
		print(
			f"  Service Volume and Satisfaction, one year by {group}: {best:.2f} s, "
			f"{queries.count // 3} queries, {best / base:.1f}x the baseline"
		)
	from after_sales import dashboard
	from after_sales.after_sales.dashboard_chart_source.agreement_compliance_by_week import (
		agreement_compliance_by_week as weekly,
	)

	for label, fn in (
		("number card: tickets at risk", dashboard.tickets_at_risk),
		("number card: acknowledged in 15 min this month", dashboard.acknowledged_in_time_this_month),
		("number card: satisfaction last 30 days", dashboard.satisfaction_30_days),
		("chart: compliance by week (12 weeks)", weekly.get),
	):
		fn()  # warm
		with QueryCounter() as queries:
			best = min(_timed(fn) for _ in range(3))
		print(f"  {label}: {best:.3f} s, {queries.count // 3} queries")
	print(f"  baseline: count(*) over the same year: {base:.3f} s")
	print(f"  load: {_uptime()}")
	return 0


def _before_buckets(execute, year, base: float, buckets: float) -> None:
	"""The same year counted from its tickets, as a filter the buckets do not hold makes the report count."""
	from after_sales import compliance_days

	counts_period = compliance_days.counts_period
	compliance_days.counts_period = lambda filters: False
	try:
		execute(year)  # warm
		best = min(_timed(lambda: execute(year)) for _ in range(3))
	finally:
		compliance_days.counts_period = counts_period
	print(
		f"  Agreement Compliance, one year counted from its tickets instead (as a customer filter is): "
		f"{best:.2f} s, {best / base:.1f}x the baseline; the day buckets take {buckets / best:.2f} of that time"
	)


def _burst(execute, year, base: float, changes: int = 10_000) -> None:
	"""A mass outage: 10,000 ticket changes on one day, waiting for the recount. The report counts that day
	from its tickets meanwhile; then the recount's pass over them."""
	from after_sales import compliance_days

	day, now = date(2025, 6, 16), datetime.now()
	frappe.db.bulk_insert(
		compliance_days.RECOUNT,
		["name", "day", "creation", "modified", "owner", "modified_by"],
		[(f"bench-{i}", day, now, now, "Administrator", "Administrator") for i in range(changes)],
	)
	frappe.db.commit()
	execute(year)  # warm
	best = min(_timed(lambda: execute(year)) for _ in range(3))
	print(
		f"  Agreement Compliance, one year with {changes:,} changes on one day awaiting the recount: "
		f"{best:.2f} s, {best / base:.1f}x the baseline"
	)
	started = time.perf_counter()
	compliance_days.recount()
	print(f"  the recount of those {changes:,} changes: {time.perf_counter() - started:.2f} s")


def _uptime() -> str:
	with open("/proc/loadavg") as loadavg:
		return "load average " + ", ".join(loadavg.read().split()[:3])


def _timed(fn) -> float:
	started = time.perf_counter()
	fn()
	return time.perf_counter() - started


if __name__ == "__main__":
	args = [arg for arg in sys.argv[1:] if arg != "--keep"]
	sys.exit(
		main(
			args[0] if args else "helpdesk.test",
			int(args[1]) if len(args) > 1 else 1_000_000,
			keep="--keep" in sys.argv,
		)
	)
