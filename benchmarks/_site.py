"""Shared by the bench_* scripts that run on a Frappe site: a site session whose writes are all rolled
back (or committed and cleaned up), and a counter of the SQL queries run inside a block."""

from contextlib import contextmanager

import frappe


@contextmanager
def rolled_back_site(site: str):
	"""Connect to `site` as Administrator; nothing written in the block is kept (commits are suppressed)."""
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	commit = frappe.db.commit
	frappe.db.commit = lambda *args, **kwargs: None
	try:
		yield
	finally:
		frappe.db.commit = commit
		frappe.db.rollback()
		frappe.destroy()


class QueryCounter:
	"""`with QueryCounter() as counter:` counts the queries frappe.db.sql runs in the block."""

	def __enter__(self):
		self.count, self._sql = 0, frappe.db.sql

		def counting(*args, **kwargs):
			self.count += 1
			return self._sql(*args, **kwargs)

		frappe.db.sql = counting
		return self

	def __exit__(self, *exc):
		frappe.db.sql = self._sql


@contextmanager
def committed_site(site: str, cleanup):
	"""Connect to `site` as Administrator; what the block writes is committed (so the optimizer sees it as
	it would see real data), and `cleanup()` removes it afterwards, committed too, even on failure."""
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		yield
	finally:
		frappe.db.rollback()
		cleanup()
		frappe.db.commit()
		frappe.destroy()
