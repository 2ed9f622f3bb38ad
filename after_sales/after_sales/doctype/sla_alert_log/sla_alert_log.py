# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from frappe.model.document import Document


class SLAAlertLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		alert_key: DF.Data | None
		due: DF.Datetime
		email_pending: DF.Check
		emailed_on: DF.Datetime | None
		fired_on: DF.Datetime
		kind: DF.Literal["Warning", "Escalation", "Second-level escalation"]
		message: DF.SmallText | None
		recipients: DF.SmallText | None
		status: DF.Literal["Sent", "Skipped", "No recipient", "Digest pending"]
		target: DF.Literal["Acknowledge", "Response", "Resolution"]
		ticket: DF.Link
	# end: auto-generated types
	"""What the watchdog sent, once per ticket, target, alert and deadline (unique `alert_key`)."""
