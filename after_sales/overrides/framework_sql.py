# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""No sub-query in a list's sort or grouping (AGR-25).

Frappe 15's list queries (`DatabaseQuery`: `frappe.get_list`, `frappe.client.get_list`, `/api/resource`,
`frappe.desk.reportview`, Helpdesk's agent and portal lists) take `order_by` and `group_by` from the
caller as SQL, and `validate_order_by_and_group_by` means to refuse a sub-query in them. It searches for
`"\\b" + pattern + "\\b"`: without the raw prefix that is a backspace character, not a word boundary, so
the search never matches. Its character allow-list still lets `if((select count(name) from `tabHD Ticket`
where customer in ('B')) - 1, ...)` through: a customer's contact sorts its own tickets by a yes/no about
any table (another customer's tickets, contacts, the compliance counts) and reads the answer from the
order.

`install` puts the check Frappe meant in front of Frappe's own, which then runs unchanged. hooks.py runs it
at the start of every request and background job (`before_request`, `before_job`); it is idempotent.
"""

import re

import frappe
from frappe import _
from frappe.model.db_query import DatabaseQuery

SUB_QUERY = re.compile(r"\b(?:union|intersect)\b|\bselect\b.*\bfrom\b", re.IGNORECASE | re.DOTALL)
_frappe_check = DatabaseQuery.validate_order_by_and_group_by


def validate_order_by_and_group_by(self, parameters: str):
	if parameters and SUB_QUERY.search(str(parameters)):
		frappe.throw(_("A list cannot be sorted or grouped by a sub-query."), frappe.ValidationError)
	return _frappe_check(self, parameters)


def install(*args, **kwargs) -> None:
	"""`before_request` / `before_job` (the latter passes the job's method and arguments, unused)."""
	if DatabaseQuery.validate_order_by_and_group_by is not validate_order_by_and_group_by:
		DatabaseQuery.validate_order_by_and_group_by = validate_order_by_and_group_by
