# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Install and uninstall steps: records the app owns, and a clean removal."""

import click
import frappe
from frappe import _

from after_sales import compliance_days, helpdesk_ui
from after_sales.agreement.urgency import DEFAULT_URGENT_KEYWORDS
from after_sales.integrations import helpdesk
from after_sales.ticket_fields import (
	HELPDESK_INDEXED_FIELDS,
	TICKET_COLUMNS,
	TICKET_FIELDNAMES,
	TICKET_INDEXES,
	ticket_custom_fields,
)


def _fixture_names(doctype: str) -> tuple[str, ...]:
	"""The names hooks.py's fixtures own for a doctype (one list: the fixtures' filter)."""
	from after_sales import hooks

	fixture = next(f for f in hooks.fixtures if f["dt"] == doctype)
	return tuple(fixture["filters"][0][2])


APP_ROLES = _fixture_names("Role")
APP_TICKET_TYPES = _fixture_names("HD Ticket Type")
DEFAULT_POLICY = "Standard After-Sales Agreement"

MINUTE = 60
HOUR = 60 * MINUTE

# The agreement's figures: acknowledge within 15 min (AGR-15); respond within 30 min for urgent faults
# (AGR-21), 1 h for general faults (AGR-22), 24 h for consultations (AGR-23); faults resolved in 4 h (AGR-10).
DEFAULT_TARGETS = (
	{
		"urgency": "Urgent fault",
		"priority": "Urgent",
		"acknowledge_within": 15 * MINUTE,
		"respond_within": 30 * MINUTE,
		"resolve_within": 4 * HOUR,
		"warn_at_percent": 80,
	},
	{
		"urgency": "General fault",
		"priority": "High",
		"acknowledge_within": 15 * MINUTE,
		"respond_within": 1 * HOUR,
		"resolve_within": 4 * HOUR,
		"warn_at_percent": 80,
	},
	{
		"urgency": "Consultation",
		"priority": "Medium",
		"acknowledge_within": 15 * MINUTE,
		"respond_within": 24 * HOUR,
		"resolve_within": 24 * HOUR,
		"warn_at_percent": 80,
	},
)
DEFAULT_FOLLOW_UP_DAYS = (7, 30)


def after_install():
	create_ticket_fields()
	create_ticket_indexes()
	create_default_policy()
	take_over_acknowledgement()
	create_default_statutory_calendar()
	helpdesk.grant_staff_access(APP_ROLES)
	helpdesk_ui.sync()
	compliance_days.rebuild(log=False)  # a site's tickets from before the app, counted


def after_migrate():
	"""The app's HD Form Scripts follow its files (helpdesk_ui/), whatever was edited on the site; its staff
	roles keep what they need of Helpdesk's doctypes (a Helpdesk upgrade may take it away)."""
	helpdesk_ui.sync()
	helpdesk.grant_staff_access(APP_ROLES)


def create_ticket_fields():
	"""Our fields on HD Ticket (created in code, as HRMS and CRM do), and rows for them in the agent UI."""
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	create_custom_fields(ticket_custom_fields(), ignore_validate=True)
	helpdesk.add_template_rows()


