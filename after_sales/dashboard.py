# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Number cards of the After Sales workspace. Each reads through the viewer's permissions
(frappe.get_list), so a card never shows more than its viewer may see, and reads from the site's replica
when it has one (replica.read_only), writing nothing."""

import frappe
from frappe import _
from frappe.utils import add_days, add_to_date, get_first_day, now_datetime, today

from after_sales.agreement.metrics import POSITIVE_RATING, share_percent
from after_sales.agreement.targets import ACKNOWLEDGE, MET, RESOLUTION, RESPONSE, VERDICTS
from after_sales.agreement.urgency import Urgency
from after_sales.api.inputs import api
from after_sales.permissions import only_staff
from after_sales.replica import read_only


def _staff_only() -> None:
	only_staff(_("Only the service team sees these figures."))


def _count(doctype: str, filters) -> int:
	rows = frappe.get_list(doctype, filters=filters, fields=["count(name) as n"])
	return int(rows[0].n) if rows else 0


@api(methods=["GET", "POST"])
@read_only
def tickets_at_risk(filters: str | None = None) -> dict:
	"""Open tickets whose response or resolution deadline falls within the next hour, or has passed."""
	_staff_only()
	soon = add_to_date(now_datetime(), hours=1)
	value = _count(
		"HD Ticket",
		[
			["status_category", "=", "Open"],
			["next_check_at", "is", "set"],
			[RESOLUTION.due_field, "<=", soon],
		],
	) + _count(
		"HD Ticket",
		[
			["status_category", "=", "Open"],
			[RESPONSE.event_field, "is", "not set"],
			[RESPONSE.due_field, "<=", soon],
			[RESOLUTION.due_field, ">", soon],
		],
	)
	return {"value": value, "fieldtype": "Int", "route": ["List", "HD Ticket"]}


@api(methods=["GET", "POST"])
@read_only
def breached_today(filters: str | None = None) -> dict:
	"""Tickets escalated today for a missed target (SLA Alert Log)."""
	_staff_only()
	rows = frappe.get_list(
		"SLA Alert Log",
		filters={"kind": "Escalation", "fired_on": (">=", today())},
		fields=["count(distinct ticket) as n"],
	)
	return {"value": int(rows[0].n) if rows else 0, "fieldtype": "Int", "route": ["List", "SLA Alert Log"]}


@api(methods=["GET", "POST"])
@read_only
def acknowledged_in_time_this_month(filters: str | None = None) -> dict:
	"""Share of this month's acknowledged tickets confirmed within the target (AGR-15)."""
	_staff_only()
	since = get_first_day(today())
	# every ticket on the agreement's clock has an urgency: naming them lets the count read the
	# compliance index (urgency, opening date, statuses) instead of the tickets
	urgencies = ("in", [u.value for u in Urgency])
	met = _count(
		"HD Ticket", {"urgency": urgencies, "opening_date": (">=", since), ACKNOWLEDGE.status_field: MET}
	)
	done = _count(
		"HD Ticket",
		{"urgency": urgencies, "opening_date": (">=", since), ACKNOWLEDGE.status_field: ("in", VERDICTS)},
	)
	return {"value": share_percent(met, done) or 0, "fieldtype": "Percent"}


@api(methods=["GET", "POST"])
@read_only
def satisfaction_30_days(filters: str | None = None) -> dict:
	"""Share of positive Helpdesk ratings over the last 30 days (AGR-27)."""
	_staff_only()
	since = add_days(today(), -30)
	positive = _count(
		"HD Ticket", {"opening_date": (">=", since), "feedback_rating": (">=", POSITIVE_RATING)}
	)
	rated = _count("HD Ticket", {"opening_date": (">=", since), "feedback_rating": (">", 0)})
	return {"value": share_percent(positive, rated) or 0, "fieldtype": "Percent"}


@api(methods=["GET", "POST"])
@read_only
def contracts_expiring(filters: str | None = None) -> dict:
	"""Submitted contracts ending within 30 days (AGR-3)."""
	value = _count(
		"Service Contract",
		{"docstatus": 1, "contract_end": ("between", (today(), add_days(today(), 30)))},
	)
	return {"value": value, "fieldtype": "Int", "route": ["List", "Service Contract"]}


@api(methods=["GET", "POST"])
@read_only
def latest_release_reach(filters: str | None = None) -> dict:
	"""Reach of the most recently published release (AGR-11)."""
	latest = frappe.get_list(
		"Update Release",
		filters={"status": "Published"},
		fields=["reach_percent"],
		order_by="published_on desc",
		limit=1,
	)
	return {"value": latest[0].reach_percent if latest else 0, "fieldtype": "Percent"}
