# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Per customer and product: the newest version installed and how many releases behind it is (AGR-11)."""

import frappe
from frappe import _
from frappe.query_builder.functions import Max
from frappe.utils import getdate, today


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	return columns(), data(filters)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "HD Customer",
			"width": 200,
		},
		{
			"fieldname": "product",
			"label": _("Product"),
			"fieldtype": "Link",
			"options": "Software Product",
			"width": 160,
		},
		{
			"fieldname": "contract",
			"label": _("Contract"),
			"fieldtype": "Link",
			"options": "Service Contract",
			"width": 140,
		},
		{"fieldname": "installed_version", "label": _("Newest Installed"), "fieldtype": "Data", "width": 130},
		{"fieldname": "latest_version", "label": _("Latest Release"), "fieldtype": "Data", "width": 120},
		{"fieldname": "releases_behind", "label": _("Releases Behind"), "fieldtype": "Int", "width": 130},
	]


def data(filters) -> list[dict]:
	on = getdate(filters.get("date") or today())
	contract = frappe.qb.DocType("Service Contract")
	query = (
		frappe.qb.from_(contract)
		.select(contract.name, contract.customer, contract.product)
		.where(contract.docstatus == 1)
		.where(contract.contract_start <= on)
		.where(contract.contract_end >= on)
		.orderby(contract.customer)
		.orderby(contract.product)
	)
	if filters.get("product"):
		query = query.where(contract.product == filters.product)
	if filters.get("customer"):
		query = query.where(contract.customer == filters.customer)
	contracts = query.run(as_dict=True)
	if not contracts:
		return []

	release = frappe.qb.DocType("Update Release")
	published = (
		frappe.qb.from_(release)
		.select(release.product, release.version, release.version_key)
		.where(release.status == "Published")
		.run(as_dict=True)
	)
	by_product: dict[str, list] = {}
	for row in published:
		by_product.setdefault(row.product, []).append(row)

	delivery = frappe.qb.DocType("Update Release Delivery")
	installed = (
		frappe.qb.from_(delivery)
		.join(release)
		.on(delivery.parent == release.name)
		.select(delivery.customer, release.product, Max(release.version_key).as_("version_key"))
		.where(delivery.parenttype == "Update Release")
		.where(delivery.status == "Installed")
		.groupby(delivery.customer, release.product)
		.run(as_dict=True)
	)
	installed_key = {(row.customer, row.product): row.version_key for row in installed}

	out = []
	for row in contracts:
		releases = by_product.get(row.product, [])
		key = installed_key.get((row.customer, row.product))
		latest = max(releases, key=lambda r: r.version_key) if releases else None
		current = next((r for r in releases if r.version_key == key), None) if key else None
		behind = sum(1 for r in releases if key is None or r.version_key > key)
		out.append(
			{
				"customer": row.customer,
				"product": row.product,
				"contract": row.name,
				"installed_version": current.version if current else _("none"),
				"latest_version": latest.version if latest else None,
				"releases_behind": behind,
			}
		)
	return out
