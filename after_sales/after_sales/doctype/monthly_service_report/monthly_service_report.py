# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""One customer's monthly service report (AGR-10, AGR-15, AGR-21..23, AGR-27). The figures are taken
when the report is saved as a draft (`monthly_report.lines`) and frozen once it is sent; the print
format "Monthly Service Report" renders them and the PDF of it is what the customer receives
(`monthly_report.delivery`). The controller calls those modules; they never call back into it."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from after_sales.agreement.monthly import month_of
from after_sales.api.inputs import api
from after_sales.monthly_report import delivery, lines


class MonthlyServiceReport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from after_sales.after_sales.doctype.monthly_service_report_line.monthly_service_report_line import (
			MonthlyServiceReportLine,
		)

		commitments_measured: DF.Int
		commitments_met: DF.Int
		compiled_on: DF.Datetime | None
		contracts: DF.SmallText | None
		customer: DF.Link
		language: DF.Link | None
		lines: DF.Table[MonthlyServiceReportLine]
		not_sent_reason: DF.SmallText | None
		onsite_visits: DF.Int
		period_end: DF.Date | None
		period_start: DF.Date
		ratings: DF.Int
		recipients: DF.SmallText | None
		releases_installed: DF.Int
		resolved_requests: DF.Int
		satisfaction_percent: DF.Percent
		sent_on: DF.Datetime | None
		sent_pdf: DF.Attach | None
		status: DF.Literal["Draft", "Sent", "Not Sent"]
		total_requests: DF.Int
		trainings_held: DF.Int

	# end: auto-generated types
	def before_insert(self):
		# any day of the month names the month: from here on period_start is its first day
		self.period_start, self.period_end = month_of(getdate(self.period_start))
		start = self.period_start
		if existing := frappe.db.get_value(
			"Monthly Service Report", {"customer": self.customer, "period_start": start}
		):
			frappe.throw(
				_("{0} already has a service report for {1}: {2}.").format(
					self.customer, f"{start:%Y-%m}", existing
				),
				frappe.DuplicateEntryError,
				title=_("Report exists"),
			)

	def autoname(self):  # runs after before_insert
		self.name = f"MSR-{self.period_start:%Y-%m}-{self.customer}"

	def validate(self):
		if getdate(self.period_start) > getdate(today()):  # the month's first day (before_insert)
			frappe.throw(
				_("A service report can only cover a month that has begun."), title=_("Invalid month")
			)
		before = self.get_doc_before_save()
		if before and before.status == "Sent":
			# what the customer received stays as it was, through Desk or REST alike
			frappe.throw(_("This report has been sent; its content can no longer change."))
		if (before.status if before else "Draft") != self.status:
			# Draft, Sent and Not Sent record what happened; only sending moves them
			frappe.throw(_("The status follows what happened to the report; it cannot be set by hand."))
		lines.compile(self)

	def on_trash(self):
		if self.status == "Sent":
			frappe.throw(
				_("A sent report is the record of what the customer received; it cannot be deleted."),
				title=_("Report sent"),
			)

	@api(methods=["POST"])
	def refresh_figures(self):
		"""Take the month's figures again (drafts only)."""
		self.check_permission("write")
		if self.status == "Sent":
			frappe.throw(_("This report has been sent; its content can no longer change."))
		self.save()
		return self.name

	@api(methods=["POST"])
	def send_now(self):
		"""E-mail the PDF to the contacts of the customer's active contracts that did not opt out."""
		self.check_permission("write")
		delivery.hold_for_sending(self)  # the monthly job's lock; refuses a sent report or a month not over
		recipients, _contracts = delivery.recipients_for(self.customer)
		self.recipients = "\n".join(recipients)
		self.save()
		delivery.send(self)
		return self.recipients
