# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The fields this app adds to Helpdesk's HD Ticket, created in code (install.py, patches) and removed on uninstall."""

from after_sales.agreement.entitlement import Entitlement
from after_sales.agreement.process import STEP_STAMPS
from after_sales.agreement.targets import TARGETS, VERDICTS
from after_sales.agreement.urgency import Urgency

SERVICE_STEPS = tuple(step for step, _stamp in STEP_STAMPS)  # AGR-14..19, in order
CHANNELS = ("E-mail", "Portal", "Phone", "Chat")
# how the customer confirmed a solution (AGR-17); an agent records all but the portal, which records itself
CONFIRMATION_CHANNELS = ("Phone", "E-mail", "Meeting", "On site", "Portal")
AGENT_CONFIRMATION_CHANNELS = CONFIRMATION_CHANNELS[:-1]
ENTITLEMENTS = tuple(e.value for e in Entitlement)  # AGR-2, AGR-3, AGR-6..13
TARGET_STATUSES = VERDICTS


def _select(*options: str) -> str:
	return "\n" + "\n".join(options)


_FIELDS = [
	{"fieldname": "after_sales_tab", "fieldtype": "Tab Break", "label": "After-Sales Agreement"},
	{
		"fieldname": "service_contract",
		"fieldtype": "Link",
		"options": "Service Contract",
		"label": "Service Contract",
		"read_only": 1,
		"search_index": 1,
	},
	{
		"fieldname": "service_entitlement",
		"fieldtype": "Select",
		"options": _select(*ENTITLEMENTS),
		"label": "Entitlement",
		"read_only": 1,
		"in_standard_filter": 1,
		"search_index": 1,
	},
	{
		"fieldname": "sla_policy",
		"fieldtype": "Link",
		"options": "SLA Policy",
		"label": "SLA Policy",
		"read_only": 1,
	},
	{
		"fieldname": "terms_error",
		"fieldtype": "Small Text",
		"label": "Agreement Terms Not Applied",
		"read_only": 1,
		"depends_on": "eval:doc.terms_error",
		"description": "Why the app could not apply the agreement's terms; the watchdog retries them",
	},
	{
		"fieldname": "terms_failed_on",
		"fieldtype": "Datetime",
		"label": "Terms Failed On",
		"read_only": 1,
		"depends_on": "eval:doc.terms_error",
		"no_copy": 1,
	},
	{"fieldname": "after_sales_column_1", "fieldtype": "Column Break"},
	{
		"fieldname": "urgency",
		"fieldtype": "Select",
		"options": _select(*(u.value for u in Urgency)),
		"label": "Urgency",
		"in_standard_filter": 1,
		"search_index": 1,
		"description": "Urgent fault: respond within 30 min (AGR-21); general fault: 1 h (AGR-22); consultation: 24 h (AGR-23)",
	},
	{
		"fieldname": "urgency_change_reason",
		"fieldtype": "Small Text",
		"label": "Reason for Changing the Urgency",
		"depends_on": "eval:!doc.__islocal",
	},
	{"fieldname": "urgency_reason", "fieldtype": "Data", "label": "Classified By", "read_only": 1},
	{
		"fieldname": "urgency_set_by_agent",
		"fieldtype": "Check",
		"label": "Urgency Set by Agent",
		"read_only": 1,
	},
	{
		"fieldname": "request_channel",
		"fieldtype": "Select",
		"options": _select(*CHANNELS),
		"label": "Channel",
		"in_standard_filter": 1,
		"search_index": 1,
		"description": "How the customer reached us (AGR-4)",
	},
	{
		"fieldname": "update_release",
		"fieldtype": "Link",
		"options": "Update Release",
		"label": "Update Release",
		"depends_on": 'eval:doc.ticket_type=="Upgrade"',
		"description": "The release this upgrade request is about (AGR-11)",
	},
	{"fieldname": "after_sales_deadlines_section", "fieldtype": "Section Break", "label": "Deadlines"},
	{
		"fieldname": "acknowledge_by",
		"fieldtype": "Datetime",
		"label": "Acknowledge By",
		"read_only": 1,
		"search_index": 1,
	},
	{"fieldname": "acknowledged_on", "fieldtype": "Datetime", "label": "Acknowledged On", "read_only": 1},
	{
		"fieldname": "acknowledge_status",
		"fieldtype": "Select",
		"options": _select(*TARGET_STATUSES),
		"label": "Acknowledgement",
		"read_only": 1,
		"search_index": 1,
	},
	{
		"fieldname": "acknowledge_duration",
		"fieldtype": "Duration",
		"label": "Time to Acknowledge",
		"read_only": 1,
	},
	{"fieldname": "after_sales_column_2", "fieldtype": "Column Break"},
	{
		"fieldname": "response_status",
		"fieldtype": "Select",
		"options": _select(*TARGET_STATUSES),
		"label": "Response",
		"read_only": 1,
		"search_index": 1,
	},
	{"fieldname": "response_duration", "fieldtype": "Duration", "label": "Time to Respond", "read_only": 1},
	{
		"fieldname": "resolution_status",
		"fieldtype": "Select",
		"options": _select(*TARGET_STATUSES),
		"label": "Resolution",
		"read_only": 1,
		"search_index": 1,
	},
	{"fieldname": "resolution_duration", "fieldtype": "Duration", "label": "Time to Resolve", "read_only": 1},
	{
		"fieldname": "next_check_at",
		"fieldtype": "Datetime",
		"label": "Next Watchdog Check",
		"read_only": 1,
		"hidden": 1,
		"search_index": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "watch_failures",
		"fieldtype": "Int",
		"label": "Watchdog Failures in a Row",
		"read_only": 1,
		"hidden": 1,
		"no_copy": 1,
		"description": "The watchdog retries a ticket it failed on after 1, 2, 4... minutes, at most 30",
	},
	{"fieldname": "after_sales_column_3", "fieldtype": "Column Break"},
	{"fieldname": "terms_opened_on", "fieldtype": "Datetime", "label": "Terms Applied On", "read_only": 1},
	{
		"fieldname": "acknowledge_within",
		"fieldtype": "Duration",
		"label": "Acknowledge Within",
		"read_only": 1,
	},
	{"fieldname": "respond_within", "fieldtype": "Duration", "label": "Respond Within", "read_only": 1},
	{"fieldname": "resolve_within", "fieldtype": "Duration", "label": "Resolve Within", "read_only": 1},
	{"fieldname": "after_sales_process_section", "fieldtype": "Section Break", "label": "Service Process"},
	{
		"fieldname": "service_step",
		"fieldtype": "Select",
		"options": "\n".join(SERVICE_STEPS),
		"default": "Reported",
		"label": "Service Step",
		"read_only": 1,
		"in_standard_filter": 1,
		"search_index": 1,
		"description": "The agreement's process (AGR-14..19)",
	},
	{"fieldname": "service_timeline", "fieldtype": "HTML", "label": "Timeline"},
	{"fieldname": "after_sales_column_4", "fieldtype": "Column Break"},
	{"fieldname": "diagnosed_on", "fieldtype": "Datetime", "label": "Diagnosed On", "read_only": 1},
	{
		"fieldname": "solution_proposed_on",
		"fieldtype": "Datetime",
		"label": "Solution Proposed On",
		"read_only": 1,
	},
	{
		"fieldname": "solution_confirmed_on",
		"fieldtype": "Datetime",
		"label": "Solution Confirmed On",
		"read_only": 1,
	},
	{
		"fieldname": "verified_on",
		"fieldtype": "Datetime",
		"label": "Executed and Verified On",
		"read_only": 1,
	},
	{
		"fieldname": "feedback_closed_on",
		"fieldtype": "Datetime",
		"label": "Closed with Feedback On",
		"read_only": 1,
	},
	{
		"fieldname": "after_sales_diagnosis_section",
		"fieldtype": "Section Break",
		"label": "Diagnosis and Solution",
	},
	{
		"fieldname": "diagnosis_mode",
		"fieldtype": "Select",
		"options": _select("Remote", "On-site"),
		"label": "Diagnosis",
		"read_only": 1,
		"description": "Remote assistance or on-site service (AGR-16)",
	},
	{"fieldname": "visit_date", "fieldtype": "Datetime", "label": "Visit Date", "read_only": 1},
	{
		"fieldname": "visit_engineer",
		"fieldtype": "Link",
		"options": "User",
		"label": "Visit Engineer",
		"read_only": 1,
	},
	{"fieldname": "visit_address", "fieldtype": "Small Text", "label": "Visit Address", "read_only": 1},
	{"fieldname": "after_sales_column_5", "fieldtype": "Column Break"},
	{
		"fieldname": "proposed_solution",
		"fieldtype": "Small Text",
		"label": "Proposed Solution",
		"read_only": 1,
	},
	{
		"fieldname": "solution_confirmed_by",
		"fieldtype": "Data",
		"label": "Solution Confirmed By",
		"read_only": 1,
	},
	{
		"fieldname": "solution_confirmed_via",
		"fieldtype": "Select",
		"options": _select(*CONFIRMATION_CHANNELS),
		"label": "Solution Confirmed Via",
		"read_only": 1,
	},
	{
		"fieldname": "verification_note",
		"fieldtype": "Small Text",
		"label": "Verification Note",
		"read_only": 1,
	},
]


