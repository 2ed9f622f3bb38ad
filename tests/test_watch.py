from datetime import datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from after_sales.agreement.calendar import AlwaysOpen, BusinessHours
from after_sales.agreement.watch import Target, due_now, events_for, late_by, next_check

NIGHT = datetime(2026, 3, 6, 23, 0)
ALWAYS = AlwaysOpen()
OFFICE = BusinessHours({d: [(time(9), time(18))] for d in range(5)})


def urgent_targets(start=NIGHT):
	return [
		Target("acknowledge", start, start + timedelta(minutes=15), 80),
		Target("response", start, start + timedelta(minutes=30), 80),
		Target("resolution", start, start + timedelta(hours=4), 80),
	]


def test_agr21_24_urgent_night_warning_before_and_escalation_at_breach():
	"""AGR-21, AGR-24: at night on a 24x7 clock, the response warning comes at 80% (23:24), the breach at 23:30."""
	events = {(e.target, e.kind): e for e in events_for(urgent_targets(), ALWAYS, timedelta(hours=1))}
	assert events[("response", "warning")].at == datetime(2026, 3, 6, 23, 24)
	assert events[("response", "breach")].at == datetime(2026, 3, 6, 23, 30)
	assert events[("response", "second")].at == datetime(2026, 3, 7, 0, 30)
	assert events[("acknowledge", "warning")].at == datetime(2026, 3, 6, 23, 12)


def test_warning_in_working_time_on_business_hours():
	"""80% of a 1 h target started Friday 17:30 falls on Monday 09:18, not at a wall-clock 18:18."""
	start = datetime(2026, 3, 6, 17, 30)
	target = Target("response", start, OFFICE.add(start, timedelta(hours=1)), 80)
	warning = next(e for e in events_for([target], OFFICE) if e.kind == "warning")
	assert warning.at == datetime(2026, 3, 9, 9, 18)


def test_each_event_fires_once():
	events = events_for(urgent_targets(), ALWAYS)
	fired: set = set()
	now = datetime(2026, 3, 6, 23, 25)
	fire, skip = due_now(events, fired, now)
	assert {(e.target, e.kind) for e in fire} == {("acknowledge", "breach"), ("response", "warning")}
	assert {(e.target, e.kind) for e in skip} == {("acknowledge", "warning")}
	fired |= {e.key for e in fire + skip}
	assert due_now(events, fired, now) == ([], [])
	assert next_check(events, fired) == datetime(2026, 3, 6, 23, 30)


def test_late_run_fires_only_the_most_advanced_event():
	events = events_for(urgent_targets(), ALWAYS, timedelta(hours=1))
	fire, skip = due_now(events, set(), datetime(2026, 3, 7, 9, 0))
	assert sorted((e.target, e.kind) for e in fire) == [
		("acknowledge", "second"),
		("resolution", "second"),
		("response", "second"),
	]
	assert len(skip) == 6


def test_moved_deadline_rearms_its_alerts():
	old = events_for([Target("response", NIGHT, NIGHT + timedelta(hours=1), 80)], ALWAYS)
	fired = {e.key for e in old if e.kind == "warning"}
	new = events_for([Target("response", NIGHT, NIGHT + timedelta(minutes=30), 80)], ALWAYS)
	fire, _skip = due_now(new, fired, NIGHT + timedelta(minutes=25))
	assert [(e.kind, e.due) for e in fire] == [("warning", NIGHT + timedelta(minutes=30))]


def test_breach_lateness():
	breach = next(
		e for e in events_for(urgent_targets(), ALWAYS) if e.kind == "breach" and e.target == "response"
	)
	assert late_by(breach, NIGHT + timedelta(minutes=42)) == timedelta(minutes=12)
	assert late_by(breach, NIGHT) == timedelta(0)


@settings(max_examples=150, deadline=None)
@given(
	st.integers(min_value=1, max_value=99),
	st.integers(min_value=60, max_value=7 * 86400),
	st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 1, 1)),
)
def test_warning_never_after_breach_and_every_event_fires_exactly_once(percent, seconds, start):
	for calendar in (ALWAYS, OFFICE):
		due = calendar.add(start, timedelta(seconds=seconds))
		events = events_for([Target("resolution", start, due, percent)], calendar, timedelta(minutes=30))
		warning, breach, second = sorted(events, key=lambda e: ("warning", "breach", "second").index(e.kind))
		assert warning.at <= breach.at < second.at
		fired: set = set()
		sent = []
		now = start
		while True:
			step = next_check(events, fired)
			if step is None:
				break
			now = max(now, step)
			fire, skip = due_now(events, fired, now)
			sent += [e.key for e in fire]
			fired |= {e.key for e in fire + skip}
		assert len(sent) == len(set(sent)) == 3


def test_issue14_a_failing_ticket_waits_longer_each_time_at_most_30_minutes():
	"""AGR-22 (issue 14): a ticket that keeps failing is retried after 1, 2, 4... min, never more than 30."""
	from after_sales.agreement.watch import retry_after

	assert [retry_after(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
	assert retry_after(6) == retry_after(500) == timedelta(minutes=30)


@given(st.lists(st.integers(), max_size=60), st.integers(min_value=1, max_value=25))
def test_batches_cover_every_item_once_in_order(items, size):
	from after_sales.agreement.watch import batches

	parts = list(batches(items, size))
	assert [x for part in parts for x in part] == items
	assert all(1 <= len(part) <= size for part in parts)


def test_issue14_one_digest_per_recipient_soonest_deadline_first():
	"""AGR-22 (issue 14): each recipient's digest lists each ticket's target once, soonest deadline first."""
	from after_sales.agreement.watch import DigestLine, digests, minutes_left

	late = DigestLine("7", "Response", NIGHT + timedelta(hours=1))
	soon = DigestLine("9", "Acknowledge", NIGHT + timedelta(minutes=15))
	out = digests([("ann", late), ("bob", late), ("ann", soon), ("ann", late)])
	assert out == {"ann": [soon, late], "bob": [late]}
	assert minutes_left(soon.due, NIGHT) == 15
	assert minutes_left(soon.due, NIGHT + timedelta(hours=2)) == 0
