# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The reads the reports, number cards and charts make, on the site's MariaDB replica when it has one
(site config `read_from_replica`, `replica_host`, `replica_db_port`: Frappe's own settings).

`read_only` is Frappe's `frappe.read_only()` with two additions:

- Frappe's read-only flag is up while the function runs (`frappe.flags.read_only`), replica or not: the
  writes Frappe makes on the way are deferred to Redis or skipped, so a read sends no write, and none to a
  replica, which would refuse it (or accept it and differ from its primary). An Error Log or Access Log is
  queued (frappe/utils/error.py `log_error`, Access Log's deferred insert), a chart's `last_synced_on` is
  not stamped (frappe/utils/dashboard.py), a transaction begun is READ ONLY (Database.begin);
- Frappe 15 leaves `frappe.local.replica_db` and `primary_db` behind after the first call, and skips the
  switch on every later call in the same process (frappe/__init__.py `connect_replica`): harmless in a
  web request, whose locals are new, but a worker or a script would read the primary from then on. They
  are cleared after each outermost call, so that every call switches.

Without a replica configured, the function reads the primary.

`run` and `chart` are Frappe's own report and dashboard chart endpoints so wrapped (hooks.py
override_whitelisted_methods): Frappe 15's `query_report.run` switches to the replica but leaves the flag
down, so a failing report's Error Log goes to the replica; its `dashboard_chart.get` reads the primary."""

import functools

import frappe

from after_sales.api.inputs import api, report_filters


def read_only(fn):
	"""Run `fn` on the site's replica when it has one (see the module's docstring)."""

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		flag = frappe.flags.read_only
		frappe.flags.read_only = True
		try:
			if not frappe.conf.read_from_replica or on_replica():
				return fn(*args, **kwargs)  # no replica, or already on it (a nested call)
			_forget_connections()  # what an earlier call in this process left
			try:
				return frappe.read_only()(fn)(*args, **kwargs)
			finally:
				_forget_connections()
		finally:
			frappe.flags.read_only = flag

	return wrapper


def on_replica() -> bool:
	"""Whether frappe.db is the replica's connection now."""
	replica = getattr(frappe.local, "replica_db", None)
	return replica is not None and frappe.local.db is replica


def _forget_connections() -> None:
	for name in ("replica_db", "primary_db"):
		if hasattr(frappe.local, name):
			delattr(frappe.local, name)


# a chart's settings and filters, sent by Desk as JSON: a few thousand characters, not the default 1,000
@api(methods=["GET", "POST"], max_length={"chart": 8000, "filters": 8000})
@read_only
def chart(
	chart_name: str | None = None,
	chart: str | None = None,
	no_cache: int | None = None,
	filters: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
	refresh: int | None = None,
) -> dict | None:
	"""Frappe's dashboard charts (Count, Group By...: the workspace's Volume by Channel), as Frappe draws them."""
	from frappe.desk.doctype.dashboard_chart.dashboard_chart import get

	return get(
		chart_name=chart_name,
		chart=chart,
		no_cache=no_cache,
		filters=filters,
		from_date=from_date,
		to_date=to_date,
		timespan=timespan,
		time_interval=time_interval,
		heatmap_year=heatmap_year,
		refresh=refresh,
	)


# a report's filters and custom columns, sent by Desk as JSON: a few thousand characters
@api(methods=["GET", "POST"], max_length={"filters": 8000, "custom_columns": 8000})
@read_only
def run(
	report_name: str,
	filters: str | dict | None = None,
	user: str | None = None,
	ignore_prepared_report: bool | int | str = False,
	custom_columns: str | list | None = None,
	is_tree: bool | int | str = False,
	parent_field: str | None = None,
	are_default_filters: bool | int | str = True,
) -> dict:
	"""Frappe's query and script reports (Agreement Compliance...), as Frappe runs them. The app's own
	reports take one set of single values: other filters are a translated 4xx here, before Frappe's code,
	which would answer a string or a list with a 500."""
	from frappe.desk.query_report import run

	if frappe.get_cached_value("Report", report_name, "module") == "After Sales":
		report_filters(filters)
	return run(
		report_name,
		filters=filters,
		user=user,
		ignore_prepared_report=ignore_prepared_report,
		custom_columns=custom_columns,
		is_tree=is_tree,
		parent_field=parent_field,
		are_default_filters=are_default_filters,
	)
