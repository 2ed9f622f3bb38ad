# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class AfterSalesSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agent_ticket_channel: DF.Literal["Phone", "E-mail", "Portal", "Chat"]
		cover_tickets_without_contract: DF.Check
		helpdesk_acknowledgement_was_on: DF.Check
		notice_days: DF.Int
		release_pending_days: DF.Int
		send_acknowledgement: DF.Check
		show_commitments_in_portal: DF.Check
		show_process_in_agent_ui: DF.Check
		visit_duration_hours: DF.Float
	# end: auto-generated types

	def on_update(self):
		from after_sales import helpdesk_ui

		if self.has_value_changed("show_process_in_agent_ui") or self.has_value_changed(
			"show_commitments_in_portal"
		):
			helpdesk_ui.sync()


def get_settings() -> "AfterSalesSettings":
	return frappe.get_cached_doc("After Sales Settings")


def visit_duration():
	"""How long an on-site visit keeps its engineer busy."""
	from datetime import timedelta

	hours = get_settings().visit_duration_hours
	return timedelta(hours=4 if hours is None else float(hours))


def engineer_busy(
	user: str, start, end, exclude_session: str | None = None, exclude_ticket: str | None = None
):
	"""The first training session or on-site visit of `user` overlapping [start, end), or None."""
	from frappe.utils import get_datetime

	start, end = get_datetime(start), get_datetime(end)
	session = frappe.get_all(
		"Training Session",
		filters={
			"trainer": user,
			"status": ("!=", "Cancelled"),
			"name": ("!=", exclude_session or ""),
			"starts_on": ("<", end),
			"ends_on": (">", start),
		},
		fields=["name", "starts_on", "ends_on"],
		limit=1,
	)
	if session:
		return frappe._dict(doctype="Training Session", **session[0])
	visit = frappe.get_all(
		"HD Ticket",
		filters={
			"visit_engineer": user,
			"name": ("!=", exclude_ticket or ""),
			"visit_date": ("between", (start - visit_duration(), end)),
		},
		fields=["name", "visit_date"],
		limit=1,
	)
	if visit and visit[0].visit_date + visit_duration() > start and visit[0].visit_date < end:
		return frappe._dict(
			doctype="HD Ticket",
			name=visit[0].name,
			starts_on=visit[0].visit_date,
			ends_on=visit[0].visit_date + visit_duration(),
		)
	return None
