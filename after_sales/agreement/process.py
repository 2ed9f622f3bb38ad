"""The agreement's service process (AGR-14..19): the steps a request passes, in order, and which of the
agent's steps make sense next. Pure Python: no frappe import.

Every request passes these steps in order (AGR-14..19): reported, acknowledged (receipt confirmed,
AGR-15), diagnosed (remote or on-site, AGR-16), a solution proposed and confirmed with the customer
(AGR-17), executed and verified (AGR-18), closed with feedback (AGR-19). A step is reached when its
stamp is set; the request stands at the furthest stamped step.

The agent records four of them (`AGENT_STEPS`). On an open request (`next_steps`):

- ``diagnose`` until the fix is verified; a diagnosis can be revised (remote first, then on-site);
- ``propose`` once diagnosed, until verified; a new proposal replaces one the customer has not confirmed
  or has rejected;
- ``confirm`` (the customer's confirmation, taken by the agent: by phone, in a meeting) while a proposal
  awaits it;
- ``verify`` once the solution is confirmed, until verified.

A resolved or closed request takes none of them: its record is final (AGR-19).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["AGENT_STEPS", "STEP_STAMPS", "current_step", "next_steps"]

# (step, the stamp that reaches it), in the order a request passes them
STEP_STAMPS: tuple[tuple[str, str], ...] = (
	("Reported", "opening_date"),
	("Acknowledged", "acknowledged_on"),
	("Diagnosed", "diagnosed_on"),
	("Solution proposed", "solution_proposed_on"),
	("Solution confirmed", "solution_confirmed_on"),
	("Executed and verified", "verified_on"),
	("Closed with feedback", "feedback_closed_on"),
)

AGENT_STEPS = ("diagnose", "propose", "confirm", "verify")


def current_step(stamps: Mapping[str, object]) -> str:
	"""The furthest step whose stamp is set (Reported when none is)."""
	return next((step for step, field in reversed(STEP_STAMPS) if stamps.get(field)), STEP_STAMPS[0][0])


def next_steps(stamps: Mapping[str, object], is_open: bool) -> tuple[str, ...]:
	"""The agent's steps that make sense on a request with these stamps, in process order."""
	if not is_open or stamps.get("verified_on"):
		return ()
	steps = ["diagnose"]
	if stamps.get("diagnosed_on"):
		steps.append("propose")
	if stamps.get("solution_proposed_on") and not stamps.get("solution_confirmed_on"):
		steps.append("confirm")
	if stamps.get("solution_confirmed_on"):
		steps.append("verify")
	return tuple(steps)
