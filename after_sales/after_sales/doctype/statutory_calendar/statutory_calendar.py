# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""A country's statutory calendar (issue 20; AGR-5, AGR-21..24): its holidays and make-up working days,
year by year from the `holidays` library (agreement/statutory.py), amended by the managers in Desk.

Rows the library added say so (`source` Library); a row a person adds or changes becomes Manual, and the
yearly update never adds a library day on a date that already has a row, so a supplier's own closure or a
late announcement stands. SLA Policies on business hours that name the calendar count its holidays as days
off and its working days as worked (service_terms.policy_calendar), and Helpdesk's own SLA gets its holidays
(integrations.helpdesk.sync_policy), so Helpdesk's timers and the app's agree where Helpdesk can follow.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, nowdate

from after_sales.agreement import statutory
from after_sales.api.inputs import api

ROW_FIELDS = ("date", "kind", "description")
FIRST_YEAR, LAST_YEAR = 2000, 2100


class StatutoryCalendar(Document):
	# begin: auto-generated types
	# end: auto-generated types

	def validate(self):
		self.country = (self.country or "").strip().upper()
		self.subdivision = (self.subdivision or "").strip() or None
		try:
			statutory.statutory_days(self.country, getdate(nowdate()).year, self.subdivision)
		except statutory.UnknownCountry:
			frappe.throw(
				_("The holidays library knows no country {0} with subdivision {1}.").format(
					frappe.bold(self.country), frappe.bold(self.subdivision or "-")
				),
				title=_("Unknown country"),
			)
		self._mark_manual_rows()
		self._refuse_duplicate_dates()
		self.days.sort(key=lambda row: getdate(row.date))
		for index, row in enumerate(self.days, start=1):
			row.idx = index

	def _mark_manual_rows(self):
		"""Only the yearly update writes Library rows: a row a person adds or changes is theirs (Manual)."""
		if self.flags.from_library:
			return
		before = self.get_doc_before_save()
		stored = {row.name: row for row in (before.days if before else [])}
		for row in self.days:
			old = stored.get(row.name)
			if not old or any(str(row.get(f) or "") != str(old.get(f) or "") for f in ROW_FIELDS):
				row.source = "Manual"
			else:
				row.source = old.source

	def _refuse_duplicate_dates(self):
		seen = set()
		for row in self.days:
			day = getdate(row.date)
			if not FIRST_YEAR <= day.year <= LAST_YEAR:
				frappe.throw(_("Row {0}: the date must fall between 2000 and 2100.").format(row.idx))
			if day in seen:
				frappe.throw(
					_("{0} appears twice: a day is either a holiday or a working day.").format(
						frappe.format(day, "Date")
					),
					title=_("Duplicate date"),
				)
			seen.add(day)

	def on_update(self):
		from after_sales.integrations import helpdesk

		for policy in frappe.get_all("SLA Policy", filters={"statutory_calendar": self.name}, pluck="name"):
			helpdesk.sync_policy(frappe.get_doc("SLA Policy", policy))

	def dates(self, kind: str) -> list:
		return [getdate(row.date) for row in self.days if row.kind == kind]

	def has_library_year(self, year: int) -> bool:
		return any(row.source == "Library" and getdate(row.date).year == year for row in self.days)

	def add_library_year(self, year: int) -> int:
		"""Add the year's days from the library on the dates that have no row yet; returns how many."""
		language = frappe.db.get_single_value("System Settings", "language") or "en"
		days = statutory.statutory_days(self.country, year, self.subdivision, _library_language(language))
		taken = {getdate(row.date) for row in self.days}
		added = 0
		for day in days:
			if day.day not in taken:
				self.append(
					"days",
					{"date": day.day, "kind": day.kind, "description": day.name[:140], "source": "Library"},
				)
				added += 1
		self.last_updated_year = max(cint(self.last_updated_year), year)
		self.flags.from_library = True
		self.flags.ignore_permissions = True
		self.save()
		return added

	@api(methods=["POST"])
	def add_year_from_library(self, year: int) -> dict:
		"""Desk's button: add a year's days from the library now (managers)."""
		self.check_permission("write")
		year = cint(year)
		if not FIRST_YEAR <= year <= LAST_YEAR:
			frappe.throw(_("The year must fall between 2000 and 2100."))
		if not statutory.published(self.country, year, self.subdivision):
			frappe.throw(
				_(
					"The installed holidays library does not have {0}'s official calendar for {1} yet: update "
					"the library, or enter the days by hand."
				).format(self.country, year),
				title=_("Not published yet"),
			)
		return {"added": self.add_library_year(year)}


def _library_language(language: str) -> str:
	return "zh_CN" if language.lower().startswith("zh") else "en_US"


# ---------------------------------------------------------------- the yearly update (scheduler, daily)


def update_from_library(today=None, names: list[str] | None = None, tell_managers: bool = True) -> None:
	"""Each calendar that follows the library gets this year's and next year's days as soon as the
	installed library has them; in December the After Sales Managers are told, once per calendar, that
	next year's days are still missing."""
	today = getdate(today or nowdate())
	filters = {"update_from_library": 1, **({"name": ("in", names)} if names else {})}
	for name in frappe.get_all("Statutory Calendar", filters=filters, pluck="name"):
		calendar = frappe.get_doc("Statutory Calendar", name)
		for year in (today.year, today.year + 1):
			if calendar.has_library_year(year):
				continue
			if statutory.published(calendar.country, year, calendar.subdivision):
				calendar.add_library_year(year)
				calendar.reload()
		if tell_managers and today.month == 12 and not calendar.has_library_year(today.year + 1):
			_tell_managers_next_year_is_missing(calendar, today.year + 1)


def _tell_managers_next_year_is_missing(calendar, year: int) -> None:
	"""Once per calendar and year: a Desk notification to each After Sales Manager."""
	from after_sales import notices
	from after_sales.permissions import users_with_role

	if cint(calendar.missing_year_notified) == year:
		return
	subject = _(
		"Statutory calendar {0}: the holidays library does not have {1} yet. Update it, or enter the days "
		"by hand, or deadlines in {1} will ignore its holidays and make-up working days."
	).format(calendar.name, year)
	notices.alert(users_with_role("After Sales Manager"), "Statutory Calendar", calendar.name, subject)
	calendar.db_set("missing_year_notified", year, update_modified=False)
