# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from datetime import time

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt, get_time

from after_sales.agreement.calendar import WEEKDAYS, BusinessHours
from after_sales.agreement.urgency import Urgency, parse_keywords
from after_sales.integrations import helpdesk

MIDNIGHT = time(0, 0)


class SLAPolicy(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from after_sales.after_sales.doctype.sla_follow_up_rule.sla_follow_up_rule import SLAFollowupRule
		from after_sales.after_sales.doctype.sla_policy_target.sla_policy_target import SLAPolicyTarget
		from after_sales.after_sales.doctype.sla_working_hours.sla_working_hours import SLAWorkingHours

		clock: DF.Literal["24x7", "Business hours"]
		description: DF.SmallText | None
		enabled: DF.Check
		escalation_team: DF.Link | None
		escalation_user: DF.Link | None
		follow_up_rules: DF.Table[SLAFollowupRule]
		holiday_list: DF.Link | None
		is_default: DF.Check
		policy_name: DF.Data
		raise_priority_on_breach: DF.Check
		require_customer_confirmation: DF.Check
		require_verification_note: DF.Check
		second_escalation_after: DF.Duration | None
		second_escalation_user: DF.Link | None
		targets: DF.Table[SLAPolicyTarget]
		urgent_keywords: DF.SmallText | None
		warning_delivery: DF.Literal["Immediately", "Digest per run"]
		working_hours: DF.Table[SLAWorkingHours]

	# end: auto-generated types
	def validate(self):
		self._validate_targets()
		self._validate_clock()
		self._validate_follow_up_rules()
		self._validate_default()
		self._validate_not_disabled_while_in_use()
		self._normalise_keywords()

	def on_update(self):
		if self.is_default:
			self._unset_other_defaults()
		self._sync_helpdesk_sla()

	def on_trash(self):
		from after_sales.integrations.helpdesk import delete_policy_sla

		delete_policy_sla(self.name)

	def _sync_helpdesk_sla(self):
		"""Helpdesk's own SLA for this policy, so its timers and views agree with ours."""
		from after_sales.integrations.helpdesk import sync_policy

		sync_policy(self)

	def _validate_targets(self):
		seen_urgencies: set[str] = set()
		seen_priorities: dict[str, str] = {}
		for row in self.targets:
			if row.urgency in seen_urgencies:
				frappe.throw(
					_("Row {0}: urgency {1} appears twice. Give each urgency one row.").format(
						row.idx, _(row.urgency)
					),
					title=_("Duplicate urgency"),
				)
			seen_urgencies.add(row.urgency)

			if row.priority in seen_priorities:
				frappe.throw(
					_(
						"Row {0}: priority {1} is already used by {2}. Map each urgency to its own Helpdesk priority."
					).format(row.idx, row.priority, _(seen_priorities[row.priority])),
					title=_("Duplicate priority"),
				)
			seen_priorities[row.priority] = row.urgency

			for fieldname in ("acknowledge_within", "respond_within", "resolve_within"):
				if flt(row.get(fieldname)) <= 0:
					frappe.throw(
						_("Row {0}: {1} must be longer than zero.").format(
							row.idx, _(row.meta.get_label(fieldname))
						),
						title=_("Invalid target"),
					)
			if not flt(row.acknowledge_within) <= flt(row.respond_within) <= flt(row.resolve_within):
				frappe.throw(
					_(
						"Row {0}: the targets must run in order: acknowledge within <= respond within <= resolve within."
					).format(row.idx),
					title=_("Invalid target"),
				)
			if not 1 <= cint(row.warn_at_percent) <= 99:
				frappe.throw(
					_("Row {0}: Warn At (%) must be between 1 and 99.").format(row.idx),
					title=_("Invalid target"),
				)

		missing = [u.value for u in Urgency if u.value not in seen_urgencies]
		if missing:
			frappe.throw(
				_("Add a target row for each urgency. Missing: {0}").format(", ".join(_(u) for u in missing)),
				title=_("Missing targets"),
			)

	def _validate_clock(self):
		if self.clock != "Business hours":
			return
		if not self.working_hours:
			frappe.throw(
				_("A business-hours clock needs at least one row of working hours."),
				title=_("Missing working hours"),
			)
		for row in self.working_hours:
			start, end = get_time(row.start_time), get_time(row.end_time)
			if end != MIDNIGHT and end <= start:
				frappe.throw(
					_("Working hours row {0}: the end time must be after the start time.").format(row.idx),
					title=_("Invalid working hours"),
				)
		try:
			self.get_calendar()
		except ValueError:
			frappe.throw(
				_("Working hours on the same weekday must not overlap."),
				title=_("Invalid working hours"),
			)

	def _validate_follow_up_rules(self):
		seen: set[int] = set()
		for row in self.follow_up_rules:
			days = cint(row.days_after_resolution)
			if days < 1:
				frappe.throw(
					_("Follow-up rule row {0}: days after resolution must be at least 1.").format(row.idx),
					title=_("Invalid follow-up rule"),
				)
			if days in seen:
				frappe.throw(
					_("Follow-up rule row {0}: a follow-up {1} days after resolution is already set.").format(
						row.idx, days
					),
					title=_("Invalid follow-up rule"),
				)
			seen.add(days)

	def _validate_default(self):
		if self.is_default and not self.enabled:
			frappe.throw(_("The default SLA policy must be enabled."), title=_("Invalid default"))

	def _validate_not_disabled_while_in_use(self):
		if self.enabled or self.is_new() or not self.has_value_changed("enabled"):
			return
		in_use = frappe.get_all(
			"Service Contract",
			filters={
				"sla_policy": self.name,
				"docstatus": 1,
				"status": ("in", ("Scheduled", "Active", "Expiring")),
			},
			pluck="name",
			limit=5,
		)
		if in_use:
			frappe.throw(
				_("SLA Policy {0} cannot be disabled: active contracts use it ({1}).").format(
					frappe.bold(self.name), ", ".join(in_use)
				),
				title=_("Policy in use"),
			)

	def _normalise_keywords(self):
		self.urgent_keywords = "\n".join(parse_keywords(self.urgent_keywords))

	def _unset_other_defaults(self):
		others = frappe.get_all(
			"SLA Policy", filters={"is_default": 1, "name": ("!=", self.name)}, pluck="name"
		)
		for name in others:
			frappe.db.set_value("SLA Policy", name, "is_default", 0)

	def get_calendar(self):
		"""The policy's working-time calendar (pure core): 24x7 unless business hours are set."""
		from after_sales.agreement.calendar import twenty_four_seven

		if self.clock != "Business hours":
			return twenty_four_seven()
		windows: dict[int, list] = {}
		for row in self.working_hours:
			windows.setdefault(WEEKDAYS.index(row.weekday), []).append(
				(get_time(row.start_time), get_time(row.end_time))
			)
		holidays, working_days = statutory_days(self.statutory_calendar)
		return BusinessHours(windows, [*helpdesk.holidays(self.holiday_list), *holidays], working_days)

	def get_target(self, urgency: str):
		for row in self.targets:
			if row.urgency == urgency:
				return row
		return None


def statutory_days(calendar: str | None) -> tuple[list, list]:
	"""A Statutory Calendar's holidays and extra working days (dates)."""
	if not calendar:
		return [], []
	rows = frappe.get_all(
		"Statutory Calendar Day",
		filters={"parenttype": "Statutory Calendar", "parent": calendar},
		fields=["date", "kind"],
	)
	return (
		[row.date for row in rows if row.kind == "Holiday"],
		[row.date for row in rows if row.kind == "Working day"],
	)


def get_default_policy() -> str | None:
	"""Name of the enabled default policy, if any."""
	return frappe.db.get_value("SLA Policy", {"is_default": 1, "enabled": 1}, "name")
