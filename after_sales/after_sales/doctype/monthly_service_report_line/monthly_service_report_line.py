# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from frappe.model.document import Document

from after_sales.permissions import RowScopedChild


class MonthlyServiceReportLine(RowScopedChild, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Float
		clause: DF.Data | None
		detail: DF.Data | None
		kept: DF.Int
		label: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		section: DF.Literal[
			"Requests", "Commitment", "Average", "Satisfaction", "Visit", "Release", "Training"
		]
		target: DF.Data | None
		total: DF.Int
		value: DF.Data | None
		verdict: DF.Literal["", "Met", "Not met", "No data"]
	# end: auto-generated types
	pass
