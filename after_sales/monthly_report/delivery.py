# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The monthly report's delivery: who receives it, its PDF, the e-mail, and the scheduler's run.

`send_monthly` runs on the first of each month and queues one job per customer with an active contract
(unless every such contract opted out); `send_for_customer` prepares that customer's report for the
previous month and mails it as a PDF, all or nothing (`after_sales.jobs`: a savepoint per record, the
customer's row locked for the run). Every function here takes the report document or names the customer;
none calls back into the Monthly Service Report controller. Saving a draft (`prepare`) takes its figures:
the controller's validate calls `lines.compile`.
"""

import re
from datetime import date
from io import BytesIO
from pathlib import Path

import frappe
from bs4 import BeautifulSoup
from frappe import _
from frappe.translate import print_language
from frappe.utils import getdate, now_datetime, strip_html, today

from after_sales import jobs, mail
from after_sales.agreement.monthly import month_of, previous_month
from after_sales.api.inputs import api

DOCTYPE = "Monthly Service Report"
PRINT_FORMAT = "Monthly Service Report"
REPORTING_CONTRACT_STATUSES = ("Active", "Expiring")


class PDFNotRendered(frappe.ValidationError):
	"""The report's PDF could not be rendered: nothing was sent."""


# ---------------------------------------------------------------- recipients


def recipients_for(customer: str) -> tuple[list[str], list[str]]:
	"""Contacts' e-mails on the customer's active contracts that did not opt out, and those contracts."""
	contracts = frappe.get_all(
		"Service Contract",
		filters={
			"customer": customer,
			"docstatus": 1,
			"status": ("in", REPORTING_CONTRACT_STATUSES),
			"send_monthly_report": 1,
		},
		pluck="name",
	)
	if not contracts:
		return [], []
	emails = frappe.get_all(
		"Service Contract Contact",
		filters={"parenttype": "Service Contract", "parent": ("in", contracts), "email_id": ("is", "set")},
		pluck="email_id",
	)
	return sorted(set(emails)), contracts


def _language_for(recipients: list[str]) -> str:
	"""The first recipient's own language when it is a user with one, else the site's."""
	for email in recipients:
		if language := frappe.db.get_value("User", {"email": email}, "language"):
			return language
	return frappe.db.get_single_value("System Settings", "language") or "en"


# ---------------------------------------------------------------- the PDF


_STYLESHEET = re.compile(r"""<link\b[^>]*\bhref=["'](/assets/[^"'?#]+\.css)[^"']*["'][^>]*>""", re.IGNORECASE)


def _inline_stylesheets(html: str) -> str:
	"""Put the print view's own stylesheets inside the page. wkhtmltopdf would fetch them from the site's
	URL, which fails when the web server is out of reach (a background job on a worker-only host)."""
	sites = Path(frappe.local.sites_path).resolve()

	def inline(match: re.Match) -> str:
		path = (sites / match.group(1).lstrip("/")).resolve()
		if sites not in path.parents or not path.is_file():
			return ""  # the print format carries its own styles
		return f"<style>{path.read_text(encoding='utf-8')}</style>"

	html = _STYLESHEET.sub(inline, html)
	# The print view's action bar ("Print", "Get PDF") is print-hidden by a media query that a
	# wkhtmltopdf built without patched Qt does not apply; it has no place in the PDF either way.
	soup = BeautifulSoup(html, "html.parser")
	for element in soup.select(".print-hide"):
		element.decompose()
	return str(soup)


def pdf_of(report) -> bytes:
	"""The report as the customer receives it: the print format rendered to PDF in the report's language."""
	from frappe.utils.pdf import get_pdf

	with print_language(report.language or frappe.local.lang):
		return get_pdf(_inline_stylesheets(_print_view(report)))


def _print_view(report) -> str:
	"""The report's print view. Frappe's print view records an Access Log and, outside tests, commits it:
	inside the monthly job that would end the transaction the report is sent in, with its savepoints and
	its lock. Flagged read-only, it queues the log instead (Access Log's deferred insert) and commits nothing."""
	read_only = frappe.flags.read_only
	frappe.flags.read_only = True
	try:
		return frappe.get_print(report.doctype, report.name, print_format=PRINT_FORMAT, doc=report)
	finally:
		frappe.flags.read_only = read_only


@api(methods=["GET", "POST"])
def download_pdf(name: str) -> None:
	"""The report as a PDF for whoever may read it (Desk's PDF button, the portal). Once sent, only the
	file attached to this very report as sent (`sent_pdf`); before, a rendering of the draft, for the
	service team only (permissions.py shows customers sent reports only; checked again here)."""
	from after_sales.permissions import is_staff

	report = frappe.get_doc(DOCTYPE, name)
	report.check_permission("read")
	if report.status == "Sent":
		content = _sent_pdf(report)
	elif is_staff():
		content = pdf_of(report)
	else:
		frappe.throw(_("Report {0} has not been sent yet.").format(report.name), frappe.PermissionError)
	frappe.local.response.filename = f"{report.name}.pdf"
	frappe.local.response.filecontent = content
	frappe.local.response.type = "pdf"


def _sent_pdf(report) -> bytes:
	"""The PDF the report was sent with: the file `sent_pdf` names, if it is attached to this report."""
	file = report.sent_pdf and frappe.db.get_value(
		"File",
		{"file_url": report.sent_pdf, "attached_to_doctype": report.doctype, "attached_to_name": report.name},
		"name",
	)
	if not file:
		frappe.throw(
			_("The PDF sent for report {0} is missing.").format(report.name), frappe.DoesNotExistError
		)
	return frappe.get_doc("File", file).get_content()


# ---------------------------------------------------------------- sending one report


def hold_for_sending(report) -> None:
	"""Before sending a report by hand (Send Now): hold the customer's row, which the monthly job holds while
	it sends (one of the two sends, the other finds it Sent); refuse a report already sent, or whose month
	is not over."""
	jobs.lock("HD Customer", report.customer)
	if "Sent" in (report.status, frappe.db.get_value(report.doctype, report.name, "status", for_update=True)):
		frappe.throw(_("This report has already been sent."))
	if getdate(report.period_end) >= getdate(today()):
		frappe.throw(_("The month has not ended yet: send the report once it is over."))


def send(report) -> None:
	"""E-mail the report as a PDF to its recipients and mark it Sent. All or nothing: when it cannot (no
	recipient, no e-mail account, the PDF does not render, the mail cannot be queued) it raises, and once
	the caller rolls back no file, mail or stamp is left (the PDF is rendered before anything is written)."""
	recipients = [r for r in (report.recipients or "").split("\n") if r.strip()]
	if not recipients:
		frappe.throw(_("Nobody to send the report to: no contact on the customer's contracts has an e-mail."))
	if not mail.can_send():
		frappe.throw(_("Set up an outgoing e-mail account (Email Account) first."), frappe.OutgoingEmailError)
	subject, message = _message(report)
	pdf = _attach_pdf(report, _rendered(report))
	try:
		frappe.sendmail(
			recipients=recipients,
			subject=subject,
			message=message,
			attachments=[{"fid": pdf.name}],
			reference_doctype=report.doctype,
			reference_name=report.name,
		)
		report.db_set(
			{"status": "Sent", "sent_on": now_datetime(), "not_sent_reason": None, "sent_pdf": pdf.file_url}
		)
	except Exception:
		# the File row goes with the caller's rollback (a savepoint's too); its content on disk goes now
		pdf.on_rollback()
		raise


def _message(report) -> tuple[str, str]:
	"""The e-mail's subject and body, in the report's language."""
	month = getdate(report.period_start).strftime("%Y-%m")
	with print_language(report.language or frappe.local.lang):
		subject = _("Monthly service report {0}: {1}").format(month, report.customer)
		message = frappe.render_template(
			"after_sales/templates/emails/monthly_service_report.html", {"doc": report, "month": month}
		)
	return subject, message


def _rendered(report) -> bytes:
	try:
		content = pdf_of(report)
	except Exception as error:
		frappe.throw(
			_("The report's PDF could not be rendered: {0}").format(_error_text(error)),
			PDFNotRendered,
			title=_("Report not sent"),
		)
	if _is_chinese(report.language) and not has_chinese_text(content):
		frappe.throw(
			_(
				"The report's PDF has no Chinese text: the server has no Chinese (CJK) font, so the customer "
				"would receive empty boxes. Install one (on Debian: fonts-noto-cjk), then use Send Now."
			),
			PDFNotRendered,
			title=_("Report not sent"),
		)
	return content


def _is_chinese(language: str | None) -> bool:
	return (language or "").lower().startswith("zh")


# CJK Unified Ideographs, their Extension A, and the Kangxi radicals some CJK fonts map common characters to
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u2f00-\u2fdf]")


