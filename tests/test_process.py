"""The service process's steps and the agent's next steps (AGR-14..19), and where a target stands
(AGR-15, AGR-21..24) as the agent UI and the customer portal show it."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from after_sales.agreement.process import AGENT_STEPS, STEP_STAMPS, current_step, next_steps
from after_sales.agreement.targets import (
	BREACHED,
	MET,
	STATE_DUE,
	STATE_MET,
	STATE_MISSED,
	STATE_PAUSED,
	STATES,
	state,
)
from after_sales.ticket_fields import SERVICE_STEPS

T0 = datetime(2026, 3, 6, 9, 0)
DUE = T0 + timedelta(hours=1)
STAMPS = [field for _step, field in STEP_STAMPS]

stamp_sets = st.fixed_dictionaries({field: st.sampled_from([None, T0]) for field in STAMPS})


def test_agr14_19_the_steps_in_the_agreements_order_are_the_ticket_fields_options():
	assert SERVICE_STEPS == (
		"Reported",
		"Acknowledged",
		"Diagnosed",
		"Solution proposed",
		"Solution confirmed",
		"Executed and verified",
		"Closed with feedback",
	)


@given(stamp_sets)
def test_agr14_19_a_request_stands_at_its_furthest_stamped_step(stamps):
	reached = [i for i, field in enumerate(STAMPS) if stamps[field]]
	assert current_step(stamps) == SERVICE_STEPS[max(reached, default=0)]


def test_agr16_19_each_step_is_offered_when_it_makes_sense():
	assert next_steps({"acknowledged_on": T0}, True) == ("diagnose",)
	diagnosed = {"acknowledged_on": T0, "diagnosed_on": T0}
	assert next_steps(diagnosed, True) == ("diagnose", "propose")
	proposed = {**diagnosed, "solution_proposed_on": T0}
	assert next_steps(proposed, True) == ("diagnose", "propose", "confirm")
	confirmed = {**proposed, "solution_confirmed_on": T0}
	assert next_steps(confirmed, True) == ("diagnose", "propose", "verify")
	assert next_steps({**confirmed, "verified_on": T0}, True) == ()


@given(stamp_sets, st.booleans())
def test_agr19_a_closed_or_verified_request_takes_no_step_and_the_rest_in_order(stamps, is_open):
	steps = next_steps(stamps, is_open)
	assert set(steps) <= set(AGENT_STEPS)
	assert list(steps) == sorted(steps, key=AGENT_STEPS.index)
	if not is_open or stamps["verified_on"]:
		assert steps == ()
	assert ("confirm" in steps) == bool(
		is_open
		and not stamps["verified_on"]
		and stamps["solution_proposed_on"]
		and not stamps["solution_confirmed_on"]
	)


def test_agr21_24_a_target_without_a_deadline_has_no_state():
	assert state(None, None, None, T0) is None


def test_agr21_24_a_reached_target_keeps_the_verdict_stamped_when_it_happened():
	assert state(DUE, DUE, MET, DUE + timedelta(days=3)) == STATE_MET
	assert state(DUE, DUE + timedelta(minutes=1), BREACHED, DUE) == STATE_MISSED
	# no stamp: judged by the rule; the deadline itself is in time
	assert state(DUE, DUE, None, DUE + timedelta(days=1)) == STATE_MET
	assert state(DUE, DUE + timedelta(seconds=1), None, DUE) == STATE_MISSED


def test_agr24_an_unreached_target_is_due_paused_on_hold_or_missed_after_its_deadline():
	assert state(DUE, None, None, T0) == STATE_DUE
	assert state(DUE, None, None, T0, paused=True) == STATE_PAUSED
	assert state(DUE, None, None, DUE) == STATE_DUE
	assert state(DUE, None, None, DUE + timedelta(seconds=1)) == STATE_MISSED
	assert state(DUE, None, None, DUE + timedelta(seconds=1), paused=True) == STATE_MISSED


@given(
	st.datetimes(min_value=T0, max_value=T0 + timedelta(days=2)),
	st.none() | st.datetimes(min_value=T0, max_value=T0 + timedelta(days=2)),
	st.datetimes(min_value=T0, max_value=T0 + timedelta(days=2)),
	st.booleans(),
)
def test_agr21_24_an_unstamped_target_is_met_exactly_when_reached_by_its_deadline(due, event, now, paused):
	result = state(due, event, None, now, paused)
	assert result in STATES
	assert (result == STATE_MET) == (event is not None and event <= due)
	if event is None:
		assert (result == STATE_MISSED) == (now > due)
