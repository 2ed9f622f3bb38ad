# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, date_diff, getdate, today

from after_sales import service_terms
from after_sales.agreement.entitlement import MIN_FREE_MONTHS, contract_status, free_service_end
from after_sales.api.inputs import api
from after_sales.integrations import helpdesk


def notice_days() -> int:
	from after_sales.after_sales.doctype.after_sales_settings.after_sales_settings import get_settings

	days = get_settings().notice_days
	return 30 if days is None else cint(days)


class ServiceContract(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from after_sales.after_sales.doctype.service_contract_contact.service_contract_contact import (
			ServiceContractContact,
		)
		from after_sales.after_sales.doctype.service_contract_ticket_type.service_contract_ticket_type import (
			ServiceContractTicketType,
		)

		account_owner: DF.Link | None
		amended_from: DF.Link | None
		contacts: DF.Table[ServiceContractContact]
		contract_end: DF.Date
		contract_start: DF.Date
		customer: DF.Link
		end_notice_sent_on: DF.Datetime | None
		free_period_notice_sent_on: DF.Datetime | None
		free_service_end: DF.Date | None
		free_service_months: DF.Int
		naming_series: DF.Literal["SC-.YYYY.-"]
		onsite_visits_included: DF.Int
		previous_contract: DF.Link | None
		product: DF.Link
		send_monthly_report: DF.Check
		service_centre: DF.Link | None
		service_types: DF.TableMultiSelect[ServiceContractTicketType]
		sla_policy: DF.Link
		status: DF.Literal["Draft", "Scheduled", "Active", "Expiring", "Expired", "Cancelled", "Renewed"]
		terms: DF.TextEditor | None

	# end: auto-generated types
	def validate(self):
		self._validate_dates()
		self._set_free_service_end()
		self._validate_product()
		self._validate_policy()
		self._validate_contacts()
		self._validate_no_overlap()
		self.status = self.compute_status()

	def onload(self):
		if not self.is_new():
			self.set_onload(
				"onsite_visits_used",
				frappe.db.count("HD Ticket", {"service_contract": self.name, "diagnosis_mode": "On-site"}),
			)

	def before_submit(self):
		self._validate_no_overlap()

	def before_update_after_submit(self):
		# contacts change during a contract's life (people come and go); the same rules hold
		self._validate_contacts()

	def on_submit(self):
		self._mark_previous_renewed()
		from after_sales.after_sales.doctype.update_release.update_release import add_new_customer

		add_new_customer(self)

	def on_cancel(self):
		self.db_set("status", "Cancelled")
		if self.previous_contract:
			previous = frappe.get_doc("Service Contract", self.previous_contract)
			previous.db_set("status", previous.compute_status())

	def on_change(self):
		"""After every insert, save, submit, cancel (an amendment is an insert): the customer's next ticket
		reads its contracts again (service_terms caches them per customer and day)."""
		self._forget_customers_contracts()

	def on_trash(self):
		self._forget_customers_contracts()

	def _forget_customers_contracts(self):
		before = self.get_doc_before_save()
		for customer in {self.customer, before.customer if before else None}:
			service_terms.forget_contracts(customer)

	def compute_status(self, on=None) -> str:
		"""Status from dates and lifecycle (pure rule in after_sales.agreement.entitlement)."""
		renewed = bool(
			self.name
			and not self.is_new()
			and frappe.db.exists("Service Contract", {"previous_contract": self.name, "docstatus": 1})
		)
		return contract_status(
			docstatus=cint(self.docstatus),
			start=getdate(self.contract_start),
			end=getdate(self.contract_end),
			today=getdate(on or today()),
			expiring_days=notice_days(),
			renewed=renewed,
		).value

	@api(methods=["POST"])
	def make_renewal(self) -> str:
		"""A draft contract continuing this one: dates follow on, paid service (AGR-3). Returns its name."""
		self.check_permission("read")
		if not frappe.has_permission("Service Contract", "create"):
			frappe.throw(_("Not permitted to create contracts."), frappe.PermissionError)
		if self.docstatus != 1:
			frappe.throw(_("Only a submitted contract can be renewed."), title=_("Not submitted"))
		existing = frappe.db.get_value(
			"Service Contract", {"previous_contract": self.name, "docstatus": ("<", 2)}
		)
		if existing:
			return existing
		start = add_days(getdate(self.contract_end), 1)
		length = date_diff(self.contract_end, self.contract_start)
		renewal = frappe.copy_doc(self)
		renewal.update(
			{
				"previous_contract": self.name,
				"contract_start": start,
				"contract_end": add_days(start, length),
				"free_service_months": 0,
				"docstatus": 0,
				"status": "Draft",
				"amended_from": None,
				"free_period_notice_sent_on": None,
				"end_notice_sent_on": None,
			}
		)
		renewal.insert()
		return renewal.name

	def _validate_dates(self):
		if getdate(self.contract_end) <= getdate(self.contract_start):
			frappe.throw(
				_("The contract end ({0}) must be after its start ({1}).").format(
					frappe.format(self.contract_end, "Date"), frappe.format(self.contract_start, "Date")
				),
				title=_("Invalid dates"),
			)

	def _set_free_service_end(self):
		months = cint(self.free_service_months)
		if months < MIN_FREE_MONTHS and not (self.previous_contract and months == 0):
			frappe.throw(
				_(
					"The agreement gives at least {0} months of free service from the contract start (AGR-2). Only a renewal may have no free period."
				).format(MIN_FREE_MONTHS),
				title=_("Free service too short"),
			)
		if months == 0:
			self.free_service_end = None
			return
		self.free_service_end = free_service_end(getdate(self.contract_start), months)
		if self.free_service_end > getdate(self.contract_end):
			frappe.throw(
				_(
					"The free-service period runs until {0}, past the contract end ({1}). Extend the contract."
				).format(
					frappe.format(self.free_service_end, "Date"), frappe.format(self.contract_end, "Date")
				),
				title=_("Free service outside the contract"),
			)

	def _validate_product(self):
		if frappe.db.get_value("Software Product", self.product, "disabled"):
			frappe.throw(
				_("Product {0} is disabled.").format(frappe.bold(self.product)), title=_("Disabled product")
			)

	def _validate_policy(self):
		if not frappe.db.get_value("SLA Policy", self.sla_policy, "enabled"):
			frappe.throw(
				_("SLA Policy {0} is disabled. Choose an enabled policy.").format(
					frappe.bold(self.sla_policy)
				),
				title=_("Disabled policy"),
			)

	def _validate_contacts(self):
		seen: set[str] = set()
		primaries = 0
		for row in self.contacts:
			if row.contact in seen:
				frappe.throw(
					_("Contact {0} is listed twice.").format(frappe.bold(row.contact)),
					title=_("Duplicate contact"),
				)
			seen.add(row.contact)
			primaries += cint(row.is_primary)
			if not _contact_belongs_to(row.contact, self.customer):
				frappe.throw(
					_("Row {0}: contact {1} does not belong to customer {2}.").format(
						row.idx, frappe.bold(row.contact), frappe.bold(self.customer)
					),
					title=_("Contact of another customer"),
				)
		if primaries > 1:
			frappe.throw(_("Only one contact can be primary."), title=_("Several primary contacts"))

	def _validate_no_overlap(self):
		"""No two submitted contracts for the same customer and product may cover the same day."""
		clash = frappe.get_all(
			"Service Contract",
			filters={
				"customer": self.customer,
				"product": self.product,
				"docstatus": 1,
				"name": ("!=", self.name or ""),
				"contract_start": ("<=", self.contract_end),
				"contract_end": (">=", self.contract_start),
			},
			fields=["name", "contract_start", "contract_end"],
			limit=1,
		)
		if clash:
			other = clash[0]
			frappe.throw(
				_(
					"Contract {0} already covers {1} for {2} from {3} to {4}. The periods must not overlap."
				).format(
					frappe.bold(other.name),
					frappe.bold(self.product),
					frappe.bold(self.customer),
					frappe.format(other.contract_start, "Date"),
					frappe.format(other.contract_end, "Date"),
				),
				title=_("Overlapping contract"),
			)

	def _mark_previous_renewed(self):
		if self.previous_contract:
			frappe.db.set_value("Service Contract", self.previous_contract, "status", "Renewed")


def _contact_belongs_to(contact: str, customer: str) -> bool:
	return helpdesk.contact_belongs_to(contact, customer)
