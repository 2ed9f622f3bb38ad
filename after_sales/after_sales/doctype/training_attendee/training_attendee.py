# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from frappe.model.document import Document

from after_sales.permissions import RowScopedChild


class TrainingAttendee(RowScopedChild, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attended: DF.Check
		attendee_name: DF.Data | None
		comment: DF.SmallText | None
		contact: DF.Link | None
		email: DF.Data
		feedback_key: DF.Data | None
		feedback_requested_on: DF.Datetime | None
		invited_on: DF.Datetime | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		rated_on: DF.Datetime | None
		rating: DF.Int
	# end: auto-generated types
	pass
