"""Issue 14: the watchdog's work spread over RQ workers, one worker against two, in the same run.

    cd ~/frappe-bench/sites && ../env/bin/python ../apps/after_sales/benchmarks/bench_watchdog_workers.py \
        hdsuite.test [due]

(or `bench_watchdog.py SITE --workers`). Each round commits DUE synthetic tickets due at their response
breach (the workers read them through their own connections), starts its workers, waits until they listen,
splits the due tickets into `watch_batch` jobs (`watchdog.split_into_jobs`, BATCH tickets each; each job
queues its alerts' e-mail jobs on the same queue) and times until every job has finished: no ticket due,
no e-mail pending, nothing queued or running. Then it stops the workers by their process id and removes
what the round wrote (its tickets and what was written for them, its jobs), even on failure.

The jobs go to a queue of the benchmark's own, QUEUE, so its workers take no one else's job and no other
worker takes these. Frappe accepts only the queues it knows (`get_queues_timeout`: short, default, long
and common_site_config's `workers`; `frappe.enqueue` and `bench worker --queue` both validate the name),
so QUEUE is added to common_site_config's `workers` for the run and removed afterwards (only that key).
The rounds go 1, 2, 1 workers, so that a load that drifts during the run (a shared machine) shows.
"""

import json
import os
import subprocess
import sys
import time
from datetime import timedelta

import frappe
from frappe.utils import now_datetime

DUE = 10_000
PREFIX = "BENCHW"
QUEUE = "after_sales_bench"
CONFIG = "common_site_config.json"  # the bench's sites folder is the working directory


def compare_workers(site: str, due: int = DUE) -> dict[int, list[float]]:
	added = add_queue()
	results: dict[int, list[float]] = {1: [], 2: []}
	try:
		for workers in (1, 2, 1):
			results[workers].append(one_round(site, workers, due))
	finally:
		if added:
			remove_queue()
	one = sum(results[1]) / len(results[1])
	print(
		f"  {due:,} due: 1 worker {one:.1f} s (mean of {', '.join(f'{t:.1f}' for t in results[1])}),"
		f" 2 workers {results[2][0]:.1f} s: 2 workers / 1 worker = {one / results[2][0]:.2f}x throughput"
		f"  [{load()}]"
	)
	return results


def add_queue() -> bool:
	"""QUEUE in common_site_config's `workers`; False when it is there already (then it is left there)."""
	with open(CONFIG) as f:
		conf = json.load(f)
	if QUEUE in conf.get("workers", {}):
		return False
	conf.setdefault("workers", {})[QUEUE] = {"timeout": 1500}
	write_config(conf)
	return True


def remove_queue() -> None:
	with open(CONFIG) as f:
		conf = json.load(f)  # read again: keep whatever else changed meanwhile
	workers = conf.get("workers", {})
	workers.pop(QUEUE, None)
	if not workers:
		conf.pop("workers", None)
	write_config(conf)


def write_config(conf: dict) -> None:
	temp = f"{CONFIG}.after_sales_bench"
	with open(temp, "w") as f:
		json.dump(conf, f, indent=1, sort_keys=True)
	os.replace(temp, CONFIG)


def one_round(site: str, workers: int, due: int) -> float:
	from frappe.utils.background_jobs import get_queues_timeout

	from after_sales import watchdog
	from after_sales.install import DEFAULT_POLICY

	get_queues_timeout.cache_clear()  # read the config again: it names QUEUE now
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	policy = frappe.db.get_value(
		"SLA Policy", DEFAULT_POLICY, ["escalation_user", "warning_delivery"], as_dict=True
	)
	procs: list[subprocess.Popen] = []
	try:
		assert not queue().count, f"{QUEUE} holds jobs before the round"
		names = make_due(due)
		frappe.db.set_value(
			"SLA Policy",
			DEFAULT_POLICY,
			{"escalation_user": "Administrator", "warning_delivery": "Immediately"},
		)
		frappe.db.commit()
		procs = [start_worker() for _ in range(workers)]
		wait_for_workers(workers, procs)
		started = time.perf_counter()
		jobs = watchdog.split_into_jobs(names, queue=QUEUE)
		frappe.db.commit()  # the leases stand and the jobs are queued (after the commit)
		while not done(procs, due):
			time.sleep(0.2)
		elapsed = time.perf_counter() - started
		failed = queue().failed_job_registry.count
		mails = frappe.db.count("Email Queue", {"reference_name": ("like", f"{PREFIX}-%")})
		print(
			f"  {due:,} due, {jobs} watch jobs and their e-mail jobs, {workers} worker(s): {elapsed:.1f} s,"
			f" {mails:,} e-mails queued, {failed} failed jobs  [{load()}]"
		)
		assert not failed, "jobs failed: see the Error Log"
		return elapsed
	finally:
		stop(procs)
		cleanup(policy)
		frappe.destroy()


