# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The portal menu's My Requests goes to Helpdesk's portal (/helpdesk/my-tickets) instead of the app's
retired /my-requests. Frappe's sync of standard portal menu items (PortalSettings.add_item) matches rows by
route and never rewrites one: left alone, an existing site would keep the old row and gain a second
My Requests. The row is moved instead, keeping what the site set on it (enabled, role)."""

import frappe

OLD, NEW = "/my-requests", "/helpdesk/my-tickets"


def execute():
	settings = frappe.get_single("Portal Settings")
	old = [row for row in settings.menu if row.route == OLD]
	if not old:
		return
	kept = next((row for row in settings.menu if row.route == NEW), None)
	for row in old:
		if kept:  # the sync already added the new row: the old one goes
			settings.remove(row)
		else:
			row.route = NEW
			kept = row
	settings.save()
