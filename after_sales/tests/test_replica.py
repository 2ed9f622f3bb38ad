# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The reports, number cards and charts read from the site's replica when it has one, and write nothing
(issue 14). The "replica" here is a second connection to the test server, its session made read-only, so
that a write sent there fails as it would on a real replica; each connection counts what it is sent."""

import re
from contextlib import contextmanager
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from after_sales import dashboard, replica
from after_sales.after_sales.dashboard_chart_source.agreement_compliance_by_week import (
	agreement_compliance_by_week as weekly,
)

WRITE = re.compile(r"^\s*(insert|update|delete|replace|create|alter|drop|truncate)\b", re.IGNORECASE)
# the app's reports, with the filters Desk sends at least (their required ones)
REPORTS = {
	"Agreement Compliance": {},
	"Service Volume and Satisfaction": {"group_by": "month"},
	"Contract Overview": {},
	"Release Adoption": {},
	"Release Reach": {},
	"Training Summary": {"group_by": "customer"},
}
CARDS = (
	dashboard.tickets_at_risk,
	dashboard.breached_today,
	dashboard.acknowledged_in_time_this_month,
	dashboard.satisfaction_30_days,
	dashboard.contracts_expiring,
	dashboard.latest_release_reach,
)


class Sent:
	"""The statements one connection was sent (its `sql`, wrapped on the instance)."""

	def __init__(self, db):
		self.queries, self.writes = [], []
		sql = db.sql

		def counting(query, *args, **kwargs):
			self.queries.append(query)
			if WRITE.match(str(query)):
				self.writes.append(query)
			return sql(query, *args, **kwargs)

		db.sql = counting


@contextmanager
def with_replica():
	"""The site configured with a replica (Frappe's site config keys); yields what the primary and each
	replica connection were sent."""
	conf = frappe.local.conf
	replicas = []
	from frappe.database import get_db

	def replica_db(**kwargs):
		db = get_db(**kwargs)
		db.connect()
		db.sql("set session transaction read only")
		replicas.append(Sent(db))
		return db

	primary = Sent(frappe.local.db)
	settings = {
		"read_from_replica": 1,
		"replica_host": conf.db_host or "127.0.0.1",
		"replica_db_port": conf.db_port or 3306,
	}
	try:
		with patch.dict(conf, settings), patch("frappe.database.get_db", replica_db):
			yield primary, replicas
	finally:
		del frappe.local.db.sql  # the class's own again


class TestReadReplica(FrappeTestCase):
	def test_reports_cards_and_charts_read_the_replica_and_write_nothing(self):
		"""Issue 14: Agreement Compliance (AGR-10, AGR-15, AGR-21..23) and the app's other reports, the
		workspace's number cards and both its charts read from the replica, every call anew (Frappe 15 would
		switch only on the first call of a process), and send it no write: none reaches the primary."""
		calls = [(f"report {name}", lambda n=name, f=filters: replica.run(n, filters=f)) for name, filters in REPORTS.items()]  # fmt: skip
		calls += [(f"card {card.__name__}", card) for card in CARDS]
		calls += [
			("chart Compliance by Week", weekly.get),
			("chart Volume by Channel", lambda: replica.chart(chart_name="Volume by Channel", refresh=1)),
		]
		primary_db = frappe.local.db
		for label, call in calls:
			with self.subTest(label), with_replica() as (primary, replicas):
				call()
				self.assertIs(frappe.local.db, primary_db)  # back on the primary afterwards
				self.assertEqual(len(replicas), 1)
				self.assertTrue(replicas[0].queries)
				self.assertEqual(replicas[0].writes, [])
				self.assertEqual(primary.queries, [])
				self.assertFalse(frappe.flags.read_only)

	def test_without_a_replica_the_primary_reads(self):
		"""Issue 14: a site without a replica reads its one database, as before."""
		with patch.dict(frappe.local.conf, {"read_from_replica": 0}):
			primary = Sent(frappe.local.db)
			try:
				dashboard.tickets_at_risk()
			finally:
				del frappe.local.db.sql
		self.assertTrue(primary.queries)
		self.assertFalse(hasattr(frappe.local, "replica_db"))

	def test_a_failing_read_writes_no_error_log_on_the_replica(self):
		"""Issue 14: while on the replica Frappe's read-only flag is up, so an Error Log is queued in Redis
		(Frappe's deferred insert), never inserted on the replica."""

		@replica.read_only
		def failing():
			frappe.log_error("Replica test")
			return frappe.flags.read_only

		with (
			with_replica() as (_primary, replicas),
			patch("frappe.deferred_insert.deferred_insert") as queued,
		):
			self.assertTrue(failing())
		self.assertEqual(replicas[0].writes, [])
		self.assertEqual(queued.call_args.kwargs["doctype"], "Error Log")
