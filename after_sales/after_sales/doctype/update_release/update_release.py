# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, get_datetime, get_url, getdate, now_datetime, today

from after_sales import mail
from after_sales.agreement.entitlement import ContractTerms, pick_contract
from after_sales.agreement.metrics import reach_percent
from after_sales.agreement.versions import is_valid_version, sortable_version
from after_sales.api.inputs import api
from after_sales.integrations import helpdesk
from after_sales.permissions import ScopedRows, only_managers

FROZEN_WHEN_PUBLISHED = ("product", "version")


class UpdateRelease(ScopedRows, Document):
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
			if self.status == "Published" and not self.flags.publishing:
				# setting the status (a REST write, an import) would skip the deliveries and e-mails
				frappe.throw(
					_("Use Publish to publish a release: it creates the deliveries and tells the customers."),
					title=_("Not published"),
				)
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
			if row.status != "Pending":
				row.note = None  # the note only ever says why a delivery is still pending
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

	@api(methods=["POST"])
	def publish(self) -> None:
		"""Publish the release to every customer entitled to it today (AGR-2, AGR-11). Cannot be undone."""
		only_managers()
		self.check_permission("write")
		if self.status == "Published":
			frappe.throw(_("Release {0} is already published.").format(frappe.bold(self.title)))
		if not (self.attachment or self.download_link):
			frappe.throw(
				_("Attach the release file or give a download link before publishing."),
				title=_("Nothing to deliver"),
			)
		self.status = "Published"
		self.flags.publishing = True
		self.published_on = now_datetime()
		for customer, contract in entitled_customers(self.product, getdate(today())).items():
			if not any(row.customer == customer for row in self.deliveries):
				self.append("deliveries", {"customer": customer, "contract": contract, "status": "Pending"})
		for row in self.deliveries:
			if row.status == "Pending" and not row.notified_on:
				self.notify(row)
		self.save()

	@api(methods=["POST"])
	def notify_pending(self) -> int:
		"""E-mail the customers a published release could not reach yet (no contact e-mail or no outgoing
		account at the time). Returns how many were notified now."""
		self.check_permission("write")
		if self.status != "Published":
			frappe.throw(_("Publish the release first."))
		pending = [row for row in self.deliveries if row.status == "Pending" and not row.notified_on]
		for row in pending:
			self.notify(row)
		self.save()
		return sum(1 for row in pending if row.status == "Notified")

	def onload(self):
		super().onload()  # a customer's contact: its own deliveries only, counted below too
		if self.status == "Published":
			self.set_onload("overdue_deliveries", self.overdue_deliveries())

	def overdue_deliveries(self) -> int:
		"""Customers who have not installed the release N days after publication (After Sales Settings)."""
		from after_sales.after_sales.doctype.after_sales_settings.after_sales_settings import get_settings

		days = get_settings().release_pending_days
		cutoff = add_days(now_datetime(), -(14 if days is None else int(days)))
		return sum(
			1
			for row in self.deliveries
			if row.status in ("Pending", "Notified")
			and get_datetime(row.notified_on or self.published_on) <= cutoff
		)

	def notify(self, row) -> None:
		"""E-mail the customer's contacts about the release (AGR-11); without an address the row stays Pending."""
		emails = customer_emails(row.customer, row.contract)
		if not emails:
			row.note = _("No contact e-mail: add one to the customer's contacts, then use Notify Pending.")[
				:140
			]
			return
		if not mail.can_send():
			row.note = _("No outgoing e-mail account: set one up in Email Account, then use Notify Pending.")[
				:140
			]
			return
		security = self.release_type == "Security"
		subject = (_("[Security] {0} {1} is available") if security else _("{0} {1} is available")).format(
			self.product, self.version
		)
		link = self.download_link or (self.attachment and get_url(self.attachment)) or ""
		# both parts from the app's templates (update_release.html and .txt): Frappe 15.105 would make the
		# text part from the HTML without the link's address
		frappe.sendmail(
			recipients=emails,
			subject=subject,
			template="update_release",
			args={"release": self, "security": security, "link": link, "customer": row.customer},
			reference_doctype="Update Release",
			reference_name=self.name,
		)
		row.status = "Notified"
		row.notified_on = now_datetime()
		row.note = None


def customer_emails(customer: str, contract: str | None) -> list[str]:
	"""The contract's contacts' e-mails, else those of every contact of the customer."""
	emails = []
	if contract:
		emails = frappe.get_all(
			"Service Contract Contact",
			filters={"parent": contract, "parenttype": "Service Contract", "email_id": ("is", "set")},
			pluck="email_id",
		)
	if not emails:
		contacts = helpdesk.contacts_of_customers([customer])
		if contacts:
			emails = frappe.get_all(
				"Contact", filters={"name": ("in", contacts), "email_id": ("is", "set")}, pluck="email_id"
			)
	return sorted(set(emails))


def add_new_customer(contract) -> None:
	"""A customer entitled after publication gets the product's newest published release, once (AGR-11)."""
	newest = frappe.get_all(
		"Update Release",
		filters={"product": contract.product, "status": "Published"},
		order_by="version_key desc",
		pluck="name",
		limit=1,
	)
	if not newest:
		return
	release = frappe.get_doc("Update Release", newest[0])
	if any(row.customer == contract.customer for row in release.deliveries):
		return
	row = release.append(
		"deliveries", {"customer": contract.customer, "contract": contract.name, "status": "Pending"}
	)
	release.notify(row)
	release.flags.ignore_permissions = True
	release.save()


def link_ticket(ticket) -> None:
	"""An upgrade ticket naming a release is linked to its customer's delivery row."""
	if not (ticket.update_release and ticket.customer):
		return
	row = frappe.db.get_value(
		"Update Release Delivery",
		{"parent": ticket.update_release, "parenttype": "Update Release", "customer": ticket.customer},
		"name",
	)
	if row:
		frappe.db.set_value("Update Release Delivery", row, "ticket", ticket.name, update_modified=False)


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
