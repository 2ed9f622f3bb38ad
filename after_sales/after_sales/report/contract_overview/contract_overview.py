# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Contracts: active, expiring within N days, in their free period, expired without renewal; tickets
per contract (AGR-2, AGR-3). Aggregated in SQL."""

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, today

from after_sales.api.inputs import report_filters


def execute(filters: dict | None = None):
	filters = report_filters(filters)
	rows = data(filters)
	return columns(), rows, None, None, summary(rows)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "contract",
			"label": _("Contract"),
			"fieldtype": "Link",
			"options": "Service Contract",
			"width": 140,
		},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "HD Customer",
			"width": 180,
		},
		{
			"fieldname": "product",
			"label": _("Product"),
			"fieldtype": "Link",
			"options": "Software Product",
			"width": 140,
		},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 100},
		{"fieldname": "contract_end", "label": _("Contract End"), "fieldtype": "Date", "width": 110},
		{
			"fieldname": "free_service_end",
			"label": _("Free Service Until"),
			"fieldtype": "Date",
			"width": 130,
		},
		{"fieldname": "in_free_period", "label": _("In Free Period"), "fieldtype": "Check", "width": 110},
		{"fieldname": "expiring_soon", "label": _("Expiring Soon"), "fieldtype": "Check", "width": 110},
		{
			"fieldname": "expired_unrenewed",
			"label": _("Expired Without Renewal"),
			"fieldtype": "Check",
			"width": 170,
		},
		{"fieldname": "tickets", "label": _("Tickets"), "fieldtype": "Int", "width": 80},
	]


def data(filters) -> list[dict]:
	on = getdate(filters.get("date") or today())
	horizon = add_days(on, cint(filters.get("expiring_within") or 30))
	conditions, values = ["c.docstatus = 1"], {"on": on, "horizon": horizon}
	for key in ("customer", "product", "status", "service_centre"):
		if filters.get(key):
			conditions.append(f"c.`{key}` = %({key})s")  # keys from this fixed list only
			values[key] = filters[key]
	return frappe.db.sql(
		f"""select c.name as contract, c.customer, c.product, c.status, c.contract_end, c.free_service_end,
			(c.contract_start <= %(on)s and c.free_service_end >= %(on)s) as in_free_period,
			(c.contract_end between %(on)s and %(horizon)s) as expiring_soon,
			(c.contract_end < %(on)s and not exists (select 1 from `tabService Contract` r
				where r.previous_contract = c.name and r.docstatus = 1)) as expired_unrenewed,
			(select count(*) from `tabHD Ticket` t where t.service_contract = c.name) as tickets
		from `tabService Contract` c
		where {" and ".join(conditions)}
		order by c.contract_end asc""",
		values,
		as_dict=True,
	)


def summary(rows) -> list[dict]:
	return [
		{
			"label": _("Active"),
			"value": sum(1 for r in rows if r.status in ("Active", "Expiring")),
			"datatype": "Int",
			"indicator": "Green",
		},
		{
			"label": _("Expiring soon"),
			"value": sum(int(r.expiring_soon or 0) for r in rows),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{
			"label": _("In free period"),
			"value": sum(int(r.in_free_period or 0) for r in rows),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"label": _("Expired without renewal"),
			"value": sum(int(r.expired_unrenewed or 0) for r in rows),
			"datatype": "Int",
			"indicator": "Red",
		},
	]
