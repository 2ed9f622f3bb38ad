# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Install, uninstall and install again on the test site; Helpdesk keeps working in between.

It leaves the app installed again, so the modules that run after it find everything in place (their
records come from the factories in after_sales/tests/utils.py).
"""

import frappe
from frappe.installer import install_app, remove_app
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, today

from after_sales import helpdesk_ui
from after_sales.install import APP_ROLES, APP_TICKET_TYPES, DEFAULT_POLICY
from after_sales.integrations import helpdesk
from after_sales.integrations.helpdesk import hd_sla_name
from after_sales.tests.utils import make_customer, small_pdf
from after_sales.ticket_fields import (
	HELPDESK_INDEXED_FIELDS,
	TICKET_COLUMNS,
	TICKET_FIELDNAMES,
	TICKET_INDEXES,
)

APP_DOCTYPES = (
	"SLA Policy",
	"SLA Policy Target",
	"SLA Working Hours",
	"SLA Follow-up Rule",
	"Service Contract",
	"Service Contract Contact",
	"Service Contract Ticket Type",
	"Software Product",
	"Update Release",
	"Update Release Delivery",
	"Training Session",
	"Training Attendee",
	"After Sales Settings",
	"SLA Alert Log",
	"Service Follow-up",
	"Monthly Service Report",
	"Monthly Service Report Line",
	"Compliance Day",
	"Compliance Recount",
	"Statutory Calendar",
	"Statutory Calendar Day",
	"Alert Robot",
	"Alert Robot Delivery",
)
SINGLES = ("After Sales Settings",)


def computed_columns() -> set[str]:
	"""The app's computed columns on this site's HD Ticket (Frappe's column cache mixes sites' tables)."""
	return set(
		frappe.db.sql_list(
			"""select column_name from information_schema.columns where table_schema = database()
			and table_name = 'tabHD Ticket' and column_name in %(names)s""",
			{"names": tuple(TICKET_COLUMNS)},
		)
	)


def forget_hooks():
	"""Drop this process's cached hooks, as a new request would start without them."""
	frappe.clear_cache()
	frappe.local.request_cache.clear()
	if hasattr(frappe.local, "doc_events_hooks"):
		del frappe.local.doc_events_hooks


