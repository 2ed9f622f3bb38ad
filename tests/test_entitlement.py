"""Entitlement: AGR-2 (at least a year of free service), AGR-3 (then a paid contract), AGR-6..13 (the
service types a contract covers)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from after_sales.agreement.entitlement import (
	MIN_FREE_MONTHS,
	ContractStatus,
	ContractTerms,
	Entitlement,
	add_months,
	contract_status,
	covers,
	entitlement_for,
	entitlement_on,
	free_service_end,
	pick_contract,
)

FAST = settings(deadline=None, max_examples=200)


@pytest.mark.parametrize(
	("start", "months", "expected"),
	[
		(date(2026, 1, 31), 1, date(2026, 2, 28)),  # clamped to the month end
		(date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
		(date(2028, 2, 29), 12, date(2029, 2, 28)),
		(date(2100, 1, 31), 1, date(2100, 2, 28)),  # 2100 is not a leap year
		(date(2000, 1, 31), 1, date(2000, 2, 29)),  # 2000 is
		(date(2026, 3, 31), 1, date(2026, 4, 30)),
		(date(2026, 11, 15), 3, date(2027, 2, 15)),  # across a year end
		(date(2026, 3, 31), -1, date(2026, 2, 28)),
		(date(2026, 5, 20), 0, date(2026, 5, 20)),
		(date(2026, 1, 1), 120, date(2036, 1, 1)),
	],
)
def test_add_months_clamps_to_month_end(start, months, expected):
	assert add_months(start, months) == expected


def test_add_months_refuses_out_of_range():
	with pytest.raises(ValueError):
		add_months(date(9999, 12, 1), 1)
	with pytest.raises(TypeError):
		add_months(date(2026, 1, 1), 1.5)  # type: ignore[arg-type]


@FAST
@given(st.dates(date(1900, 1, 1), date(2200, 12, 31)), st.integers(-1200, 1200))
def test_add_months_properties(start, months):
	result = add_months(start, months)
	assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
	assert result.day == start.day or (result.day < start.day and (result + timedelta(days=1)).day == 1)


def test_agr2_free_service_end_is_the_inclusive_last_day():
	"""AGR-2: a year from 2026-01-01 ends 2026-12-31 inclusive; month ends and leap years are handled."""
	assert MIN_FREE_MONTHS == 12
	assert free_service_end(date(2026, 1, 1), 12) == date(2026, 12, 31)
	assert free_service_end(date(2026, 3, 15), 12) == date(2027, 3, 14)
	assert free_service_end(date(2027, 1, 31), 13) == date(2028, 2, 28)
	assert free_service_end(date(2028, 2, 29), 12) == date(2029, 2, 27)
	assert free_service_end(date(2026, 1, 1), 0) == date(2025, 12, 31)  # no free period


def test_agr2_negative_free_period_is_refused():
	with pytest.raises(ValueError):
		free_service_end(date(2026, 1, 1), -1)
	with pytest.raises(ValueError):
		ContractTerms(start=date(2026, 1, 1), end=date(2027, 1, 1), free_months=-1)
	with pytest.raises(ValueError):
		ContractTerms(start=date(2026, 1, 2), end=date(2026, 1, 1), free_months=12)


@FAST
@given(st.dates(date(1900, 1, 1), date(2200, 12, 31)), st.integers(1, 240))
def test_agr2_free_period_is_at_least_a_year_when_12_months(start, months):
	"""AGR-2: 12 or more months of free service always include the 365 days from the start."""
	end = free_service_end(start, months)
	assert end >= start
	assert free_service_end(start, months + 1) > end
	if months >= MIN_FREE_MONTHS:
		assert (end - start).days + 1 >= 365


TERMS = ContractTerms(start=date(2026, 1, 1), end=date(2027, 12, 31), free_months=12)


@pytest.mark.parametrize(
	("on", "expected"),
	[
		(date(2025, 12, 31), Entitlement.NONE),
		(date(2026, 1, 1), Entitlement.FREE),
		(date(2026, 12, 31), Entitlement.FREE),
		(date(2027, 1, 1), Entitlement.PAID),
		(date(2027, 12, 31), Entitlement.PAID),
		(date(2028, 1, 1), Entitlement.NONE),
	],
)
def test_agr2_agr3_free_then_paid_then_none(on, expected):
	"""AGR-2: free for the first year; AGR-3: paid after it, until the contract ends."""
	assert TERMS.free_until == date(2026, 12, 31)
	assert entitlement_on(TERMS, on) is expected


def test_agr3_inactive_or_missing_contract_gives_nothing():
	inactive = ContractTerms(start=date(2026, 1, 1), end=date(2027, 12, 31), free_months=12, active=False)
	assert entitlement_on(inactive, date(2026, 6, 1)) is Entitlement.NONE
	assert entitlement_on(None, date(2026, 6, 1)) is Entitlement.NONE


def test_agr3_renewal_without_free_period_is_paid_from_day_one():
	renewal = ContractTerms(start=date(2027, 1, 1), end=date(2027, 12, 31), free_months=0)
	assert entitlement_on(renewal, date(2027, 1, 1)) is Entitlement.PAID


def test_agr2_free_period_never_outlasts_the_contract():
	short = ContractTerms(start=date(2026, 1, 1), end=date(2026, 6, 30), free_months=12)
	assert entitlement_on(short, date(2026, 6, 30)) is Entitlement.FREE
	assert entitlement_on(short, date(2026, 7, 1)) is Entitlement.NONE


def test_covers_checks_dates_activity_and_service_type():
	all_types = TERMS
	assert covers(all_types, date(2026, 6, 1), "Training")
	assert covers(all_types, date(2026, 6, 1), None)
	assert not covers(all_types, date(2028, 6, 1), "Training")
	assert not covers(None, date(2026, 6, 1), "Training")
	limited = ContractTerms(
		start=date(2026, 1, 1), end=date(2026, 12, 31), free_months=12, service_types=["Fault", "Upgrade"]
	)
	assert limited.service_types == ("Fault", "Upgrade")
	assert covers(limited, date(2026, 6, 1), "Fault")
	assert not covers(limited, date(2026, 6, 1), "Training")
	assert not covers(limited, date(2026, 6, 1), None)
	cancelled = ContractTerms(start=date(2026, 1, 1), end=date(2026, 12, 31), free_months=12, active=False)
	assert not covers(cancelled, date(2026, 6, 1), "Fault")


def status(
	today: date, *, docstatus: int = 1, renewed: bool = False, expiring_days: int = 30
) -> ContractStatus:
	return contract_status(
		docstatus=docstatus,
		start=date(2026, 1, 1),
		end=date(2026, 12, 31),
		today=today,
		expiring_days=expiring_days,
		renewed=renewed,
	)


@pytest.mark.parametrize(
	("today", "expected"),
	[
		(date(2025, 12, 31), ContractStatus.SCHEDULED),
		(date(2026, 1, 1), ContractStatus.ACTIVE),
		(date(2026, 12, 1), ContractStatus.ACTIVE),  # 30 days left: not yet expiring
		(date(2026, 12, 2), ContractStatus.EXPIRING),  # 29 days left
		(date(2026, 12, 31), ContractStatus.EXPIRING),  # the last day
		(date(2027, 1, 1), ContractStatus.EXPIRED),
	],
)
def test_agr3_status_follows_the_calendar(today, expected):
	"""AGR-3: a contract is scheduled, active, expiring (time to renew), then expired."""
	assert status(today) is expected


def test_agr3_status_lifecycle_overrides_dates():
	assert status(date(2026, 6, 1), docstatus=0) is ContractStatus.DRAFT
	assert status(date(2026, 6, 1), docstatus=2) is ContractStatus.CANCELLED
	assert status(date(2026, 6, 1), docstatus=2, renewed=True) is ContractStatus.CANCELLED
	assert status(date(2027, 6, 1), renewed=True) is ContractStatus.RENEWED
	assert status(date(2026, 12, 20), expiring_days=0) is ContractStatus.ACTIVE
	with pytest.raises(ValueError):
		status(date(2026, 6, 1), docstatus=3)
	with pytest.raises(ValueError):
		status(date(2026, 6, 1), expiring_days=-1)


def test_agr3_pick_contract_is_deterministic():
	"""Latest start wins, then latest end, then the smallest name; order of candidates does not matter."""
	on = date(2026, 6, 1)
	old = ("SC-0001", ContractTerms(start=date(2025, 6, 1), end=date(2026, 12, 31), free_months=12))
	renewal = ("SC-0002", ContractTerms(start=date(2026, 5, 1), end=date(2027, 4, 30), free_months=0))
	longer = ("SC-0003", ContractTerms(start=date(2026, 5, 1), end=date(2028, 4, 30), free_months=0))
	twin = ("SC-0000", ContractTerms(start=date(2026, 5, 1), end=date(2028, 4, 30), free_months=0))
	future = ("SC-0009", ContractTerms(start=date(2026, 7, 1), end=date(2028, 4, 30), free_months=0))
	cancelled = (
		"SC-0010",
		ContractTerms(start=date(2026, 5, 2), end=date(2028, 4, 30), free_months=0, active=False),
	)
	assert pick_contract([old, renewal], on) == "SC-0002"
	assert pick_contract([renewal, longer], on) == "SC-0003"
	assert pick_contract([longer, twin], on) == "SC-0000"
	assert pick_contract([twin, longer], on) == "SC-0000"
	assert pick_contract([old, future, cancelled], on) == "SC-0001"
	assert pick_contract([future, cancelled], on) is None
	assert pick_contract([], on) is None


@FAST
@given(
	st.lists(
		st.tuples(
			st.sampled_from(["A", "B", "C", "D"]),
			st.dates(date(2026, 1, 1), date(2026, 12, 31)),
			st.integers(0, 400),
		),
		max_size=6,
	),
	st.dates(date(2026, 1, 1), date(2027, 12, 31)),
	st.randoms(use_true_random=False),
)
def test_pick_contract_does_not_depend_on_order(rows, on, rnd):
	candidates = [
		(name, ContractTerms(start=s, end=s + timedelta(days=n), free_months=12)) for name, s, n in rows
	]
	picked = pick_contract(candidates, on)
	shuffled = list(candidates)
	rnd.shuffle(shuffled)
	assert pick_contract(shuffled, on) == picked
	if picked is not None:
		assert any(name == picked and t.start <= on <= t.end for name, t in candidates)
	else:
		assert not any(t.start <= on <= t.end for _, t in candidates)


INSTALLATION_ONLY = ContractTerms(
	start=date(2026, 1, 1), end=date(2027, 12, 31), free_months=12, service_types=("Installation",)
)


@pytest.mark.parametrize(
	("terms", "on", "service_type", "expected"),
	[
		(INSTALLATION_ONLY, date(2026, 6, 1), "Installation", Entitlement.FREE),
		(INSTALLATION_ONLY, date(2027, 6, 1), "Installation", Entitlement.PAID),
		(INSTALLATION_ONLY, date(2026, 6, 1), "Fault", Entitlement.NOT_COVERED),
		(INSTALLATION_ONLY, date(2027, 6, 1), "Fault", Entitlement.NOT_COVERED),
		(INSTALLATION_ONLY, date(2026, 6, 1), None, Entitlement.NOT_COVERED),
		(INSTALLATION_ONLY, date(2028, 1, 1), "Fault", Entitlement.NONE),  # the contract has ended
		(TERMS, date(2026, 6, 1), "Fault", Entitlement.FREE),  # no types listed: every type covered
		(TERMS, date(2026, 6, 1), None, Entitlement.FREE),
		(None, date(2026, 6, 1), "Fault", Entitlement.NONE),
	],
)
def test_agr6_13_a_type_the_contract_leaves_out_is_not_covered(terms, on, service_type, expected):
	"""AGR-6..13: a contract limited to some service types covers requests of those types only; a contract
	listing none covers every type (AGR-2, AGR-3 then decide free or paid)."""
	assert entitlement_for(terms, on, service_type) is expected


@FAST
@given(
	st.dates(date(2025, 6, 1), date(2028, 6, 30)),
	st.lists(st.sampled_from(["Installation", "Fault", "Training", "Upgrade"]), max_size=3),
	st.one_of(st.none(), st.sampled_from(["Installation", "Fault", "Training", "Upgrade", "Unspecified"])),
	st.booleans(),
)
def test_agr6_13_entitlement_for_agrees_with_covers(on, types, service_type, active):
	"""AGR-6..13: NOT_COVERED exactly when an active contract runs that day but `covers` says no; otherwise
	the day alone decides (AGR-2, AGR-3)."""
	terms = ContractTerms(
		start=date(2026, 1, 1), end=date(2027, 12, 31), free_months=12, service_types=types, active=active
	)
	result = entitlement_for(terms, on, service_type)
	by_day = entitlement_on(terms, on)
	if by_day is not Entitlement.NONE and not covers(terms, on, service_type):
		assert result is Entitlement.NOT_COVERED
		assert types and service_type not in types
	else:
		assert result is by_day
	assert (result in (Entitlement.FREE, Entitlement.PAID)) == covers(terms, on, service_type)


def test_enum_values_are_the_labels_shown_to_users():
	assert [e.value for e in Entitlement] == [
		"Free service",
		"Paid contract",
		"No active contract",
		"Not covered by the contract",
	]
	assert [s.value for s in ContractStatus] == [
		"Draft",
		"Scheduled",
		"Active",
		"Expiring",
		"Expired",
		"Cancelled",
		"Renewed",
	]
