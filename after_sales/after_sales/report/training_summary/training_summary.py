# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Training figures per customer, trainer or product: sessions held, attendance rate, average rating (AGR-8, AGR-26)."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Avg, Count, Sum

from after_sales.agreement.metrics import share_percent
from after_sales.api.inputs import report_filters

GROUPS = {
	"customer": ("Customer", "HD Customer"),
	"trainer": ("Trainer", "User"),
	"product": ("Product", "Software Product"),
}


def execute(filters: dict | None = None):
	filters = report_filters(filters)
	group = filters.get("group_by") or "customer"
	if group not in GROUPS:
		frappe.throw(_("Group by customer, trainer or product."), title=_("Invalid filter"))
	return columns(group), data(filters, group)


def columns(group: str) -> list[dict]:
	label, options = GROUPS[group]
	return [
		{"fieldname": "group", "label": _(label), "fieldtype": "Link", "options": options, "width": 220},
		{"fieldname": "sessions", "label": _("Sessions Held"), "fieldtype": "Int", "width": 120},
		{"fieldname": "invited", "label": _("Invited"), "fieldtype": "Int", "width": 100},
		{"fieldname": "attended", "label": _("Attended"), "fieldtype": "Int", "width": 100},
		{"fieldname": "attendance_rate", "label": _("Attendance Rate"), "fieldtype": "Percent", "width": 130},
		{"fieldname": "ratings", "label": _("Ratings"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "average_rating",
			"label": _("Average Rating (1-5)"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 160,
		},
	]


def data(filters, group: str) -> list[dict]:
	session = frappe.qb.DocType("Training Session")
	attendee = frappe.qb.DocType("Training Attendee")
	key = session[group]
	query = (
		frappe.qb.from_(session)
		.left_join(attendee)
		.on((attendee.parent == session.name) & (attendee.parenttype == "Training Session"))
		.select(
			key.as_("group"),
			Count(session.name).distinct().as_("sessions"),
			Count(attendee.name).as_("invited"),
			Sum(Case().when(attendee.attended == 1, 1).else_(0)).as_("attended"),
			Sum(Case().when(attendee.rating > 0, 1).else_(0)).as_("ratings"),
			Avg(Case().when(attendee.rating > 0, attendee.rating)).as_("average_rating"),
		)
		.where(session.status == "Completed")
		.groupby(key)
		.orderby(key)
	)
	if filters.get("from_date"):
		query = query.where(session.starts_on >= filters.from_date)
	if filters.get("to_date"):
		query = query.where(session.starts_on < frappe.utils.add_days(filters.to_date, 1))
	if filters.get("internal") in (0, 1, "0", "1"):
		query = query.where(session.is_internal == int(filters.internal))
	for key in ("customer", "product", "trainer", "mode"):
		if filters.get(key):
			query = query.where(session[key] == filters[key])
	rows = query.run(as_dict=True)
	for row in rows:
		row.attendance_rate = share_percent(int(row.attended or 0), int(row.invited or 0))
		row.average_rating = round(row.average_rating, 2) if row.average_rating is not None else None
		row.group = row.group or _("Open sessions")
	return rows
