# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from frappe.model.document import Document

from after_sales.permissions import RowScopedChild


class UpdateReleaseDelivery(RowScopedChild, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		contract: DF.Link | None
		customer: DF.Link
		decline_reason: DF.SmallText | None
		installed_on: DF.Date | None
		note: DF.Data | None
		notified_on: DF.Datetime | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		status: DF.Literal["Pending", "Notified", "Installed", "Declined"]
		ticket: DF.Link | None
	# end: auto-generated types
	pass
