"""China's statutory calendar from the `holidays` library (issue 20; AGR-5, AGR-21..24): holidays and the
weekend days worked instead, and whether the library has a year's official schedule yet."""

from datetime import date, datetime, time, timedelta

import pytest

from after_sales.agreement.calendar import BusinessHours
from after_sales.agreement.statutory import (
	HOLIDAY,
	WORKING_DAY,
	UnknownCountry,
	published,
	statutory_days,
)

OFFICE = {day: [(time(9), time(18))] for day in range(5)}


def test_agr22_china_2026_holidays_and_make_up_days():
	"""The State Council's 2026 schedule: the Spring Festival break (its weekdays 16-20 and 23 February)
	and the six weekend days worked instead."""
	days = statutory_days("CN", 2026)
	holidays = {d.day for d in days if d.kind == HOLIDAY}
	working = sorted(d.day for d in days if d.kind == WORKING_DAY)
	assert {date(2026, 2, 16) + timedelta(days=i) for i in (0, 1, 2, 3, 4, 7)} <= holidays
	assert working == [
		date(2026, 1, 4),
		date(2026, 2, 14),
		date(2026, 2, 28),
		date(2026, 5, 9),
		date(2026, 9, 20),
		date(2026, 10, 10),
	]
	assert not holidays & set(working)
	# each make-up day names the day off it pays for
	saturday = next(d for d in days if d.day == date(2026, 2, 14))
	assert saturday.name.startswith("2026-02-20")


def test_agr22_the_library_days_give_the_agreements_deadline():
	"""From the library's days: a general fault at 17:30 on Friday 13 February 2026 is due at 09:30 the
	next day, a make-up Saturday (AGR-22: 1 h)."""
	days = statutory_days("CN", 2026)
	calendar = BusinessHours(
		OFFICE,
		[d.day for d in days if d.kind == HOLIDAY],
		[d.day for d in days if d.kind == WORKING_DAY],
	)
	assert calendar.add(datetime(2026, 2, 13, 17, 30), timedelta(hours=1)) == datetime(2026, 2, 14, 9, 30)
	# the break: from Saturday 14 at 18:00, the next working hour ends on Tuesday 24 at 10:00
	assert calendar.add(datetime(2026, 2, 14, 18, 0), timedelta(hours=1)) == datetime(2026, 2, 24, 10, 0)


def test_days_are_named_in_chinese_where_asked():
	names = {d.day: d.name for d in statutory_days("CN", 2026, language="zh_CN")}
	assert names[date(2026, 2, 17)] == "春节"


def test_a_year_is_published_once_its_make_up_days_are_known():
	"""China moves work onto weekends: a year without make-up days in the library is only an estimate.
	A country that never does is published for any year."""
	assert published("CN", 2026)
	has_2027 = any(d.kind == WORKING_DAY for d in statutory_days("CN", 2027))
	assert published("CN", 2027) == has_2027
	assert not published("CN", 2099)
	assert published("DE", 2099)


def test_an_unknown_country_or_subdivision_is_a_clear_error():
	with pytest.raises(UnknownCountry):
		statutory_days("XX", 2026)
	with pytest.raises(UnknownCountry):
		statutory_days("CN", 2026, subdivision="Atlantis")
