# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Scheduled jobs. Each is idempotent and handles one record at a time."""

import frappe
from frappe.utils import today

OPEN_CONTRACT_STATUSES = ("Scheduled", "Active", "Expiring")


def refresh_contract_statuses():
	"""Keep submitted contracts' status true to their dates (AGR-2, AGR-3): Scheduled -> Active -> Expiring -> Expired."""
	on = today()
	for name in frappe.get_all(
		"Service Contract",
		filters={"docstatus": 1, "status": ("in", OPEN_CONTRACT_STATUSES)},
		pluck="name",
	):
		try:
			contract = frappe.get_doc("Service Contract", name)
			status = contract.compute_status(on=on)
			if status != contract.status:
				contract.db_set("status", status)
		except Exception:
			frappe.log_error(title=f"Service Contract {name}: status refresh failed")