def ticket_custom_fields() -> dict[str, list[dict]]:
	"""`create_custom_fields` input: our HD Ticket fields, chained after Helpdesk's last field."""
	fields = []
	previous = "resolution_failed_by"
	for field in _FIELDS:
		fields.append({**field, "insert_after": previous, "module": "After Sales"})
		previous = field["fieldname"]
	return {"HD Ticket": fields}


TICKET_FIELDNAMES = tuple(f["fieldname"] for f in _FIELDS)

# Read-only in Desk means read-only everywhere: the agreement's clock (contract, policy, targets, deadlines,
# met/breached stamps) and the process steps are written by the app's hooks and actions only, never by a
# REST write or a script a person runs, so the compliance figures cannot be set by hand.
GUARDED_FIELDS = tuple(
	f["fieldname"]
	for f in _FIELDS
	if f.get("read_only") and f["fieldtype"] not in ("Section Break", "Column Break", "Tab Break", "HTML")
)

# Rows appended to Helpdesk's "Default" HD Ticket Template so the agent UI's side panel shows them.
# (fieldname, hide_from_customer)
TEMPLATE_ROWS = (
	("urgency", 1),
	("request_channel", 1),
	("service_step", 1),
	("service_contract", 1),
	("service_entitlement", 1),
	("acknowledge_by", 1),
	("diagnosis_mode", 1),
)

