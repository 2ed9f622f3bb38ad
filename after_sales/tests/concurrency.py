# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Two runs of a job at once, for real: each in its own thread with its own site connection and
transaction, run by Frappe's `execute_job` as a worker runs it (commit at the end, `frappe.job` set).

The data they work on must be committed first (another connection sees nothing else), so tests using
this commit their records and remove them afterwards (`committed`)."""

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from unittest.mock import patch

import frappe
from frappe.utils.background_jobs import execute_job


def run_at_once(method: Callable[[], object], runs: int = 2, timeout: float = 120) -> list[BaseException]:
	"""Run `method` `runs` times at the same moment, each as a background job of this site. Returns the
	errors the runs raised (none, when all went well)."""
	site, sites_path = frappe.local.site, frappe.local.sites_path
	start = threading.Barrier(runs, timeout=timeout)
	errors: list[BaseException] = []

	def job():
		start.wait()  # connected, in the job: now all runs go together
		return method()

	def worker():
		try:
			frappe.init(site, sites_path=sites_path)
			frappe.connect()
			# a production worker: not a test transaction, so each record commits as it would there
			frappe.flags.in_test = False
			execute_job(site, job, None, "after_sales-test-run-at-once", {}, is_async=False)
		except BaseException as error:
			errors.append(error)
		finally:
			frappe.destroy()

	threads = [threading.Thread(target=worker, name=f"after_sales-run-{i}") for i in range(runs)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout)
	if any(thread.is_alive() for thread in threads):
		errors.append(TimeoutError("a run did not finish"))
	frappe.db.commit()  # a fresh snapshot for the test's own reads: what the runs committed
	return errors


@contextmanager
def slow(target: str, seconds: float = 0.5):
	"""Patch `target` (a dotted path) to wait after doing its work, so that a run holding what it
	claimed is still working when the other run arrives."""
	original = frappe.get_attr(target)

	def wait_after(*args, **kwargs):
		result = original(*args, **kwargs)
		time.sleep(seconds)
		return result

	with patch(target, wait_after):
		yield


def committed(test, *names: tuple[str, str]) -> None:
	"""Commit the test's records so other connections see them, and remove them (and what they caused:
	mail, comments) when the test ends."""
	frappe.db.commit()

	def remove():
		frappe.db.rollback()
		for doctype, name in reversed(names):
			if not frappe.db.exists(doctype, name):
				continue
			for queued in frappe.get_all(
				"Email Queue", filters={"reference_doctype": doctype, "reference_name": name}, pluck="name"
			):
				frappe.delete_doc("Email Queue", queued, force=True, ignore_permissions=True)
			doc = frappe.get_doc(doctype, name)
			if doc.docstatus == 1:
				doc.cancel()
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, ignore_on_trash=True)
		frappe.db.commit()

	test.addCleanup(remove)
