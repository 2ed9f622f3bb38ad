# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from frappe.model.document import Document

from after_sales import compliance_days


class ComplianceDay(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		acknowledge_done: DF.Int
		acknowledge_met: DF.Int
		acknowledge_sum: DF.Float
		acknowledge_timed: DF.Int
		day: DF.Date
		not_covered: DF.Check
		request_channel: DF.Data | None
		resolution_done: DF.Int
		resolution_met: DF.Int
		resolution_sum: DF.Float
		resolution_timed: DF.Int
		response_done: DF.Int
		response_met: DF.Int
		response_sum: DF.Float
		response_timed: DF.Int
		tickets: DF.Int
		urgency: DF.Data | None
	# end: auto-generated types
	"""One day's Agreement Compliance counts for an urgency, a channel and the coverage
	(agreement/day_totals.py). compliance_days counts them from the tickets, in SQL; through the document
	API (Desk, REST, data import, a script) nobody writes or deletes one, Administrator included."""

	def before_validate(self):
		compliance_days.refuse_by_hand()

	def on_trash(self):
		compliance_days.refuse_by_hand()
