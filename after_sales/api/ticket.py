# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Agent actions on a ticket's service process (AGR-16..19). Each checks the ticket's write permission."""

import frappe
from frappe import _
from frappe.utils import cint, now_datetime

from after_sales import ticket_views
from after_sales.agreement import process
from after_sales.agreement.urgency import Urgency
from after_sales.api.inputs import api, moment
from after_sales.overrides.ticket_terms import reapply_terms
from after_sales.permissions import is_agent
from after_sales.ticket_fields import AGENT_CONFIRMATION_CHANNELS


def _ticket(name: str, step: str | None = None):
	"""The ticket, for an agent allowed to write it (customers may write their own tickets in Helpdesk,
	but the agreement's process steps are the supplier's to record), while it is open: a resolved or closed
	ticket's record is final (AGR-19). `step` (process.AGENT_STEPS) must be one that makes sense now:
	the steps come in the agreement's order (AGR-14..19), whichever page sends them."""
	_only_agents()
	ticket = frappe.get_doc("HD Ticket", name)
	ticket.check_permission("write")
	if not ticket_views.is_open(ticket):
		frappe.throw(
			_("Ticket {0} is {1}: its service record is final.").format(ticket.name, _(ticket.status)),
			title=_("Ticket closed"),
		)
	if step and step not in process.next_steps(ticket, True):
		frappe.throw(_step_refusal(step), title=_("Not the next step"))
	ticket.flags.after_sales_action = True  # the process fields are written through these actions only
	return ticket


def _only_agents() -> None:
	if not is_agent():
		frappe.throw(_("Only agents can record the service process."), frappe.PermissionError)


def _step_refusal(step: str) -> str:
	"""Why `step` is not one of the next (process.next_steps)."""
	return {
		"diagnose": _("The solution is already verified: the diagnosis cannot change now."),
		"propose": _("Record the diagnosis before proposing a solution (AGR-16, AGR-17)."),
		"confirm": _("There is no proposed solution awaiting the customer's confirmation."),
		"verify": _("The customer has not confirmed the solution yet (AGR-17, AGR-18)."),
	}[step]


@api(methods=["GET", "POST"])  # reads only (Helpdesk's form scripts call with POST)
def service_process(ticket: str) -> dict:
	"""The ticket's process, deadlines and next steps, for the agent UI's ticket page (AGR-14..24)."""
	_only_agents()
	doc = frappe.get_doc("HD Ticket", ticket)
	doc.check_permission("read")
	return ticket_views.agent_view(doc)


def _require(value: str | None, message: str) -> str:
	value = (value or "").strip()
	if not value:
		frappe.throw(message, title=_("Missing information"))
	return value


@api(methods=["POST"], max_length={"address": 5000})
def record_diagnosis(
	ticket: str,
	mode: str,
	visit_date: str | None = None,
	engineer: str | None = None,
	address: str | None = None,
) -> dict:
	"""Initial diagnosis: remote assistance or on-site service (AGR-16). On-site needs date, engineer, address."""
	doc = _ticket(ticket, "diagnose")
	if mode not in ("Remote", "On-site"):
		frappe.throw(_("Diagnosis must be Remote or On-site."), title=_("Invalid diagnosis"))
	doc.diagnosis_mode = mode
	if mode == "On-site":
		doc.visit_date = moment(_require(visit_date, _("An on-site visit needs a date.")), "visit_date")
		doc.visit_engineer = _require(engineer, _("An on-site visit needs an engineer."))
		if doc.visit_engineer not in ticket_views.engineer_names():
			frappe.throw(
				_("{0} is not an active agent or Service Engineer.").format(doc.visit_engineer),
				title=_("Invalid engineer"),
			)
		doc.visit_address = _require(address, _("An on-site visit needs an address."))
		from after_sales.after_sales.doctype.after_sales_settings.after_sales_settings import (
			engineer_busy,
			visit_duration,
		)

		clash = engineer_busy(
			doc.visit_engineer, doc.visit_date, doc.visit_date + visit_duration(), exclude_ticket=doc.name
		)
		if clash:
			frappe.throw(
				_("{0} is already booked from {1} to {2} ({3} {4}).").format(
					doc.visit_engineer,
					frappe.format(clash.starts_on, "Datetime"),
					frappe.format(clash.ends_on, "Datetime"),
					_(clash.doctype),
					clash.name,
				),
				title=_("Engineer double-booked"),
			)
	else:
		doc.visit_date = doc.visit_engineer = doc.visit_address = None
	doc.diagnosed_on = doc.diagnosed_on or now_datetime()
	doc.save()
	return {"service_step": doc.service_step, "visits": onsite_visits(doc.service_contract)}