class TestInstall(FrappeTestCase):
	def assert_installed(self):
		self.assertIn("after_sales", frappe.get_installed_apps())
		for doctype in APP_DOCTYPES:
			self.assertTrue(frappe.db.exists("DocType", doctype), doctype)
			if doctype not in SINGLES:
				self.assertTrue(frappe.db.table_exists(doctype), doctype)
		for role in APP_ROLES:
			self.assertTrue(frappe.db.exists("Role", role), role)
			for doctype, ptypes in helpdesk.STAFF_ACCESS.items():
				for ptype in ptypes:  # what the reports and link fields need of Helpdesk's doctypes
					self.assertTrue(helpdesk._granted(doctype, role, ptype), (role, doctype, ptype))
		for ticket_type in APP_TICKET_TYPES:
			self.assertTrue(frappe.db.exists("HD Ticket Type", ticket_type), ticket_type)
		self.assertTrue(frappe.db.exists("Workspace", "After Sales"))
		self.assertTrue(frappe.db.exists("Number Card", "Tickets at Risk"))
		self.assertTrue(frappe.db.exists("Dashboard Chart", "Compliance by Week"))
		self.assertTrue(frappe.db.exists("Print Format", "Monthly Service Report"))
		self.assertTrue(frappe.db.exists("Module Def", "After Sales"))
		for script in helpdesk_ui.NAMES:  # the agent UI's and the portal's (AGR-14..19)
			self.assertTrue(frappe.db.get_value("HD Form Script", script, "enabled"), script)
		self.assertEqual(frappe.db.get_value("SLA Policy", DEFAULT_POLICY, "is_default"), 1)
		self.assertTrue(frappe.db.exists("HD Service Level Agreement", hd_sla_name(DEFAULT_POLICY)))
		columns = frappe.db.get_table_columns("HD Ticket")
		self.assertLessEqual(set(TICKET_FIELDNAMES) - {"after_sales_tab"}, set(columns) | _layout_fields())
		self.assertTrue(
			frappe.db.exists("HD Ticket Template Field", {"parent": "Default", "fieldname": "urgency"})
		)
		for index in TICKET_INDEXES:
			self.assertTrue(frappe.db.has_index("tabHD Ticket", index), index)
		self.assertEqual(computed_columns(), set(TICKET_COLUMNS))
		for fieldname in HELPDESK_INDEXED_FIELDS:
			self.assertTrue(frappe.db.get_column_index("tabHD Ticket", fieldname, unique=False), fieldname)

	def test_install_uninstall_reinstall(self):
		self.assert_installed()
		frappe.set_user("Administrator")
		# a monthly report with its PDF as sent: the file must not outlive the app
		report = frappe.new_doc("Monthly Service Report")
		report.update({"customer": make_customer(), "period_start": add_months(today(), -1)})
		report.insert()
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{report.name}.pdf",
				"attached_to_doctype": report.doctype,
				"attached_to_name": report.name,
				"is_private": 1,
				"content": small_pdf("test"),
			}
		).insert()

		remove_app("after_sales", yes=True, no_backup=True)
		forget_hooks()
		self.assertNotIn("after_sales", frappe.get_installed_apps())
		for doctype in APP_DOCTYPES:
			self.assertFalse(frappe.db.exists("DocType", doctype), doctype)
			self.assertFalse(frappe.db.table_exists(doctype, cached=False), doctype)
		for role in APP_ROLES:
			self.assertFalse(frappe.db.exists("Role", role), role)
			self.assertFalse(frappe.db.exists("Has Role", {"role": role}), role)
			self.assertFalse(frappe.db.exists("Custom DocPerm", {"role": role}), role)
		for doctype in helpdesk.STAFF_ACCESS:  # no mere copy of Helpdesk's own rules is left behind
			custom = helpdesk._perm_rules("Custom DocPerm", doctype)
			self.assertTrue(not custom or custom != helpdesk._perm_rules("DocPerm", doctype), doctype)
		self.assertFalse(frappe.db.exists("Workspace", "After Sales"))
		self.assertFalse(frappe.db.exists("Print Format", "Monthly Service Report"))
		self.assertFalse(frappe.db.exists("File", {"attached_to_doctype": "Monthly Service Report"}))
		self.assertFalse(frappe.db.exists("Module Def", "After Sales"))
		self.assertFalse(frappe.db.exists("HD Form Script", {"name": ("in", helpdesk_ui.NAMES)}))
		self.assertFalse(frappe.get_all("Custom Field", filters={"module": "After Sales"}))
		self.assertFalse(
			frappe.get_all(
				"Custom Field", filters={"dt": "HD Ticket", "fieldname": ("in", TICKET_FIELDNAMES)}
			)
		)
		columns = frappe.db.get_table_columns("HD Ticket")
		self.assertFalse(set(TICKET_FIELDNAMES) & set(columns))
		for index in TICKET_INDEXES:
			self.assertFalse(frappe.db.has_index("tabHD Ticket", index), index)
		self.assertEqual(computed_columns(), set())
		for fieldname in HELPDESK_INDEXED_FIELDS:
			self.assertFalse(frappe.db.get_column_index("tabHD Ticket", fieldname, unique=False), fieldname)
		self.assertFalse(
			frappe.db.exists("Property Setter", {"doc_type": "HD Ticket", "module": "After Sales"})
		)
		self.assertFalse(
			frappe.db.exists("HD Ticket Template Field", {"fieldname": ("in", TICKET_FIELDNAMES)})
		)
		self.assertFalse(frappe.db.exists("HD Service Level Agreement", {"name": ("like", "After Sales:%")}))
		for ticket_type in APP_TICKET_TYPES:
			used = frappe.db.exists("HD Ticket", {"ticket_type": ticket_type})
			self.assertEqual(bool(frappe.db.exists("HD Ticket Type", ticket_type)), bool(used), ticket_type)

		# Helpdesk still works without the app.
		ticket = frappe.get_doc(
			{
				"doctype": "HD Ticket",
				"subject": "After uninstall",
				"description": "Helpdesk keeps working",
				"raised_by": "after.uninstall@example.com",
			}
		).insert(ignore_permissions=True)
		self.assertTrue(frappe.db.exists("HD Ticket", ticket.name))
		frappe.delete_doc("HD Ticket", ticket.name, force=True, ignore_permissions=True)
		frappe.db.commit()

		# a new `bench install-app` process maps every app's modules; this one last mapped them while the
		# app was away (the ticket above), so map them again as that process would
		frappe.local.app_modules = None
		frappe.setup_module_map()
		install_app("after_sales", set_as_patched=True)
		forget_hooks()
		self.assert_installed()
		# a later schema sync of HD Ticket (a Helpdesk upgrade, a new custom field) keeps the indexes
		frappe.db.updatedb("HD Ticket")
		self.assert_installed()
		frappe.db.commit()


def _layout_fields() -> set[str]:
	"""Our fields that hold no data (tabs, sections, columns, HTML) have no column."""
	return set(
		frappe.get_all(
			"Custom Field",
			filters={
				"dt": "HD Ticket",
				"fieldtype": ("in", ("Tab Break", "Section Break", "Column Break", "HTML")),
			},
			pluck="fieldname",
		)
	)
