# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from frappe.model.document import Document


class SoftwareProduct(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		disabled: DF.Check
		product_name: DF.Data
	# end: auto-generated types
	pass
