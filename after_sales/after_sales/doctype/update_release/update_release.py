# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, today

from after_sales.agreement.entitlement import ContractTerms, pick_contract
from after_sales.agreement.metrics import reach_percent
from after_sales.agreement.versions import is_valid_version, sortable_version

MANAGER_ROLES = ("After Sales Manager", "System Manager")
FROZEN_WHEN_PUBLISHED = ("product", "version")


class UpdateRelease(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from after_sales.after_sales.doctype.update_release_delivery.update_release_delivery import (
			UpdateReleaseDelivery,
		)

		attachment: DF.Attach | None
		deliveries: DF.Table[UpdateReleaseDelivery]
		download_link: DF.Data | None
		entitled_customers: DF.Int
		installed_customers: DF.Int
		naming_series: DF.Literal["UR-.YYYY.-"]
		product: DF.Link
		published_on: DF.Datetime | None
		reach_percent: DF.Percent
		release_date: DF.Date
		release_notes: DF.TextEditor | None
		release_type: DF.Literal["Bug fix", "Optimisation", "Feature", "Security"]
		status: DF.Literal["Draft", "Published"]
		title: DF.Data | None
		version: DF.Data
		version_key: DF.Data | None

	# end: auto-generated types
	def validate(self):
		self._validate_version()
		self._validate_published_unchanged()
		self._validate_deliveries()
		self._set_reach()
		self.title = f"{self.product} {self.version}"

	def _validate_version(self):
		self.version = (self.version or "").strip()
		if not is_valid_version(self.version):
			frappe.throw(
				_("{0} is not a version number. Use digits separated by dots, such as 2.10 or 3.0.1.").format(
					frappe.bold(self.version)
				),
				title=_("Invalid version"),
			)
		self.version_key = sortable_version(self.version)
		duplicate = frappe.db.exists(
			"Update Release",
			{"product": self.product, "version_key": self.version_key, "name": ("!=", self.name or "")},
		)
		if duplicate:
			frappe.throw(
				_("Version {0} of {1} already exists as {2}.").format(
					frappe.bold(self.version), frappe.bold(self.product), frappe.bold(duplicate)
				),
				title=_("Duplicate version"),
			)

	def _validate_published_unchanged(self):
		before = self.get_doc_before_save()
		if not before or before.status != "Published":
			return
		if self.status != "Published":
			frappe.throw(_("A published release cannot be unpublished."), title=_("Already published"))
		for fieldname in FROZEN_WHEN_PUBLISHED:
			if self.get(fieldname) != before.get(fieldname):
				frappe.throw(
					_("The {0} of a published release cannot change.").format(
						_(self.meta.get_label(fieldname))
					),
					title=_("Already published"),
				)

	def _validate_deliveries(self):
		seen: set[str] = set()
		for row in self.deliveries:
			if row.customer in seen:
				frappe.throw(
					_("Deliveries row {0}: customer {1} is listed twice.").format(
						row.idx, frappe.bold(row.customer)
					),
					title=_("Duplicate delivery"),
				)
			seen.add(row.customer)
			if row.status == "Installed" and not row.installed_on:
				row.installed_on = today()
			if row.status != "Installed":
				row.installed_on = None
			if row.status == "Declined" and not (row.decline_reason or "").strip():
				frappe.throw(
					_("Deliveries row {0}: give the reason why {1} declined the release.").format(
						row.idx, frappe.bold(row.customer)
					),
					title=_("Missing reason"),
				)

	def _set_reach(self):
		self.entitled_customers = len(self.deliveries)
		self.installed_customers = sum(1 for row in self.deliveries if row.status == "Installed")
		self.reach_percent = reach_percent(self.installed_customers, self.entitled_customers) or 0

	@frappe.whitelist()
	def publish(self) -> None:
		"""Publish the release to every customer entitled to it today (AGR-2, AGR-11). Cannot be undone."""
		frappe.only_for(MANAGER_ROLES)
		self.check_permission("write")
		if self.status == "Published":
			frappe.throw(_("Release {0} is already published.").format(frappe.bold(self.title)))
		if not (self.attachment or self.download_link):
			frappe.throw(
				_("Attach the release file or give a download link before publishing."),
				title=_("Nothing to deliver"),
			)
		self.status = "Published"
		self.published_on = now_datetime()
		for customer, contract in entitled_customers(self.product, getdate(today())).items():
			if not any(row.customer == customer for row in self.deliveries):
				self.append("deliveries", {"customer": customer, "contract": contract, "status": "Pending"})
		self.save()


def entitled_customers(product: str, on) -> dict[str, str]:
	"""Customers with a submitted contract for `product` covering day `on`, mapped to that contract."""
	rows = frappe.get_all(
		"Service Contract",
		filters={
			"product": product,
			"docstatus": 1,
			"contract_start": ("<=", on),
			"contract_end": (">=", on),
		},
		fields=["name", "customer", "contract_start", "contract_end", "free_service_months"],
		order_by="customer asc, name asc",
	)
	by_customer: dict[str, list] = {}
	for row in rows:
		terms = ContractTerms(
			start=getdate(row.contract_start),
			end=getdate(row.contract_end),
			free_months=row.free_service_months or 0,
		)
		by_customer.setdefault(row.customer, []).append((row.name, terms))
	result = {}
	for customer, candidates in by_customer.items():
		contract = pick_contract(candidates, on)
		if contract:
			result[customer] = contract
	return result


def on_doctype_update():
	frappe.db.add_unique(
		"Update Release", ["product", "version_key"], constraint_name="unique_product_version"
	)