def has_chinese_text(pdf: bytes) -> bool:
	"""Whether the PDF's text extracts as Chinese: a PDF rendered without a CJK font carries no Chinese
	characters (its glyphs are boxes), so reading its text back is how to tell before it is sent."""
	from pypdf import PdfReader

	try:
		pages = PdfReader(BytesIO(pdf)).pages
		return any(_CJK.search(page.extract_text() or "") for page in pages)
	except Exception:
		return False


def _attach_pdf(report, content: bytes):
	"""The PDF as sent stays attached to the report (private): what the customer received, kept as proof."""
	return frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{report.name}.pdf",
			"attached_to_doctype": report.doctype,
			"attached_to_name": report.name,
			"is_private": 1,
			"content": content,
		}
	).insert(ignore_permissions=True)


def _error_text(error: Exception) -> str:
	"""An error as one short line for a reason field: the message without markup, else its kind."""
	text = " ".join(strip_html(str(error)).split())
	return text[:300] if text else type(error).__name__


# ---------------------------------------------------------------- the monthly run


def prepare(customer: str, period_start: date):
	"""The customer's report for the month (a Monthly Service Report), created and compiled if new; None
	if every active contract opted out. A report already Sent is left as it is (a rerun never sends twice)."""
	start, _end = month_of(getdate(period_start))
	recipients, contracts = recipients_for(customer)
	if not contracts:
		return None
	name = frappe.db.get_value(DOCTYPE, {"customer": customer, "period_start": start})
	report = frappe.get_doc(DOCTYPE, name) if name else frappe.new_doc(DOCTYPE)
	if report.status == "Sent":
		return report
	report.update(
		{
			"customer": customer,
			"period_start": start,
			"recipients": "\n".join(recipients),
			"language": report.language or _language_for(recipients),
		}
	)
	report.save(ignore_permissions=True)  # takes the figures (the controller's validate)
	return report


