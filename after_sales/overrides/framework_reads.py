# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Framework read endpoints that Frappe 15 serves without the caller's permissions (AGR-25).

Installed through `override_whitelisted_methods` (hooks.py), Frappe's mechanism for replacing a
whitelisted method site-wide. Each keeps the original's arguments and answer, and adds the permission
check the original lacks:

- `frappe.client.get_count` counts with `frappe.db.count`, which applies no permission at all: a
  customer's contact could count another customer's tickets (`{"customer": "B"}`) and, with `like`
  filters, learn any field's value one yes/no question at a time. Here the count goes through
  `frappe.get_list`, so it counts only rows the caller may read (the doctype's permission query
  conditions, Helpdesk's for HD Ticket, the app's for its own doctypes and child tables).
- `frappe.desk.listview.get_group_by_count` with `field="assigned_to"` builds its ticket set with
  `frappe.qb.get_query`, again without permissions (and without matching the ToDo's doctype). Here the set
  is the caller's permitted rows.
- `frappe.desk.form.load.getdoc` and `get_docinfo` hand out a document's history (versions, comments,
  communications) with it. For a shared record (an open training session, a release) that history holds
  other customers' rows: a customer's contact gets the record without it.
- `frappe.client.validate_link` says whether a name exists to anyone who may read the doctype at all;
  for the app's records, whose names carry the customer's (`MSR-2026-10-<customer>`), it answers only for
  records the caller may read.
"""

import frappe
from frappe import _
from frappe.client import check_parent_permission
from frappe.client import validate_link as frappe_validate_link
from frappe.desk.form import load
from frappe.desk.listview import get_group_by_count as frappe_get_group_by_count
from frappe.utils import cint

from after_sales.api.inputs import api
from after_sales.permissions import CRITERIA, SHARED_PARENTS, is_staff


@api(methods=["GET", "POST"])
def get_count(
	doctype: str,
	filters: str | dict | list | None = None,
	debug: bool = False,
	cache: bool = False,
	parent: str | None = None,
) -> int:
	"""`frappe.client.get_count`, counting only the rows the caller may read."""
	from frappe.client import get_safe_filters

	if frappe.session.user == "Administrator":
		return frappe.db.count(doctype, get_safe_filters(filters), debug, cache)
	if frappe.is_table(doctype):
		check_parent_permission(parent, doctype)
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(distinct `tab{doctype}`.`name`) as total_count"],
		parent_doctype=parent,
		order_by=None,
		limit_page_length=0,
	)
	return cint(rows[0].total_count) if rows else 0


@api(methods=["GET", "POST"])
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""`frappe.desk.listview.get_group_by_count`; "assigned to" counts only the caller's permitted rows."""
	if field != "assigned_to" or frappe.session.user == "Administrator":
		return frappe_get_group_by_count(doctype, current_filters, field)
	if not frappe.has_permission(doctype, "read"):
		frappe.throw(_("No permission to read {0}").format(_(doctype)), frappe.PermissionError)
	permitted = frappe.get_list(
		doctype,
		filters=frappe.parse_json(current_filters),
		fields=[f"`tab{doctype}`.`name`"],
		order_by=None,
		limit_page_length=0,
		run=0,
	)
	# `permitted` is SQL Frappe built from the caller's filters and permissions, its values escaped; it may
	# hold a literal % (like filters), so the statement takes no parameters and escapes the doctype itself
	return frappe.db.sql(
		f"""select todo.allocated_to as name, count(*) as count
		from `tabToDo` todo join `tabUser` user on user.name = todo.allocated_to
		where todo.status != 'Cancelled' and user.user_type = 'System User'
			and todo.reference_type = {frappe.db.escape(doctype)} and todo.reference_name in ({permitted})
		group by todo.allocated_to order by count desc limit 50""",
		as_dict=True,
	)


@api(methods=["GET", "POST"])
def getdoc(doctype: str, name: str) -> None:
	"""`frappe.desk.form.load.getdoc`; a contact reading a shared record gets it without its history."""
	_must_exist(doctype, name)
	load.getdoc(doctype, name)
	_without_history(doctype)


@api(methods=["GET", "POST"])
def get_docinfo(doctype: str, name: str) -> None:
	"""`frappe.desk.form.load.get_docinfo` for a document named by the request."""
	_must_exist(doctype, name)
	load.get_docinfo(doctype=doctype, name=name)
	_without_history(doctype)


def _must_exist(doctype: str, name: str) -> None:
	"""A clear 404 (Frappe answers an unknown doctype with a 500, an unknown name with nothing)."""
	if not frappe.db.exists("DocType", doctype) or not frappe.db.exists(doctype, name):
		frappe.throw(_("{0} {1} not found").format(_(doctype), name), frappe.DoesNotExistError)


def _without_history(doctype: str) -> None:
	if doctype not in SHARED_PARENTS or is_staff() or not frappe.response.get("docinfo"):
		return
	docinfo = frappe.response.docinfo
	for key in ("versions", "comments", "communications", "automated_messages", "views", "shared"):
		docinfo[key] = []
	docinfo["additional_timeline_content"] = []
	docinfo["assignments"] = []


@api(methods=["GET", "POST"])
def validate_link(doctype: str, docname: str, fields: str | list | None = None) -> dict:
	"""`frappe.client.validate_link`; for the app's own records, an answer only about readable ones."""
	if doctype in CRITERIA and not is_staff() and frappe.db.exists(doctype, docname):
		if not frappe.has_permission(doctype, "read", docname):
			return frappe._dict()
	return frappe_validate_link(doctype, docname, fields)
