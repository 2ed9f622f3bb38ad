# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""A ticket's agreement as Helpdesk's own pages show it, through the app's HD Form Scripts (helpdesk_ui/):
the agent's view in the agent UI (/helpdesk/tickets/<n>) and the customer's in the portal
(/helpdesk/my-tickets/<n>). Read-only; the callers (api/ticket.py, api/portal.py) check who may read.

Times go out as ISO 8601 with the site's offset, so that the browser shows them in its own time zone, as
Helpdesk's SPA shows its own times. Labels are translated here, in the reader's language.
"""

from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import get_datetime, get_system_timezone, now_datetime

from after_sales.agreement import process, targets
from after_sales.agreement.urgency import Urgency
from after_sales.api import training
from after_sales.integrations import helpdesk
from after_sales.permissions import users_with_role
from after_sales.ticket_fields import AGENT_CONFIRMATION_CHANNELS

# what a state reads as to an agent, and to a customer (AGR-15, AGR-21..24)
_AGENT_STATES = {
	targets.STATE_MET: "Met",
	targets.STATE_MISSED: "Missed",
	targets.STATE_DUE: "Due",
	targets.STATE_PAUSED: "On hold",
}
_CUSTOMER_STATES = {
	targets.STATE_MET: "met",
	targets.STATE_MISSED: "missed",
	targets.STATE_DUE: "due",
	targets.STATE_PAUSED: "on hold",
}


def iso(value) -> str | None:
	"""A stored (naive, site time zone) datetime as ISO 8601 with its offset."""
	if not value:
		return None
	return get_datetime(value).replace(tzinfo=ZoneInfo(get_system_timezone())).isoformat()


def is_open(doc) -> bool:
	return helpdesk.status_category(doc.status) not in ("Resolved", None)


def _targets(doc, words: dict[str, str], customer: bool) -> list[dict]:
	now = now_datetime()
	paused = helpdesk.status_category(doc.status) == "Paused"
	rows = []
	for target in targets.TARGETS:
		due = doc.get(target.due_field)
		event = doc.get(target.event_field)
		current = targets.state(
			get_datetime(due) if due else None,
			get_datetime(event) if event else None,
			doc.get(target.status_field),
			now,
			paused=paused and target.paused_on_hold,
		)
		if current is None:
			continue
		rows.append(
			{
				"name": target.name,
				"label": _(target.customer_label if customer else target.label),
				"due": iso(due),
				"reached_on": iso(event),
				"state": current,
				"state_label": _(words[current]),
			}
		)
	return rows


def agent_view(doc) -> dict:
	"""What the agent UI shows on a ticket and the process steps it offers (AGR-14..19, AGR-21..24)."""
	applies = bool(doc.sla_policy)
	can_write = bool(doc.has_permission("write"))
	open_ = is_open(doc)
	steps = process.next_steps(doc, open_) if applies and can_write else ()
	return {
		"applies": applies,
		"is_open": open_,
		"can_write": can_write,
		"step": doc.service_step,
		"step_label": _(doc.service_step) if doc.service_step else None,
		"timeline": _timeline(doc),
		"targets": _targets(doc, _AGENT_STATES, customer=False) if applies else [],
		"next_steps": list(steps),
		"urgency": doc.urgency,
		"urgency_label": _(doc.urgency) if doc.urgency else None,
		"urgencies": [{"value": u.value, "label": _(u.value)} for u in Urgency],
		"can_change_urgency": applies and can_write and open_,
		"can_reapply": can_write and open_ and bool(applies or doc.terms_error),
		"terms_error": doc.terms_error,
		"diagnosis": {
			"mode": doc.diagnosis_mode,
			"visit_date": iso(doc.visit_date),
			"engineer": doc.visit_engineer,
			"address": doc.visit_address,
		},
		"proposed_solution": doc.proposed_solution,
		"raised_by": doc.raised_by,
		"confirmation_channels": [{"value": c, "label": _(c)} for c in AGENT_CONFIRMATION_CHANNELS],
		"engineers": engineers() if "diagnose" in steps else [],
		"training": _training(doc, open_),
		"time_zone": get_system_timezone(),
		"lang": frappe.local.lang,
	}


def _timeline(doc) -> list[dict]:
	"""Each step with the moment it was reached; a request is reported when it opens (a date and a time)."""
	opened = doc.service_level_agreement_creation or doc.creation
	return [
		{
			"label": _(step),
			"on": iso(opened if field == "opening_date" else doc.get(field)),
			"current": step == doc.service_step,
		}
		for step, field in process.STEP_STAMPS
	]


def engineer_names() -> set[str]:
	"""Who can be sent on site (record_diagnosis checks the engineer against it)."""
	return {row["name"] for row in engineers()}


def engineers() -> list[dict]:
	"""Who can be sent on site: Helpdesk's active agents and the Service Engineers."""
	people = {row.name: row.full_name for row in helpdesk.active_agents()}
	for user in users_with_role("Service Engineer"):
		people.setdefault(user, None)
	missing = [user for user, name in people.items() if not name]
	if missing:
		for row in frappe.get_all("User", filters={"name": ("in", missing)}, fields=["name", "full_name"]):
			people[row.name] = row.full_name
	return [{"name": user, "full_name": name or user} for user, name in sorted(people.items())]


def _training(doc, open_: bool) -> dict | None:
	"""The session a Training ticket asked for (AGR-8): the one scheduled, or whether one can be."""
	if doc.ticket_type != "Training":
		return None
	session = training.session_of(doc.name)
	if session:
		return {
			"session": session,
			"starts_on": iso(frappe.db.get_value("Training Session", session, "starts_on")),
		}
	return {
		"session": None,
		"can_schedule": open_ and bool(frappe.has_permission("Training Session", "create")),
	}


def customer_view(doc) -> dict:
	"""What the customer reads on its ticket in Helpdesk's portal: its urgency, each commitment met, due or
	missed (AGR-15, AGR-21..24), and a proposed solution awaiting its answer (AGR-17)."""
	applies = bool(doc.sla_policy)
	can_confirm = bool(is_open(doc) and doc.solution_proposed_on and not doc.solution_confirmed_on)
	return {
		"applies": applies,
		"urgency_label": _(doc.urgency) if applies and doc.urgency else None,
		"step_label": _(doc.service_step) if applies and doc.service_step else None,
		"commitments": _targets(doc, _CUSTOMER_STATES, customer=True) if applies else [],
		"can_confirm": can_confirm,
		"proposed_solution": doc.proposed_solution if can_confirm else None,
		"solution_confirmed_on": iso(doc.solution_confirmed_on),
		"lang": frappe.local.lang,
	}
