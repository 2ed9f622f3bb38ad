# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from frappe.model.document import Document

from after_sales.permissions import RowScopedChild


class SLAPolicyTarget(RowScopedChild, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		acknowledge_within: DF.Duration
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		priority: DF.Link
		resolve_within: DF.Duration
		respond_within: DF.Duration
		urgency: DF.Literal["Urgent fault", "General fault", "Consultation"]
		warn_at_percent: DF.Int
	# end: auto-generated types
	pass
