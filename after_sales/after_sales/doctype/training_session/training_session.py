# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_datetime, now_datetime


class TrainingSession(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from after_sales.after_sales.doctype.training_attendee.training_attendee import TrainingAttendee

		agenda: DF.TextEditor | None
		attendees: DF.Table[TrainingAttendee]
		capacity: DF.Int
		customer: DF.Link | None
		ends_on: DF.Datetime
		is_internal: DF.Check
		location: DF.SmallText | None
		meeting_link: DF.Data | None
		mode: DF.Literal["Online", "On-site"]
		naming_series: DF.Literal["TS-.YYYY.-"]
		product: DF.Link | None
		starts_on: DF.Datetime
		status: DF.Literal["Planned", "Completed", "Cancelled"]
		ticket: DF.Link | None
		title: DF.Data
		trainer: DF.Link

	# end: auto-generated types
	def validate(self):
		self._validate_times()
		self._validate_audience()
		self._validate_trainer_is_free()
		self._validate_attendees()
		self._validate_feedback()

	def _validate_times(self):
		if get_datetime(self.ends_on) <= get_datetime(self.starts_on):
			frappe.throw(_("The session must end after it starts."), title=_("Invalid times"))

	def _validate_audience(self):
		if self.is_internal and self.customer:
			frappe.throw(
				_(
					"An internal training of the service team has no customer. Clear the customer or the Internal box."
				),
				title=_("Internal session with a customer"),
			)
		if self.mode == "On-site" and not (self.location or "").strip():
			frappe.throw(_("An on-site session needs a location."), title=_("Missing location"))
		if self.mode == "Online" and not (self.meeting_link or "").strip():
			frappe.throw(_("An online session needs a meeting link."), title=_("Missing meeting link"))

	def _validate_trainer_is_free(self):
		if self.status == "Cancelled":
			return
		clash = frappe.get_all(
			"Training Session",
			filters={
				"trainer": self.trainer,
				"status": ("!=", "Cancelled"),
				"name": ("!=", self.name or ""),
				"starts_on": ("<", self.ends_on),
				"ends_on": (">", self.starts_on),
			},
			fields=["name", "title", "starts_on", "ends_on"],
			limit=1,
		)
		if clash:
			other = clash[0]
			frappe.throw(
				_("{0} already trains in {1} ({2}) from {3} to {4}.").format(
					frappe.bold(self.trainer),
					frappe.bold(other.name),
					other.title,
					frappe.format(other.starts_on, "Datetime"),
					frappe.format(other.ends_on, "Datetime"),
				),
				title=_("Trainer double-booked"),
			)

	def _validate_attendees(self):
		if cint(self.capacity) < 1:
			frappe.throw(_("The capacity must be at least 1."), title=_("Invalid capacity"))
		if len(self.attendees) > cint(self.capacity):
			frappe.throw(
				_("{0} attendees exceed the capacity of {1}.").format(
					len(self.attendees), cint(self.capacity)
				),
				title=_("Session full"),
			)
		seen: set[str] = set()
		for row in self.attendees:
			key = (row.email or "").strip().lower()
			if not key:
				frappe.throw(
					_("Attendees row {0}: an e-mail is required.").format(row.idx), title=_("Missing e-mail")
				)
			if key in seen:
				frappe.throw(
					_("Attendees row {0}: {1} is already invited.").format(row.idx, frappe.bold(row.email)),
					title=_("Duplicate attendee"),
				)
			seen.add(key)

	def _validate_feedback(self):
		for row in self.attendees:
			has_feedback = cint(row.rating) or (row.comment or "").strip()
			if not has_feedback:
				row.rated_on = None
				continue
			if self.status != "Completed":
				frappe.throw(
					_("Attendees row {0}: feedback can only be given once the session is completed.").format(
						row.idx
					),
					title=_("Session not completed"),
				)
			if not 1 <= cint(row.rating) <= 5:
				frappe.throw(
					_("Attendees row {0}: the rating must be from 1 to 5.").format(row.idx),
					title=_("Invalid rating"),
				)
			if not row.rated_on:
				row.rated_on = now_datetime()
		if self.status != "Completed" and any(cint(row.attended) for row in self.attendees):
			frappe.throw(
				_("Attendance can only be recorded once the session is completed."),
				title=_("Session not completed"),
			)
