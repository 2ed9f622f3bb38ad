# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Existing sites in China get the Statutory Calendar "China" (holidays and make-up working days from the
holidays library) and the default policy names it, as a new install does."""

import frappe


def execute():
	frappe.reload_doc("after_sales", "doctype", "statutory_calendar_day")
	frappe.reload_doc("after_sales", "doctype", "statutory_calendar")
	frappe.reload_doc("after_sales", "doctype", "sla_policy")
	from after_sales.install import create_default_statutory_calendar

	create_default_statutory_calendar()
