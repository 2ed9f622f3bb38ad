"""The agreement's three time targets on every request, and the ticket fields each one is kept in
(AGR-10, AGR-15, AGR-21..24). Pure Python: no frappe import.

A request under the agreement has three targets, in this order:

- ``acknowledge``: its receipt confirmed (AGR-15: within 15 minutes);
- ``response``: a first response (AGR-21..23: 30 minutes, 1 hour or 24 hours by urgency);
- ``resolution``: resolved (AGR-10, AGR-24: about 4 hours for faults). Its clock stands still while
  the ticket is on hold (Helpdesk's paused statuses), and the time on hold is not counted in it.

For each, the ticket holds the deadline (`due_field`), the moment the event happened (`event_field`),
the verdict stamped once when it happened (`status_field`: Met or Breached) and the working time it
took (`duration_field`); the policy's target row and the ticket hold the working time allowed
(`within_field`). AGR-10 promises an average for the response and the resolution of faults
(`average_within`, seconds).

The rule of the verdict (`verdict`): a target is Met when its event happens at or before its
deadline, Breached after it. A target with a verdict has been reached; one without has not (yet).

This table is the only place these names are written: the ticket hooks, the watchdog, the reports,
the number cards, the weekly chart, the portal and the monthly report read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from after_sales.agreement.metrics import AVERAGE_RESOLUTION_TARGET_SECONDS, AVERAGE_RESPONSE_TARGET_SECONDS

__all__ = [
	"ACKNOWLEDGE",
	"AVERAGED",
	"BREACHED",
	"MET",
	"RESOLUTION",
	"RESPONSE",
	"TARGETS",
	"VERDICTS",
	"TimeTarget",
	"by_label",
	"by_name",
	"state",
	"verdict",
]

MET = "Met"
BREACHED = "Breached"
VERDICTS = (MET, BREACHED)  # the stamps of a reached target

# Where a target stands, as the agent UI and the customer portal show it (`state`)
STATE_MET = "met"  # reached at or before its deadline
STATE_MISSED = "missed"  # reached after its deadline, or its deadline passed without it
STATE_DUE = "due"  # not reached yet, its deadline still ahead
STATE_PAUSED = "paused"  # not reached, and its clock stands still (resolution, ticket on hold)
STATES = (STATE_MET, STATE_MISSED, STATE_DUE, STATE_PAUSED)


@dataclass(frozen=True)
class TimeTarget:
	"""One of the three targets: its names and the fields it is kept in."""

	name: str  # acknowledge, response, resolution: the key used in code, logs and report columns
	label: str  # as SLA Alert Log's `target` names it (an option of that Select)
	reached_label: str  # the event, in a report's column ("Acknowledged")
	customer_label: str  # as the customer reads it in the portal ("Receipt confirmed")
	share_label: str  # the share kept, in a chart's legend ("Acknowledged within 15 min")
	due_field: str  # HD Ticket: the deadline
	event_field: str  # HD Ticket: when the event happened (Helpdesk's own field for response, resolution)
	status_field: str  # HD Ticket: Met or Breached, stamped when the event happens
	duration_field: str  # HD Ticket: the working seconds it took
	within_field: str  # SLA Policy Target and HD Ticket: the working time allowed
	paused_on_hold: bool = False  # the clock stands still while the ticket is on hold
	average_within: float | None = None  # AGR-10: the average promised for faults, in seconds


ACKNOWLEDGE = TimeTarget(
	name="acknowledge",
	label="Acknowledge",
	reached_label="Acknowledged",
	customer_label="Receipt confirmed",
	share_label="Acknowledged within 15 min",
	due_field="acknowledge_by",
	event_field="acknowledged_on",
	status_field="acknowledge_status",
	duration_field="acknowledge_duration",
	within_field="acknowledge_within",
)
RESPONSE = TimeTarget(
	name="response",
	label="Response",
	reached_label="Responded",
	customer_label="Response",
	share_label="Responded within target",
	due_field="response_by",
	event_field="first_responded_on",
	status_field="response_status",
	duration_field="response_duration",
	within_field="respond_within",
	average_within=AVERAGE_RESPONSE_TARGET_SECONDS,
)
RESOLUTION = TimeTarget(
	name="resolution",
	label="Resolution",
	reached_label="Resolved",
	customer_label="Resolution",
	share_label="Resolved within target",
	due_field="resolution_by",
	event_field="resolution_date",
	status_field="resolution_status",
	duration_field="resolution_duration",
	within_field="resolve_within",
	paused_on_hold=True,
	average_within=AVERAGE_RESOLUTION_TARGET_SECONDS,
)
TARGETS = (ACKNOWLEDGE, RESPONSE, RESOLUTION)  # in the order a request reaches them
AVERAGED = tuple(target for target in TARGETS if target.average_within)  # AGR-10's averages

_BY_NAME = {target.name: target for target in TARGETS}
_BY_LABEL = {target.label: target for target in TARGETS}


def by_name(name: str) -> TimeTarget:
	"""The target called `name` (acknowledge, response, resolution); KeyError for another."""
	return _BY_NAME[name]


def by_label(label: str) -> TimeTarget:
	"""The target SLA Alert Log calls `label` (Acknowledge, Response, Resolution); KeyError for another."""
	return _BY_LABEL[label]


def verdict(event: datetime, due: datetime) -> str:
	"""Met when the event happened at or before the deadline (the deadline itself is in time), else Breached."""
	return MET if event <= due else BREACHED


def state(
	due: datetime | None,
	event: datetime | None,
	stamp: str | None,
	now: datetime,
	paused: bool = False,
) -> str | None:
	"""Where one target of a request stands at `now`: None without a deadline (no agreement terms).

	A reached target keeps the verdict stamped when it happened (`stamp`); one reached without a stamp
	is judged by `verdict`. An unreached target is missed once its deadline has passed, even while on hold
	(the time before the pause was already too long); before that it is due, or paused while its clock
	stands still."""
	if due is None:
		return None
	if event is not None:
		return STATE_MET if (stamp or verdict(event, due)) == MET else STATE_MISSED
	if now > due:
		return STATE_MISSED
	return STATE_PAUSED if paused else STATE_DUE
