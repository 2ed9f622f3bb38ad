# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from frappe.model.document import Document

from after_sales.permissions import RowScopedChild


class SLAFollowupRule(RowScopedChild, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		days_after_resolution: DF.Int
		email_customer: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass
