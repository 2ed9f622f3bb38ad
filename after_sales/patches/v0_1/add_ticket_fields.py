# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Existing sites get the HD Ticket fields, template rows and Helpdesk SLAs the app now keeps."""

import frappe

from after_sales.install import create_ticket_fields, take_over_acknowledgement
from after_sales.integrations.helpdesk import sync_policy


def execute():
	create_ticket_fields()
	for name in frappe.get_all("SLA Policy", pluck="name"):
		sync_policy(frappe.get_doc("SLA Policy", name))
	take_over_acknowledgement()