def create_ticket_indexes():
	"""The report indexes on HD Ticket (ticket_fields.TICKET_INDEXES, HELPDESK_INDEXED_FIELDS), and the
	computed columns they lead with (TICKET_COLUMNS)."""
	for name, definition in TICKET_COLUMNS.items():
		# names and definitions come from our own constant, never from input
		frappe.db.sql_ddl(f"ALTER TABLE `tabHD Ticket` ADD COLUMN IF NOT EXISTS `{name}` {definition}")
	for name, columns in TICKET_INDEXES.items():
		existing = _index_columns(name)
		if existing and existing != list(columns):
			# an earlier version of the index: rebuild it (names come from our constant, never from input)
			frappe.db.sql_ddl(f"ALTER TABLE `tabHD Ticket` DROP INDEX `{name}`")
		frappe.db.add_index("HD Ticket", list(columns), index_name=name)
	# a field an earlier version indexed this way (opening_date: now led by after_sales_volume)
	changed = _delete_index_setters({"field_name": ("not in", HELPDESK_INDEXED_FIELDS)})
	for fieldname in HELPDESK_INDEXED_FIELDS:
		if frappe.db.exists(
			"Property Setter", {"doc_type": "HD Ticket", "field_name": fieldname, "property": "search_index"}
		):
			continue
		frappe.get_doc(
			{
				"doctype": "Property Setter",
				"doctype_or_field": "DocField",
				"doc_type": "HD Ticket",
				"field_name": fieldname,
				"property": "search_index",
				"property_type": "Check",
				"value": "1",
				"module": "After Sales",
				"is_system_generated": 1,
			}
		).insert(ignore_permissions=True)
		changed = True
	if changed:
		frappe.clear_cache(doctype="HD Ticket")
		frappe.db.updatedb("HD Ticket")


def _index_columns(name: str) -> list[str]:
	rows = frappe.db.sql("SHOW INDEX FROM `tabHD Ticket` WHERE Key_name = %s", (name,), as_dict=True)
	return [row.Column_name for row in sorted(rows, key=lambda row: row.Seq_in_index)]


def drop_ticket_indexes():
	"""Remove the report indexes; Helpdesk's fields lose theirs when our property setters go."""
	for name in TICKET_INDEXES:
		if frappe.db.has_index("tabHD Ticket", name):
			# names come from our own constant, never from input
			frappe.db.sql_ddl(f"ALTER TABLE `tabHD Ticket` DROP INDEX `{name}`")
	for name in TICKET_COLUMNS:
		frappe.db.sql_ddl(f"ALTER TABLE `tabHD Ticket` DROP COLUMN IF EXISTS `{name}`")
	if _delete_index_setters():
		frappe.clear_cache(doctype="HD Ticket")
		frappe.db.updatedb("HD Ticket")


def _delete_index_setters(filters: dict | None = None) -> bool:
	"""Delete our search_index property setters on HD Ticket (those matching `filters`); True if any went.
	The caller syncs the schema, which then drops the indexes they asked for."""
	setters = frappe.get_all(
		"Property Setter",
		filters={
			"doc_type": "HD Ticket",
			"module": "After Sales",
			"property": "search_index",
			**(filters or {}),
		},
		pluck="name",
	)
	for name in setters:
		frappe.delete_doc("Property Setter", name, ignore_permissions=True, force=True)
	return bool(setters)


def take_over_acknowledgement():
	"""Our receipt confirmation (AGR-15) carries urgency and committed time; Helpdesk's would duplicate it."""
	if helpdesk.helpdesk_acknowledgement_on():
		frappe.db.set_single_value("After Sales Settings", "helpdesk_acknowledgement_was_on", 1)
		helpdesk.set_helpdesk_acknowledgement(False)


def create_default_policy():
	"""The agreement's own time promises as the site's default SLA Policy (24x7 clock, AGR-5)."""
	if frappe.db.exists("SLA Policy", DEFAULT_POLICY):
		return
	policy = frappe.new_doc("SLA Policy")
	policy.policy_name = DEFAULT_POLICY
	policy.enabled = 1
	policy.is_default = not frappe.db.exists("SLA Policy", {"is_default": 1})
	policy.description = _("The time promises of the after-sales service agreement.")
	policy.clock = "24x7"
	policy.urgent_keywords = "\n".join(DEFAULT_URGENT_KEYWORDS)
	policy.require_customer_confirmation = 1
	policy.require_verification_note = 1
	for target in DEFAULT_TARGETS:
		policy.append("targets", target)
	for days in DEFAULT_FOLLOW_UP_DAYS:
		policy.append("follow_up_rules", {"days_after_resolution": days, "email_customer": 1})
	policy.insert(ignore_permissions=True)


CHINA_CALENDAR = "China"


