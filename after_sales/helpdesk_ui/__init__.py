# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The app's HD Form Scripts: the agreement's process on the ticket pages of Helpdesk's agent UI and
customer portal (the JS files beside this one; views in ticket_views.py, actions in api/).

They are the app's own records, kept apart from a site's own scripts: named ``After Sales: ...``,
``is_standard`` set, written from these files at install and at every `bench migrate` (edits made on the
site are put back), refused to people (`guard`), removed at uninstall. After Sales Settings switches each
on or off (`show_process_in_agent_ui`, `show_commitments_in_portal`).
"""

from dataclasses import dataclass
from pathlib import Path

import frappe
from frappe import _

FORM_SCRIPT = "HD Form Script"
_HERE = Path(__file__).parent


@dataclass(frozen=True)
class Script:
	name: str  # the HD Form Script's name
	file: str  # beside this module
	customer_portal: bool  # Helpdesk's apply_to_customer_portal
	setting: str  # the After Sales Settings check that switches it on


SCRIPTS = (
	Script("After Sales: Service Process", "agent_ticket.js", False, "show_process_in_agent_ui"),
	Script("After Sales: Customer Commitments", "portal_ticket.js", True, "show_commitments_in_portal"),
)
NAMES = tuple(script.name for script in SCRIPTS)


def source(script: Script) -> str:
	"""The record's script: the shared helpers, then the page's own code (one scope, Helpdesk's rule)."""
	return (
		(_HERE / "common.js").read_text(encoding="utf-8")
		+ "\n"
		+ (_HERE / script.file).read_text(encoding="utf-8")
	)


def sync() -> None:
	"""Write each script from its file, enabled as After Sales Settings says (install, migrate, settings)."""
	if not frappe.db.exists("DocType", FORM_SCRIPT):
		return
	settings = frappe.get_single("After Sales Settings")
	for script in SCRIPTS:
		values = {
			"dt": "HD Ticket",
			"apply_to": "Form",
			"apply_to_customer_portal": int(script.customer_portal),
			"apply_on_new_page": 0,
			"is_standard": 1,
			"enabled": int(bool(settings.get(script.setting))),
			"script": source(script),
		}
		if frappe.db.exists(FORM_SCRIPT, script.name):
			# no controller: Helpdesk's own runs field-dependency code on a standard script's `enabled`
			frappe.db.set_value(FORM_SCRIPT, script.name, values, update_modified=False)
		else:
			doc = frappe.get_doc({"doctype": FORM_SCRIPT, "name": script.name, **values})
			doc.flags.after_sales_sync = True
			doc.insert(ignore_permissions=True, set_name=script.name)


def remove() -> None:
	"""Uninstall: the app's scripts go, the site's own stay."""
	if frappe.db.exists("DocType", FORM_SCRIPT):
		frappe.db.delete(FORM_SCRIPT, {"name": ("in", NAMES)})


def has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""Anyone may read the app's scripts (Helpdesk's portal loads them for every contact); nobody writes
	or deletes them by hand. Other scripts: Helpdesk's own rules (None)."""
	if getattr(doc, "name", None) in NAMES and ptype not in (
		None,
		"read",
		"select",
		"print",
		"export",
		"report",
	):
		return False
	return None


def guard(doc, method=None) -> None:
	"""Nobody changes the app's scripts by hand, Administrator included (migrate would put them back; Helpdesk's
	own controller fails on a standard script that is not a field dependency): After Sales Settings switches
	them. Deleting them is refused to people by `has_permission`."""
	if (
		doc.name not in NAMES
		or doc.flags.after_sales_sync
		or frappe.flags.in_install
		or frappe.flags.in_migrate
	):
		return
	frappe.throw(
		_("{0} belongs to the After Sales app: switch it on or off in After Sales Settings.").format(
			doc.name
		),
		frappe.PermissionError,
		title=_("Managed by After Sales"),
	)