# Indexes the reports read HD Ticket through (issue 7: what they filter and group by is indexed).
# `after_sales_compliance` holds Agreement Compliance's counted fields in the order of a period's tickets,
# for the days still to recount (compliance_days); the coverage is read from the row;
# each `*_percentile` index is ordered by one duration so the 90th percentile is found by walking down
# from the top of an urgency's entries (about a tenth of them) instead of sorting the period's tickets.
# The channel (AGR-4) rides along so that a channel filter is answered from the indexes too.
TICKET_INDEXES = {
	"after_sales_compliance": (
		"urgency",
		"opening_date",
		"acknowledge_status",
		"acknowledge_duration",
		"response_status",
		"response_duration",
		"resolution_status",
		"resolution_duration",
		"request_channel",
	),
	"after_sales_acknowledge_percentile": (
		"urgency",
		"acknowledge_duration",
		"opening_date",
		"acknowledge_status",
		"request_channel",
	),
	"after_sales_response_percentile": (
		"urgency",
		"response_duration",
		"opening_date",
		"response_status",
		"request_channel",
	),
	# Service Volume and Satisfaction (by month, channel or service type), the 30-day satisfaction card, and
	# any other query on a period of opening dates
	"after_sales_volume": ("opening_date", "request_channel", "ticket_type", "feedback_rating"),
	"after_sales_resolution_percentile": (
		"urgency",
		"resolution_duration",
		"opening_date",
		"resolution_status",
		"request_channel",
	),
}
# The opening month (202506), a column MariaDB computes from `opening_date` (virtual: no hook keeps it, so
# no write path, SQL included, can leave it wrong). Leading the `*_month_percentile` indexes after the
# urgency, it keeps a month's times in order: a period within one calendar month finds its 90th percentile
# walking down that month's entries only, not a tenth of every month's.
OPENING_MONTH = "after_sales_opening_month"


def month_percentile_index(target) -> str:
	return f"after_sales_{target.name}_month_percentile"


TICKET_COLUMNS = {OPENING_MONTH: "int as (year(`opening_date`) * 100 + month(`opening_date`)) virtual"}
TICKET_INDEXES.update(
	{
		month_percentile_index(target): (
			"urgency",
			OPENING_MONTH,
			target.duration_field,
			"opening_date",
			target.status_field,
			"request_channel",
		)
		for target in TARGETS
	}
)
# Helpdesk's own fields the reports filter by, indexed through property setters (search_index), so that
# Frappe's schema sync keeps the indexes and drops them again when the setters go.
# status_category: the "tickets at risk" card reads the few open tickets, not all of them. opening_date is
# not here: `after_sales_volume` leads with it, and serves every query on a period.
HELPDESK_INDEXED_FIELDS = ("customer", "agent_group", "status_category")
