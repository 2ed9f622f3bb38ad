# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Requests handled (AGR-27: over 5,000 a year), by channel (AGR-4) and service type (AGR-6..13), and
customer satisfaction from Helpdesk's feedback ratings (AGR-27: over 90%). Aggregated in SQL."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, DateFormat, Sum
from frappe.utils import date_diff, getdate

from after_sales.agreement.metrics import POSITIVE_RATING, SATISFACTION_TARGET_PERCENT, share_percent
from after_sales.api.inputs import report_filters

YEARLY_VOLUME = 5000  # AGR-27
CHANNELS = ("E-mail", "Portal", "Phone", "Chat")
GROUPS = ("month", "request_channel", "ticket_type")


def execute(filters: dict | None = None):
	filters = report_filters(filters)
	group = filters.get("group_by") or "month"
	if group not in GROUPS:
		frappe.throw(_("Group by month, channel or service type."), title=_("Invalid filter"))
	rows = data(filters, group)
	return columns(group), rows, None, None, summary(rows, filters)


def columns(group: str) -> list[dict]:
	label = {"month": _("Month"), "request_channel": _("Channel"), "ticket_type": _("Service Type")}[group]
	cols = [
		{"fieldname": "group", "label": label, "fieldtype": "Data", "width": 140},
		{"fieldname": "requests", "label": _("Requests"), "fieldtype": "Int", "width": 100},
	]
	if group != "request_channel":
		cols += [
			{"fieldname": frappe.scrub(c), "label": _(c), "fieldtype": "Int", "width": 90} for c in CHANNELS
		]
	cols += [
		{"fieldname": "rated", "label": _("Rated"), "fieldtype": "Int", "width": 80},
		{"fieldname": "positive", "label": _("Positive"), "fieldtype": "Int", "width": 90},
		{"fieldname": "satisfaction", "label": _("Satisfaction"), "fieldtype": "Percent", "width": 120},
	]
	return cols


def _query(filters):
	ticket = frappe.qb.DocType("HD Ticket")
	query = frappe.qb.from_(ticket)
	if filters.get("from_date"):
		query = query.where(ticket.opening_date >= getdate(filters.from_date))
	if filters.get("to_date"):
		query = query.where(ticket.opening_date <= getdate(filters.to_date))
	for key, column in (
		("customer", ticket.customer),
		("service_contract", ticket.service_contract),
		("service_centre", ticket.agent_group),
		("request_channel", ticket.request_channel),
		("ticket_type", ticket.ticket_type),
		("urgency", ticket.urgency),
	):
		if filters.get(key):
			query = query.where(column == filters[key])
	if filters.get("product"):
		contract = frappe.qb.DocType("Service Contract")
		query = query.where(
			ticket.service_contract.isin(
				frappe.qb.from_(contract).select(contract.name).where(contract.product == filters.product)
			)
		)
	return ticket, query


def data(filters, group: str) -> list[dict]:
	ticket, query = _query(filters)
	if group == "month":
		key = DateFormat(ticket.opening_date, "%Y-%m")
	else:
		key = ticket[group]
	rated = ticket.feedback_rating > 0
	selects = [
		key.as_("group"),
		Count("*").as_("requests"),
		Sum(Case().when(rated, 1).else_(0)).as_("rated"),
		Sum(Case().when(ticket.feedback_rating >= POSITIVE_RATING, 1).else_(0)).as_("positive"),
	]
	if group != "request_channel":
		selects += [
			Sum(Case().when(ticket.request_channel == channel, 1).else_(0)).as_(frappe.scrub(channel))
			for channel in CHANNELS
		]
	rows = query.select(*selects).groupby(key).orderby(key).run(as_dict=True)
	for row in rows:
		row.group = row.group if group == "month" else _(row.group or "-")
		row.satisfaction = share_percent(int(row.positive or 0), int(row.rated or 0))
	return rows


def summary(rows, filters) -> list[dict]:
	requests = sum(int(r.requests) for r in rows)
	rated = sum(int(r.rated or 0) for r in rows)
	positive = sum(int(r.positive or 0) for r in rows)
	out = [{"label": _("Requests handled"), "value": requests, "datatype": "Int", "indicator": "Blue"}]
	if filters.get("from_date") and filters.get("to_date"):
		days = date_diff(filters.to_date, filters.from_date) + 1
		yearly = round(requests * 365 / days) if days > 0 else None
		if yearly is not None:
			out.append(
				{
					"label": _("Per year at this rate (AGR-27 cites over {0})").format(YEARLY_VOLUME),
					"value": yearly,
					"datatype": "Int",
					"indicator": "Green" if yearly > YEARLY_VOLUME else "Orange",
				}
			)
	satisfaction = share_percent(positive, rated)
	out.append(
		{
			"label": _("Satisfaction (AGR-27: over {0}%)").format(int(SATISFACTION_TARGET_PERCENT)),
			"value": _("no ratings") if satisfaction is None else f"{satisfaction}%",
			"datatype": "Data",
			"indicator": "Grey"
			if satisfaction is None
			else ("Green" if satisfaction > SATISFACTION_TARGET_PERCENT else "Red"),
		}
	)
	return out


def rolling_satisfaction(days: int = 30) -> tuple[float | None, int]:
	"""Share of positive ratings over the last `days` days, and how many ratings it rests on."""
	from frappe.utils import add_days, today

	ticket = frappe.qb.DocType("HD Ticket")
	row = (
		frappe.qb.from_(ticket)
		.select(
			Sum(Case().when(ticket.feedback_rating > 0, 1).else_(0)).as_("rated"),
			Sum(Case().when(ticket.feedback_rating >= POSITIVE_RATING, 1).else_(0)).as_("positive"),
		)
		.where(ticket.opening_date >= add_days(today(), -days))
		.run(as_dict=True)[0]
	)
	rated = int(row.rated or 0)
	return share_percent(int(row.positive or 0), rated), rated
