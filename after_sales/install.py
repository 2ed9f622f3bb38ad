# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Install and uninstall steps: records the app owns, and a clean removal."""

import click
import frappe
from frappe import _

from after_sales.agreement.urgency import DEFAULT_URGENT_KEYWORDS

APP_ROLES = ("After Sales Manager", "Service Engineer")
APP_TICKET_TYPES = (
	"Installation",
	"Configuration",
	"Training",
	"Consultation",
	"Fault",
	"Upgrade",
	"Customisation",
)
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
	create_default_policy()


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


def before_uninstall():
	"""Remove what the app added outside its own module (Frappe drops the module's doctypes itself)."""
	delete_roles()
	delete_unused_ticket_types()


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
