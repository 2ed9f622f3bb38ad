"""A country's statutory calendar for a year: its public holidays and the weekend days worked instead
(China's make-up working days, 调休), from the maintained `holidays` library. Pure Python: no frappe import.

Why `holidays` (python-holidays) and not `chinesecalendar`: both know China's holidays and make-up days
through 2026, but `holidays` is released every few weeks (its China data cites each year's State Council
notice and is checked "3 weeks before year's end each year"), knows subdivisions and some 150 other
countries, and names each day in Chinese; `chinesecalendar` is China-only and its newest release (1.11.0)
ends in October 2026. The range is pinned in pyproject.toml.

A year counts as *published* when the library has its official schedule. Rule-based countries are
published for any year; for a country that moves work onto weekends (China), a year is published once the
library lists that year's make-up days: before the State Council's notice the library can only estimate
the festivals, and without the make-up days a deadline would be computed days late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

HOLIDAY = "Holiday"
WORKING_DAY = "Working day"


class UnknownCountry(ValueError):
	"""The library knows no such country or subdivision."""


@dataclass(frozen=True, order=True)
class StatutoryDay:
	day: date
	kind: str  # HOLIDAY or WORKING_DAY
	name: str


def _calendar(country: str, year: int, subdivision: str | None, language: str | None):
	import holidays

	try:
		return holidays.country_holidays(
			country.strip().upper(), subdiv=subdivision or None, years=year, language=language or None
		)
	except NotImplementedError as error:
		raise UnknownCountry(f"the holidays library knows no country {country!r}") from error
	except ValueError as error:
		raise UnknownCountry(str(error)) from error


def statutory_days(
	country: str, year: int, subdivision: str | None = None, language: str | None = None
) -> list[StatutoryDay]:
	"""The year's public holidays and make-up working days, sorted by date. `language` names the days
	(zh_CN, en_US...) where the library has that language, else in the country's own."""
	calendar = _calendar(country, year, subdivision, _supported(country, language))
	days = [StatutoryDay(day, HOLIDAY, str(name)) for day, name in calendar.items() if day.year == year]
	for day in getattr(calendar, "weekend_workdays", set()) or set():
		if day.year == year:
			days.append(StatutoryDay(day, WORKING_DAY, _working_day_name(calendar, day)))
	return sorted(days)


def _working_day_name(calendar, day: date) -> str:
	"""The make-up day's name: the day off it pays for and the library's name of that day ("2026-02-20:
	Day off (substituted from 02/14/2026)"), else plainly a working day."""
	for holiday, name in sorted(calendar.items()):
		if day.strftime("%m/%d/%Y") in str(name) or day.isoformat() in str(name):
			return f"{holiday.isoformat()}: {name}"
	return WORKING_DAY


@lru_cache(maxsize=64)
def _languages(country: str) -> tuple[str, ...]:
	import holidays

	try:
		return tuple(holidays.list_localized_countries().get(country.strip().upper(), ()))
	except AttributeError:
		return ()


def _supported(country: str, language: str | None) -> str | None:
	if not language:
		return None
	wanted = language.replace("-", "_")
	for candidate in _languages(country):
		if candidate.lower() == wanted.lower() or candidate.lower().startswith(wanted.lower().split("_")[0]):
			return candidate
	return None


def moves_weekends(country: str, subdivision: str | None = None, near: int | None = None) -> bool:
	"""Whether the country moves work onto weekends (has make-up working days) in recent years."""
	year = near or date.today().year
	return any(
		getattr(_calendar(country, y, subdivision, None), "weekend_workdays", None) for y in (year - 1, year)
	)


def published(country: str, year: int, subdivision: str | None = None) -> bool:
	"""Whether the library has the year's official schedule (see the module docstring)."""
	if any(day.kind == WORKING_DAY for day in statutory_days(country, year, subdivision)):
		return True
	return not moves_weekends(country, subdivision, near=year - 1)
