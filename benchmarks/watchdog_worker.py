"""An RQ worker of the bench on the watchdog benchmark's own queue (bench_watchdog_workers.py starts it).

Frappe accepts only the queues it knows (short, default, long and common_site_config's `workers`); this
process and the benchmark add QUEUE for themselves (`own_queue`) instead of changing the bench's config,
so that the benchmark's workers take none of the jobs other people queue, and theirs none of these.
Run from the bench's sites folder: `../env/bin/python ../apps/after_sales/benchmarks/watchdog_worker.py`.
"""

from contextlib import contextmanager
from unittest.mock import patch

QUEUE = "after_sales_bench"


@contextmanager
def own_queue():
	"""Frappe knows QUEUE; the watchdog's jobs and their e-mail jobs go to it."""
	from frappe.utils import background_jobs

	from after_sales import alert_delivery, watchdog

	known = background_jobs.get_queues_timeout

	with (
		patch.object(background_jobs, "get_queues_timeout", lambda: {**known(), QUEUE: 1500}),
		patch.object(watchdog, "JOB_QUEUE", QUEUE),
		patch.object(alert_delivery, "MAIL_QUEUE", QUEUE),
	):
		yield


if __name__ == "__main__":
	from frappe.utils.background_jobs import start_worker

	with own_queue():
		start_worker(queue=QUEUE, quiet=True)
