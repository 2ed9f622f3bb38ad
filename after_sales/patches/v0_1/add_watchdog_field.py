# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Existing sites get the watchdog's indexed `next_check_at`, computed for their open tickets."""

import frappe

from after_sales import watchdog
from after_sales.install import create_ticket_fields


def execute():
	create_ticket_fields()
	frappe.clear_cache(doctype="HD Ticket")
	open_tickets = frappe.get_all(
		"HD Ticket",
		filters={"sla_policy": ("is", "set"), "status_category": ("!=", "Resolved")},
		pluck="name",
	)
	for name in open_tickets:
		doc = frappe.get_doc("HD Ticket", name)
		policy = frappe.get_cached_doc("SLA Policy", doc.sla_policy)
		watchdog.set_next_check(doc, policy)
		frappe.db.set_value("HD Ticket", name, "next_check_at", doc.next_check_at, update_modified=False)