def create_default_statutory_calendar() -> str | None:
	"""On a site whose country is China: the Statutory Calendar "China" with this year's and next year's
	days as far as the holidays library has them, named by the default policy (used once it runs on
	business hours)."""
	if frappe.db.get_single_value("System Settings", "country") != "China":
		return None
	if not frappe.db.exists("Statutory Calendar", CHINA_CALENDAR):
		frappe.get_doc(
			{"doctype": "Statutory Calendar", "calendar_name": CHINA_CALENDAR, "country": "CN"}
		).insert(ignore_permissions=True)
	from after_sales.after_sales.doctype.statutory_calendar.statutory_calendar import update_from_library

	update_from_library(names=[CHINA_CALENDAR], tell_managers=False)
	policy = frappe.db.get_value("SLA Policy", DEFAULT_POLICY, "statutory_calendar")
	if frappe.db.exists("SLA Policy", DEFAULT_POLICY) and not policy:
		frappe.db.set_value("SLA Policy", DEFAULT_POLICY, "statutory_calendar", CHINA_CALENDAR)
	return CHINA_CALENDAR


def before_uninstall():
	"""Remove what the app added outside its own module (Frappe drops the module's doctypes itself)."""
	restore_helpdesk_acknowledgement()
	helpdesk_ui.remove()
	helpdesk.remove_template_rows()
	drop_ticket_indexes()
	delete_ticket_fields()
	helpdesk.delete_all_policy_slas()
	helpdesk.revoke_staff_access(APP_ROLES)
	# the robots' webhook URLs and secrets (Password fields live in Frappe's __Auth table, not the doctype's)
	frappe.db.delete("__Auth", {"doctype": "Alert Robot"})
	delete_roles()
	delete_unused_ticket_types()
	delete_attached_files()


def restore_helpdesk_acknowledgement():
	if frappe.db.get_single_value("After Sales Settings", "helpdesk_acknowledgement_was_on"):
		helpdesk.set_helpdesk_acknowledgement(True)


def delete_ticket_fields():
	"""Remove our HD Ticket fields and their columns; Helpdesk's own fields are untouched."""
	for fieldname in TICKET_FIELDNAMES:
		name = frappe.db.get_value("Custom Field", {"dt": "HD Ticket", "fieldname": fieldname})
		if name:
			frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
	columns = set(frappe.db.get_table_columns("HD Ticket"))
	for fieldname in TICKET_FIELDNAMES:
		if fieldname in columns:
			# identifiers come from our own constant list, never from input
			frappe.db.sql_ddl(f"ALTER TABLE `tabHD Ticket` DROP COLUMN `{fieldname}`")
	frappe.clear_cache(doctype="HD Ticket")


def delete_roles():
	for role in APP_ROLES:
		if not frappe.db.exists("Role", role):
			continue
		for doctype in ("Has Role", "Custom DocPerm", "DocPerm"):
			frappe.db.delete(doctype, {"role": role})
		frappe.delete_doc("Role", role, ignore_permissions=True, force=True)


def delete_unused_ticket_types():
	"""Ticket types the app created are removed unless tickets still use them (those keep their type)."""
	for ticket_type in APP_TICKET_TYPES:
		if not frappe.db.exists("HD Ticket Type", ticket_type):
			continue
		if frappe.db.exists("HD Ticket", {"ticket_type": ticket_type}):
			click.secho(f"Keeping HD Ticket Type {ticket_type}: tickets use it.", fg="yellow")
			continue
		frappe.delete_doc("HD Ticket Type", ticket_type, ignore_permissions=True, force=True)


def delete_attached_files():
	"""Files attached to the app's documents (the monthly reports' PDFs as sent) go with them."""
	doctypes = frappe.get_all("DocType", filters={"module": "After Sales"}, pluck="name")
	for name in frappe.get_all(
		"File", filters={"attached_to_doctype": ("in", doctypes or [""])}, pluck="name"
	):
		frappe.delete_doc("File", name, ignore_permissions=True, force=True)