def send_for_customer(customer: str, period_start: str | date) -> None:
	"""One customer's monthly report: compile, render, mail. Runs as its own background job, all or nothing
	(`after_sales.jobs`). The customer's row is locked for the run, so a second run at the same time waits,
	then finds the report Sent. A report that cannot be sent stays Not Sent with the reason, and nothing of
	the attempt (file, mail) is left."""
	start, _end = month_of(getdate(period_start))
	jobs.per_record(
		lambda: _send_for_customer(customer, start),
		title=f"Monthly Service Report of {customer} for {start:%Y-%m} not sent",
		reference=("HD Customer", customer),
	)


def _send_for_customer(customer: str, start: date) -> None:
	if not jobs.lock("HD Customer", customer):
		return
	# a locking read: the latest committed status, whatever this transaction read before the lock
	filters = {"customer": customer, "period_start": start}
	if frappe.db.get_value(DOCTYPE, filters, "status", for_update=True) == "Sent":
		return  # a rerun (or a run at the same time, now done) never sends twice
	report = prepare(customer, start)
	if not report or report.status == "Sent":
		return
	if reason := _cannot_send(report):
		_mark_not_sent(report, reason)
		return
	jobs.per_record(
		lambda: send(report),
		title=f"{report.name} not sent",
		reference=(report.doctype, report.name),
		on_failure=lambda error: _mark_not_sent(report, _not_sent_reason(error)),
	)


def _cannot_send(report) -> str | None:
	"""Why the monthly run cannot send the report at all, in words for its Not Sent reason."""
	if not report.recipients:
		return _("No contact on the customer's active contracts has an e-mail address.")
	if not mail.can_send():
		return _("The site has no outgoing e-mail account. Set one up, then use Send Now.")
	return None


def _not_sent_reason(error: Exception) -> str:
	if isinstance(error, frappe.ValidationError):
		return _error_text(error)  # our own message, already in words
	return _("The report could not be sent: {0}").format(_error_text(error))


def _mark_not_sent(report, reason: str) -> None:
	report.db_set({"status": "Not Sent", "not_sent_reason": reason, "sent_on": None, "sent_pdf": None})


def send_monthly(on: str | date | None = None) -> int:
	"""Scheduler (1st of the month): one job per customer with an active contract that did not opt out.
	Returns how many customers were queued."""
	start, _end = previous_month(getdate(on or today()))
	customers = frappe.get_all(
		"Service Contract",
		filters={"docstatus": 1, "status": ("in", REPORTING_CONTRACT_STATUSES), "send_monthly_report": 1},
		pluck="customer",
		distinct=True,
	)
	for customer in sorted(set(customers)):
		frappe.enqueue(
			"after_sales.monthly_report.delivery.send_for_customer",
			queue="long",
			job_id=f"after_sales-monthly-report-{customer}-{start:%Y-%m}",
			deduplicate=True,
			enqueue_after_commit=True,
			now=frappe.flags.in_test,
			customer=customer,
			period_start=start,
		)
	return len(set(customers))
