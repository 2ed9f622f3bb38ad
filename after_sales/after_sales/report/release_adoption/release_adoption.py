# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Per customer and product: the newest version installed and how many releases behind it is (AGR-11)."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Max
from frappe.utils import getdate, today

from after_sales.api.inputs import report_filters


def execute(filters: dict | None = None):
	filters = report_filters(filters)
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
	"""One row per contract active on the day: the newest version its customer installed (among the
	product's published releases), the latest published version and the published releases newer than
	the installed one (all of them when none is installed). Versions compare by `version_key`, the
	sortable form of the version number (2.10 after 2.9), in SQL."""
	on = getdate(filters.get("date") or today())
	contract = frappe.qb.DocType("Service Contract")
	installed = _newest_installed_keys()
	latest = _latest_published_keys()
	current = frappe.qb.DocType("Update Release").as_("current_release")
	latest_release = frappe.qb.DocType("Update Release").as_("latest_release")
	newer = frappe.qb.DocType("Update Release").as_("newer_release")
	query = (
		frappe.qb.from_(contract)
		.left_join(installed)
		.on((installed.customer == contract.customer) & (installed.product == contract.product))
		.left_join(current)
		.on(_published_release(current, contract.product, current.version_key == installed.version_key))
		.left_join(latest)
		.on(latest.product == contract.product)
		.left_join(latest_release)
		.on(
			_published_release(
				latest_release, contract.product, latest_release.version_key == latest.version_key
			)
		)
		.left_join(newer)
		.on(
			_published_release(
				newer,
				contract.product,
				installed.version_key.isnull() | (newer.version_key > installed.version_key),
			)
		)
		.select(
			contract.customer,
			contract.product,
			contract.name.as_("contract"),
			current.version.as_("installed_version"),
			latest_release.version.as_("latest_version"),
			Count(newer.name).as_("releases_behind"),
		)
		.where(contract.docstatus == 1)
		.where(contract.contract_start <= on)
		.where(contract.contract_end >= on)
		.groupby(contract.name, contract.customer, contract.product, current.version, latest_release.version)
		.orderby(contract.customer)
		.orderby(contract.product)
	)
	if filters.get("product"):
		query = query.where(contract.product == filters.product)
	if filters.get("customer"):
		query = query.where(contract.customer == filters.customer)
	rows = query.run(as_dict=True)
	for row in rows:
		row.installed_version = row.installed_version or _("none")
		row.releases_behind = int(row.releases_behind or 0)
	return rows


def _newest_installed_keys():
	"""Subquery: per customer and product, the highest `version_key` among its installed deliveries."""
	release = frappe.qb.DocType("Update Release")
	delivery = frappe.qb.DocType("Update Release Delivery")
	return (
		frappe.qb.from_(delivery)
		.join(release)
		.on(delivery.parent == release.name)
		.select(delivery.customer, release.product, Max(release.version_key).as_("version_key"))
		.where(delivery.parenttype == "Update Release")
		.where(delivery.status == "Installed")
		.groupby(delivery.customer, release.product)
	).as_("installed")


def _latest_published_keys():
	"""Subquery: per product, the highest `version_key` among its published releases."""
	release = frappe.qb.DocType("Update Release")
	return (
		frappe.qb.from_(release)
		.select(release.product, Max(release.version_key).as_("version_key"))
		.where(release.status == "Published")
		.groupby(release.product)
	).as_("latest")


def _published_release(release, product, condition):
	"""Join condition: a published release of `product` meeting `condition` (product and `version_key`
	are unique together, so an equality on the key joins at most one row)."""
	return (release.product == product) & (release.status == "Published") & condition
