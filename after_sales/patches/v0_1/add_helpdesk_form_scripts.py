# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Existing sites get the app's HD Form Scripts (helpdesk_ui/), switched on as a new site has them."""

import frappe

from after_sales import helpdesk_ui

SETTINGS = "After Sales Settings"


def execute():
	for script in helpdesk_ui.SCRIPTS:
		stored = frappe.db.sql(
			"select 1 from `tabSingles` where doctype = %s and field = %s", (SETTINGS, script.setting)
		)
		if not stored:
			frappe.db.set_single_value(SETTINGS, script.setting, 1)
	helpdesk_ui.sync()
