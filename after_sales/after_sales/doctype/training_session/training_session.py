# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_datetime, get_url, now_datetime

from after_sales.api.inputs import api
from after_sales.api.training import key_digest
from after_sales.integrations import helpdesk
from after_sales.permissions import ScopedRows


class TrainingSession(ScopedRows, Document):
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
		if self.status == "Completed" and get_datetime(self.ends_on) > now_datetime():
			frappe.throw(
				_("A session can be marked completed once it has ended."), title=_("Session not over")
			)

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
		"""Never two bookings at once: other sessions, and on-site visits if the trainer is an engineer."""
		from after_sales.after_sales.doctype.after_sales_settings.after_sales_settings import engineer_busy

		if self.status == "Cancelled":
			return
		clash = engineer_busy(self.trainer, self.starts_on, self.ends_on, exclude_session=self.name)
		if clash:
			frappe.throw(
				_("{0} is already booked from {1} to {2} ({3} {4}).").format(
					frappe.bold(self.trainer),
					frappe.format(clash.starts_on, "Datetime"),
					frappe.format(clash.ends_on, "Datetime"),
					_(clash.doctype),
					frappe.bold(clash.name),
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
			row.email = key
			self._validate_attendee_identity(row)

	def _validate_attendee_identity(self, row):
		"""Customers' sessions are for their contacts; internal ones for the service team (AGR-26)."""
		if self.is_internal:
			if not frappe.db.exists("User", {"name": row.email, "enabled": 1}):
				frappe.throw(
					_("Attendees row {0}: {1} is not a user of the service team.").format(row.idx, row.email),
					title=_("Not a team member"),
				)
			return
		contacts = frappe.get_all(
			"Contact Email", filters={"email_id": row.email, "parenttype": "Contact"}, pluck="parent"
		)
		if self.customer and contacts:
			contacts = [c for c in contacts if helpdesk.contact_belongs_to(c, self.customer)]
		if not contacts:
			frappe.throw(
				_("Attendees row {0}: {1} is not a contact of {2}. Add the contact first.").format(
					row.idx, row.email, self.customer or _("any customer")
				),
				title=_("Unknown attendee"),
			)
		if row.contact not in contacts:
			row.contact = contacts[0]

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

	def rate(self, row, rating: int, comment: str | None = None) -> None:
		"""An attendee rates the session once, 1 to 5, after it ended (AGR-8), and is counted as present.
		The caller has established who may rate `row` (the portal's login, the feedback link's key): the
		session is saved without a further permission check."""
		if self.status != "Completed" or get_datetime(self.ends_on) > now_datetime():
			frappe.throw(_("You can rate the session once it has ended."), title=_("Session not over"))
		if row.rating:
			frappe.throw(_("You have already rated this session. Thank you!"), title=_("Already rated"))
		rating = cint(rating)
		if not 1 <= rating <= 5:
			frappe.throw(_("Choose a rating from 1 to 5."), title=_("Invalid rating"))
		row.rating = rating
		row.comment = (comment or "").strip()[:1000]
		row.attended = 1
		row.rated_on = now_datetime()
		self.flags.ignore_permissions = True
		self.save()

	@api(methods=["POST"])
	def send_invitations(self) -> int:
		"""E-mail each attendee not yet invited an .ics invitation (AGR-8); returns how many were sent."""
		self.check_permission("write")
		if self.status == "Cancelled":
			frappe.throw(_("The session is cancelled."), title=_("Cancelled"))
		sent = 0
		for row in self.attendees:
			if row.invited_on:
				continue
			frappe.sendmail(
				recipients=[row.email],
				subject=_("Invitation: {0}").format(self.title),
				message=self._invitation_message(),
				attachments=[{"fname": "invitation.ics", "fcontent": self.ics(row.email)}],
				reference_doctype=self.doctype,
				reference_name=self.name,
			)
			row.invited_on = now_datetime()
			sent += 1
		self.save()
		return sent

	def ics(self, attendee: str, cancelled: bool = False) -> str:
		from zoneinfo import ZoneInfo

		from frappe.utils import get_system_timezone

		from after_sales.agreement.ics import invitation

		zone = ZoneInfo(get_system_timezone())
		online = self.mode == "Online"
		return invitation(
			uid=f"{self.name}@{frappe.local.site}",
			start=get_datetime(self.starts_on).replace(tzinfo=zone),
			end=get_datetime(self.ends_on).replace(tzinfo=zone),
			summary=self.title,
			description=(self.meeting_link or "") if online else "",
			location="" if online else (self.location or ""),
			url=self.meeting_link if online else "",
			organizer=frappe.db.get_value("User", self.trainer, "email") or "",
			attendee=attendee,
			stamp=now_datetime().replace(tzinfo=zone),
			cancelled=cancelled,
		)

	def _invitation_message(self) -> str:
		where = self.meeting_link if self.mode == "Online" else self.location
		return _("<p>You are invited to {0} ({1}), {2} to {3}.</p><p>{4}: {5}</p>").format(
			frappe.utils.escape_html(self.title),
			_(self.mode),
			frappe.format(self.starts_on, "Datetime"),
			frappe.format(self.ends_on, "Datetime"),
			_("Join") if self.mode == "Online" else _("Address"),
			frappe.utils.escape_html(where or ""),
		)

	@api(methods=["POST"])
	def request_feedback(self) -> int:
		"""After the session, ask each attendee who came for a 1-5 rating, through a personal link (AGR-8)."""
		self.check_permission("write")
		if self.status != "Completed":
			frappe.throw(
				_("Ask for feedback once the session is completed."), title=_("Session not completed")
			)
		sent = 0
		for row in self.attendees:
			if not row.attended or row.rating or row.feedback_requested_on:
				continue
			# the personal link carries the key; the row keeps only its digest, so neither the document, its
			# version history nor a database read hands someone else the credential
			key = frappe.generate_hash(length=32)
			row.feedback_key = key_digest(key)
			link = get_url(f"/training-feedback?key={key}")
			frappe.sendmail(
				recipients=[row.email],
				subject=_("How was {0}?").format(self.title),
				message=_('<p>Thank you for attending {0}. Please rate it: <a href="{1}">{1}</a></p>').format(
					frappe.utils.escape_html(self.title), link
				),
				reference_doctype=self.doctype,
				reference_name=self.name,
			)
			row.feedback_requested_on = now_datetime()
			sent += 1
		self.save()
		return sent
