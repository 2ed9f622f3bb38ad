"""Issue 14: the watchdog's work spread over RQ workers, one worker against two, in the same run.

Called by `bench_watchdog.py SITE --workers`. DUE tickets are committed (the workers read them through
their own connections) and removed afterwards, with what the run wrote for them. The run splits them
into `watch_batch` jobs (BATCH each); the jobs queue the alerts' e-mail jobs. The jobs go to a queue of
the benchmark's own (`watchdog_worker.QUEUE`, so the workers take no one else's job and no other worker
takes these); workers are started here (`watchdog_worker.py`: Frappe's `start_worker`, as `bench worker`
runs it) and stopped by their process id.
"""

import os
import subprocess
import time
from datetime import timedelta
from unittest.mock import patch

import frappe
from frappe.utils import now_datetime

DUE = 1500
PREFIX = "BENCHW"


def compare_workers(site: str) -> None:
	results = {}
	for workers in (1, 2):
		results[workers] = one_round(site, workers)
	print(f"  two workers / one: {results[1] / results[2]:.2f}x faster")


def one_round(site: str, workers: int) -> float:
	from bench_watchdog import synthetic_tickets

	from after_sales import watchdog
	from after_sales.install import DEFAULT_POLICY

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	policy = frappe.db.get_value(
		"SLA Policy", DEFAULT_POLICY, ["escalation_user", "warning_delivery"], as_dict=True
	)
	procs = []
	try:
		synthetic_tickets(DUE, PREFIX)
		now = now_datetime()
		frappe.db.sql(
			"update `tabHD Ticket` set next_check_at = %s, service_level_agreement_creation = %s,"
			" response_by = %s, _assign = %s where name like %s",
			(
				now - timedelta(minutes=1),
				now - timedelta(minutes=65),
				now - timedelta(minutes=5),
				'["Administrator"]',
				f"{PREFIX}-%",
			),
		)
		frappe.db.set_value(
			"SLA Policy",
			DEFAULT_POLICY,
			{"escalation_user": "Administrator", "warning_delivery": "Immediately"},
		)
		frappe.db.commit()
		started = time.perf_counter()
		from watchdog_worker import own_queue

		with own_queue(), patch.object(watchdog, "RUN_AT_MOST", 100), patch.object(watchdog, "BATCH", 500):
			names = watchdog.due_tickets(now_datetime())
			queued = watchdog.split_into_jobs([n for n in names if n.startswith(PREFIX)])
		frappe.db.commit()
		procs = [start_worker() for _ in range(workers)]
		while not done():
			time.sleep(0.5)
		elapsed = time.perf_counter() - started
		print(
			f"  {DUE:,} due, {queued} watch jobs + their e-mail jobs, {workers} worker(s): {elapsed:.1f} s"
			f"  [load {' '.join(f'{x:.2f}' for x in os.getloadavg())}]"
		)
		return elapsed
	finally:
		for proc in procs:
			proc.terminate()  # RQ's warm shutdown
		for proc in procs:
			proc.wait(timeout=60)
		cleanup(policy)
		frappe.destroy()


def start_worker() -> subprocess.Popen:
	return subprocess.Popen(
		[
			"../env/bin/python",
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"worker",
			"--queue",
			"long,default",
		],
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
	)


def done() -> bool:
	frappe.db.rollback()  # a fresh snapshot: what the workers committed
	pattern = f"{PREFIX}-%"
	due = frappe.db.sql(
		"select count(*) from `tabHD Ticket` where name like %s and next_check_at <= %s",
		(pattern, now_datetime()),
	)[0][0]
	mails = frappe.db.sql(
		"select count(*) from `tabSLA Alert Log` where ticket like %s and email_pending = 1", (pattern,)
	)[0][0]
	return not due and not mails


def cleanup(policy) -> None:
	from after_sales.install import DEFAULT_POLICY

	frappe.db.rollback()
	pattern = f"{PREFIX}-%"
	frappe.db.sql(
		"delete q, r from `tabEmail Queue` q left join `tabEmail Queue Recipient` r on r.parent = q.name"
		" where q.reference_doctype = 'HD Ticket' and q.reference_name like %s",
		(pattern,),
	)
	for table, column in (
		("SLA Alert Log", "ticket"),
		("Notification Log", "document_name"),
		("HD Notification", "reference_ticket"),
		("Comment", "reference_name"),
		("HD Ticket", "name"),
	):
		frappe.db.sql(
			f"delete from `tab{table}` where `{column}` like %s", (pattern,)
		)  # names from the constant above
	frappe.db.set_value("SLA Policy", DEFAULT_POLICY, dict(policy))
	frappe.db.commit()
