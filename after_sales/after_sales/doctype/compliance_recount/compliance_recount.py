# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from frappe.model.document import Document

from after_sales import compliance_days


class ComplianceRecount(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		day: DF.Date
	# end: auto-generated types
	"""A day a ticket change made stale (compliance_days): recorded with the change, removed by the recount
	that counts the day anew. Written in SQL only; nobody adds or removes one by hand."""

	def before_validate(self):
		compliance_days.refuse_by_hand()

	def on_trash(self):
		compliance_days.refuse_by_hand()
