"""Agreement Compliance counted by day (agreement/day_totals.py): the sums of stored buckets and of the
tickets of the days awaiting a recount are the figures counted from every ticket (AGR-10, AGR-21..23)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from after_sales.agreement.day_totals import (
	COUNT_FIELDS,
	add,
	bucket_name,
	by_urgency,
	changes,
	days_to_recount,
	empty,
)
from after_sales.agreement.targets import MET, TARGETS, VERDICTS

COUNTED = (
	"opening_date",
	"urgency",
	"request_channel",
	"not_covered",
	*(field for target in TARGETS for field in (target.status_field, target.duration_field)),
)
START = date(2026, 1, 1)


def counts_of(ticket) -> dict:
	"""One ticket's counts, as the SQL aggregate counts them (compliance_days.counts_sql)."""
	row = {"tickets": 1}
	for target in TARGETS:
		status, duration = ticket[target.status_field], ticket[target.duration_field]
		reached = status in VERDICTS
		row[f"{target.name}_met"] = int(status == MET)
		row[f"{target.name}_done"] = int(reached)
		row[f"{target.name}_sum"] = duration if reached and duration is not None else 0
		row[f"{target.name}_timed"] = int(reached and duration is not None)
	return row


def per_bucket(tickets) -> dict[str, dict]:
	"""Buckets counted from the tickets, keyed by name, as a recount stores them."""
	buckets = {}
	for ticket in tickets:
		name = bucket_name(
			ticket["opening_date"], ticket["urgency"], ticket["request_channel"], ticket["not_covered"]
		)
		bucket = buckets.setdefault(
			name,
			{
				**empty(),
				"day": ticket["opening_date"],
				"urgency": ticket["urgency"],
				"not_covered": ticket["not_covered"],
			},
		)
		add(bucket, counts_of(ticket))
	return buckets


def live(tickets, days) -> list[dict]:
	"""The tickets of the days awaiting a recount, one row each (the report groups them in SQL)."""
	return [{**ticket, **counts_of(ticket)} for ticket in tickets if ticket["opening_date"] in days]


statuses = st.sampled_from([None, "", *VERDICTS])
tickets = st.lists(
	st.fixed_dictionaries(
		{
			"opening_date": st.integers(0, 6).map(lambda d: START + timedelta(days=d)),
			"urgency": st.sampled_from(["Urgent fault", "General fault", "Consultation"]),
			"request_channel": st.sampled_from(["E-mail", "Phone", None]),
			"not_covered": st.booleans(),
			**{
				field: (
					statuses if field.endswith("_status") else st.one_of(st.none(), st.integers(0, 10**5))
				)
				for target in TARGETS
				for field in (target.status_field, target.duration_field)
			},
		}
	),
	max_size=30,
)
edit = st.tuples(st.integers(0, 29), st.sampled_from(COUNTED), st.integers(0, 10**5), statuses)


@settings(max_examples=300, deadline=None)
@given(tickets, st.lists(edit, max_size=10), st.lists(st.integers(0, 29), max_size=3), tickets)
def test_agr21_stored_days_plus_days_to_recount_are_every_ticket(before, edits, deleted, added):
	"""AGR-21..23, AGR-10: buckets stored before a burst of changes (edits, deletions, new tickets), the
	days those changes recorded counted from the tickets, give exactly the counts of all tickets now."""
	stored = per_bucket(before)
	now = [dict(ticket) for ticket in before]
	pending = set()
	for index, field, number, status in edits:
		if index >= len(now):
			continue
		old = dict(now[index])
		if field == "opening_date":
			now[index][field] = START + timedelta(days=number % 7)
		elif field.endswith("_status"):
			now[index][field] = status
		elif field.endswith("_duration"):
			now[index][field] = number
		elif field == "not_covered":
			now[index][field] = not old[field]
		else:
			now[index][field] = f"value {number % 3}"
		pending |= days_to_recount(old, now[index], COUNTED)
	for index in sorted(set(deleted), reverse=True):
		if index < len(now):
			pending |= days_to_recount(now.pop(index), None, COUNTED)
	for ticket in added:
		now.append(ticket)
		pending |= days_to_recount(None, ticket, COUNTED)

	kept = [row for row in stored.values() if row["day"] not in pending]
	assert by_urgency(kept, live(now, pending)) == by_urgency(per_bucket(now).values())


def test_agr21_a_change_to_a_field_no_bucket_counts_recounts_nothing():
	ticket = {"opening_date": START, "urgency": "Urgent fault", "response_status": MET, "subject": "a"}
	assert days_to_recount(ticket, {**ticket, "subject": "b"}, COUNTED) == set()
	assert days_to_recount(ticket, {**ticket, "response_status": ""}, COUNTED) == {START}


def test_agr21_no_value_and_an_empty_one_count_the_same():
	ticket = {"opening_date": START, "urgency": "Urgent fault", "response_status": None}
	assert days_to_recount(ticket, {**ticket, "response_status": ""}, COUNTED) == set()


def test_agr21_a_ticket_moved_to_another_day_recounts_both_days():
	ticket = {"opening_date": START, "urgency": "Urgent fault"}
	later = START + timedelta(days=3)
	assert days_to_recount(ticket, {**ticket, "opening_date": later}, COUNTED) == {START, later}


def test_a_ticket_without_an_opening_day_is_in_no_bucket():
	assert days_to_recount(None, {"opening_date": None, "urgency": "Urgent fault"}, COUNTED) == set()


def test_bucket_names_are_stable_and_tell_buckets_apart():
	name = bucket_name(START, "Urgent fault", "Phone", False)
	assert name == bucket_name(str(START), "Urgent fault", "Phone", 0)
	others = {
		bucket_name(START, "Urgent fault", "Phone", True),
		bucket_name(START, "Urgent fault", "", False),
		bucket_name(START + timedelta(days=1), "Urgent fault", "Phone", False),
		bucket_name(START, "General fault", "Phone", False),
	}
	assert name not in others and len(others) == 4


def test_a_recount_rewrites_only_the_buckets_that_changed():
	same = {**empty(), "tickets": 2}
	stored = {"a": same, "b": {**empty(), "tickets": 1}, "gone": {**empty(), "tickets": 1}}
	counted = {"a": dict(same), "b": {**empty(), "tickets": 3}, "new": {**empty(), "tickets": 1}}
	stale, fresh = changes(stored, counted)
	assert sorted(stale) == ["b", "gone"]
	assert sorted(fresh) == ["b", "new"]


def test_counts_hold_every_target():
	assert len(COUNT_FIELDS) == 1 + 4 * len(TARGETS)