def onsite_visits(contract: str | None) -> dict | None:
	"""On-site visits used against those the contract includes."""
	if not contract:
		return None
	included = cint(frappe.db.get_value("Service Contract", contract, "onsite_visits_included"))
	used = frappe.db.count("HD Ticket", {"service_contract": contract, "diagnosis_mode": "On-site"})
	if used > included:
		frappe.msgprint(
			_("Contract {0} includes {1} on-site visits; this is visit {2}.").format(
				contract, included, used
			),
			indicator="orange",
			alert=True,
		)
	return {"used": used, "included": included}


@api(methods=["POST"], max_length={"solution": 5000})
def propose_solution(ticket: str, solution: str | None = None) -> dict:
	"""Draw up a solution to confirm with the customer (AGR-17)."""
	doc = _ticket(ticket, "propose")
	doc.proposed_solution = _require(solution, _("Describe the proposed solution."))
	doc.solution_proposed_on = now_datetime()
	doc.solution_confirmed_on = None
	doc.solution_confirmed_by = None
	doc.solution_confirmed_via = None
	doc.save()
	return {"service_step": doc.service_step}


@api(methods=["POST"])
def confirm_solution(ticket: str, confirmed_by: str | None = None, via: str | None = None) -> dict:
	"""Record the customer's confirmation of the proposed solution: who, how and when (AGR-17)."""
	doc = _ticket(ticket, "confirm")
	if not doc.solution_proposed_on:
		frappe.throw(_("Propose a solution before it is confirmed."), title=_("No proposed solution"))
	if via and via not in AGENT_CONFIRMATION_CHANNELS:
		frappe.throw(
			_("Say how the customer confirmed: {0}.").format(
				", ".join(_(c) for c in AGENT_CONFIRMATION_CHANNELS)
			),
			title=_("Invalid confirmation"),
		)
	doc.solution_confirmed_by = _require(confirmed_by, _("Say who confirmed the solution."))
	doc.solution_confirmed_via = via or None
	doc.solution_confirmed_on = now_datetime()
	doc.save()
	return {"service_step": doc.service_step}


@api(methods=["POST"], max_length={"note": 5000})
def record_verification(ticket: str, note: str | None = None) -> dict:
	"""Execute and verify: the note says how the fix was verified (AGR-18)."""
	doc = _ticket(ticket, "verify")
	doc.verification_note = _require(note, _("Write how the solution was verified."))
	doc.verified_on = now_datetime()
	doc.save()
	return {"service_step": doc.service_step}


@api(methods=["POST"], max_length={"reason": 1000})
def change_urgency(ticket: str, urgency: str, reason: str | None = None) -> dict:
	"""An agent re-classifies the request, with a reason (AGR-21..23); its deadlines follow."""
	doc = _ticket(ticket)
	if not doc.sla_policy:
		frappe.throw(
			_("Ticket {0} is not under the agreement's terms.").format(doc.name), title=_("No terms")
		)
	if urgency not in tuple(Urgency):
		frappe.throw(
			_("Urgency must be one of {0}.").format(", ".join(_(u) for u in Urgency)),
			title=_("Invalid urgency"),
		)
	if urgency == doc.urgency:
		frappe.throw(_("The ticket is already {0}.").format(_(urgency)), title=_("Urgency unchanged"))
	doc.urgency = urgency
	doc.urgency_change_reason = _require(reason, _("Give a reason for changing the urgency."))
	doc.save()
	return {"urgency": doc.urgency, "response_by": doc.response_by, "resolution_by": doc.resolution_by}


@api(methods=["POST"])
def reapply(ticket: str) -> dict:
	"""Re-apply the customer's current contract and policy to an open ticket (deadlines follow)."""
	doc = _ticket(ticket)
	reapply_terms(doc)
	doc.save()
	return {"service_contract": doc.service_contract, "sla_policy": doc.sla_policy}
