"""The three targets and their fields, once (AGR-10, AGR-15, AGR-21..24), and the Met/Breached rule."""

from datetime import date, datetime, timedelta

import pytest

from after_sales.agreement.calendar import WEEKDAYS
from after_sales.agreement.metrics import AVERAGE_RESOLUTION_TARGET_SECONDS, AVERAGE_RESPONSE_TARGET_SECONDS
from after_sales.agreement.targets import (
	ACKNOWLEDGE,
	AVERAGED,
	BREACHED,
	MET,
	RESOLUTION,
	RESPONSE,
	TARGETS,
	VERDICTS,
	by_label,
	by_name,
	verdict,
)
from after_sales.ticket_fields import TARGET_STATUSES, TICKET_INDEXES, ticket_custom_fields
from tests.test_translations import translations

DUE = datetime(2026, 3, 6, 10, 0)


def test_agr15_21_24_three_targets_in_the_order_a_request_reaches_them():
	assert [t.name for t in TARGETS] == ["acknowledge", "response", "resolution"]
	assert (by_name("response"), by_label("Resolution")) == (RESPONSE, RESOLUTION)
	with pytest.raises(KeyError):
		by_name("Acknowledge")  # a label is not a name


def test_agr15_21_24_a_target_is_met_up_to_its_deadline_and_breached_after():
	assert verdict(DUE - timedelta(minutes=1), DUE) == MET
	assert verdict(DUE, DUE) == MET  # the deadline itself is in time
	assert verdict(DUE + timedelta(microseconds=1), DUE) == BREACHED
	assert VERDICTS == (MET, BREACHED) == TARGET_STATUSES


def test_agr10_averages_are_promised_for_response_and_resolution():
	assert [(t, t.average_within) for t in AVERAGED] == [
		(RESPONSE, AVERAGE_RESPONSE_TARGET_SECONDS),
		(RESOLUTION, AVERAGE_RESOLUTION_TARGET_SECONDS),
	]
	assert [t for t in TARGETS if t.paused_on_hold] == [RESOLUTION]  # Helpdesk's pause stops resolution only


def test_the_table_names_fields_that_exist():
	"""Every field the table names is a field of HD Ticket: the app's own, or Helpdesk's (events, deadlines)."""
	ours = {f["fieldname"] for f in ticket_custom_fields()["HD Ticket"]}
	helpdesk = {"response_by", "resolution_by", "first_responded_on", "resolution_date"}
	for target in TARGETS:
		fields = (target.due_field, target.event_field, target.status_field, target.duration_field)
		assert set(fields) <= ours | helpdesk, target.name
		assert target.within_field in ours, target.name
		assert f"after_sales_{target.name}_percentile" in TICKET_INDEXES  # the report's percentile index
		assert {target.status_field, target.duration_field} <= set(TICKET_INDEXES["after_sales_compliance"])
	assert ACKNOWLEDGE.due_field in ours


def test_agr1_every_label_of_the_table_is_translated():
	"""The labels live in the pure core, without `_()`: the callers translate them, so they must have rows."""
	zh = translations()
	for target in TARGETS:
		for label in (target.label, target.reached_label, target.customer_label, target.share_label):
			assert zh.get(label, "").strip(), label


def test_weekdays_are_numbered_as_python_numbers_them():
	assert WEEKDAYS[date(2026, 3, 2).weekday()] == "Monday"
	assert len(WEEKDAYS) == 7
