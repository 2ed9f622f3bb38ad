# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Each published release's reach against the agreement's 80% (AGR-11), and open deliveries by age."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate, now_datetime

from after_sales.agreement.metrics import meets_reach_target, reach_percent
from after_sales.api.inputs import report_filters


def execute(filters: dict | None = None):
	filters = report_filters(filters)
	return columns(), data(filters)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "release",
			"label": _("Release"),
			"fieldtype": "Link",
			"options": "Update Release",
			"width": 140,
		},
		{
			"fieldname": "product",
			"label": _("Product"),
			"fieldtype": "Link",
			"options": "Software Product",
			"width": 150,
		},
		{"fieldname": "version", "label": _("Version"), "fieldtype": "Data", "width": 90},
		{"fieldname": "release_type", "label": _("Release Type"), "fieldtype": "Data", "width": 110},
		{"fieldname": "entitled", "label": _("Entitled Customers"), "fieldtype": "Int", "width": 140},
		{"fieldname": "installed", "label": _("Installed"), "fieldtype": "Int", "width": 90},
		{"fieldname": "reach", "label": _("Reach"), "fieldtype": "Percent", "width": 90},
		{"fieldname": "meets_target", "label": _("Over 80%"), "fieldtype": "Check", "width": 90},
		{"fieldname": "open_under_7_days", "label": _("Open < 7 Days"), "fieldtype": "Int", "width": 120},
		{"fieldname": "open_7_to_30_days", "label": _("Open 7-30 Days"), "fieldtype": "Int", "width": 120},
		{"fieldname": "open_over_30_days", "label": _("Open > 30 Days"), "fieldtype": "Int", "width": 120},
	]


def data(filters) -> list[dict]:
	release = frappe.qb.DocType("Update Release")
	delivery = frappe.qb.DocType("Update Release Delivery")
	now = now_datetime()
	open_ = delivery.status.isin(["Pending", "Notified"])
	query = (
		frappe.qb.from_(release)
		.left_join(delivery)
		.on((delivery.parent == release.name) & (delivery.parenttype == "Update Release"))
		.select(
			release.name.as_("release"),
			release.product,
			release.version,
			release.release_type,
			Count(delivery.name).as_("entitled"),
			Sum(Case().when(delivery.status == "Installed", 1).else_(0)).as_("installed"),
			Sum(Case().when(open_ & (release.published_on > now - _days(7)), 1).else_(0)).as_(
				"open_under_7_days"
			),
			Sum(
				Case()
				.when(
					open_
					& (release.published_on <= now - _days(7))
					& (release.published_on > now - _days(30)),
					1,
				)
				.else_(0)
			).as_("open_7_to_30_days"),
			Sum(Case().when(open_ & (release.published_on <= now - _days(30)), 1).else_(0)).as_(
				"open_over_30_days"
			),
		)
		.where(release.status == "Published")
		.groupby(release.name)
		.orderby(release.product)
		.orderby(release.version_key, order=frappe.qb.desc)
	)
	if filters.get("product"):
		query = query.where(release.product == filters.product)
	if filters.get("from_date"):
		query = query.where(release.release_date >= getdate(filters.from_date))
	if filters.get("to_date"):
		query = query.where(release.release_date <= getdate(filters.to_date))
	rows = query.run(as_dict=True)
	for row in rows:
		row.reach = reach_percent(int(row.installed or 0), int(row.entitled or 0))
		row.meets_target = int(bool(meets_reach_target(int(row.installed or 0), int(row.entitled or 0))))
	return rows


def _days(n: int):
	from datetime import timedelta

	return timedelta(days=n)