def make_due(due: int) -> list[str]:
	from bench_watchdog import synthetic_tickets

	synthetic_tickets(due, PREFIX)
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
	return [f"{PREFIX}-{i:07d}" for i in range(due)]


def queue():
	from frappe.utils.background_jobs import get_queue

	return get_queue(QUEUE)


def start_worker() -> subprocess.Popen:
	"""`bench worker --queue QUEUE`, as Frappe's CLI runs it, from the bench's sites folder."""
	return subprocess.Popen(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", QUEUE],
		cwd=os.getcwd(),
		stdout=subprocess.DEVNULL,
		stderr=open(f"/tmp/after_sales_bench_worker_{os.getpid()}.log", "a"),
	)


def wait_for_workers(count: int, procs: list[subprocess.Popen], timeout: float = 60) -> None:
	from rq import Worker

	ends = time.monotonic() + timeout
	while len(Worker.all(queue=queue())) < count:
		if time.monotonic() > ends or any(p.poll() is not None for p in procs):
			raise RuntimeError("the workers did not start: see /tmp/after_sales_bench_worker_*.log")
		time.sleep(0.2)


def done(procs: list[subprocess.Popen], due_count: int) -> bool:
	if any(p.poll() is not None for p in procs):
		raise RuntimeError("a worker died: see /tmp/after_sales_bench_worker_*.log")
	q = queue()
	if q.count or q.started_job_registry.count:
		return False
	frappe.db.rollback()  # a fresh snapshot: what the workers committed
	pattern = f"{PREFIX}-%"
	# the split leased the tickets (not due meanwhile): done is every ticket escalated, its e-mail queued
	escalated = frappe.db.sql(
		"select count(distinct ticket) from `tabSLA Alert Log` where ticket like %s and kind = 'Escalation'",
		(pattern,),
	)[0][0]
	if escalated < due_count:
		return False
	due = frappe.db.sql(
		"select count(*) from `tabHD Ticket` where name like %s and next_check_at <= %s",
		(pattern, now_datetime()),
	)[0][0]
	mails = frappe.db.sql(
		"select count(*) from `tabSLA Alert Log` where ticket like %s and email_pending = 1", (pattern,)
	)[0][0]
	return not due and not mails


def stop(procs: list[subprocess.Popen]) -> None:
	for proc in procs:
		if proc.poll() is None:
			proc.terminate()  # RQ's warm shutdown
	for proc in procs:
		try:
			proc.wait(timeout=60)
		except subprocess.TimeoutExpired:
			proc.kill()
			proc.wait()


def cleanup(policy) -> None:
	"""Remove what the round wrote: its tickets' rows and its jobs (only QUEUE's: nobody else's)."""
	from after_sales.install import DEFAULT_POLICY

	frappe.db.rollback()
	q = queue()
	for registry in (q.finished_job_registry, q.failed_job_registry, q.started_job_registry):
		for job_id in registry.get_job_ids():
			registry.remove(job_id, delete_job=True)
	q.empty()
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


def load() -> str:
	return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
	compare_workers(
		sys.argv[1] if len(sys.argv) > 1 else "hdsuite.test",
		int(sys.argv[2]) if len(sys.argv) > 2 else DUE,
	)
