# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The monthly service report: what the supplier did for one customer in one month, and whether it
kept each promise of the agreement (AGR-10, AGR-11, AGR-15, AGR-16, AGR-8, AGR-17..23, AGR-27).

`compile_report` gathers the month's figures with a handful of aggregate queries (never a loop over
tickets) and writes them into a Monthly Service Report, in the report's language, so the PDF the
customer received can be read again later exactly as it was sent. `send_monthly` runs on the first
of each month and mails each customer with an active contract (unless every such contract opted
out) the previous month's report as a PDF.
"""

import re
from datetime import date
from pathlib import Path

import frappe
from bs4 import BeautifulSoup
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Avg, Count, Sum
from frappe.translate import print_language
from frappe.utils import add_days, format_date, format_datetime, getdate, now_datetime, strip_html, today

from after_sales import jobs, mail
from after_sales.agreement.metrics import (
	AVERAGE_RESOLUTION_TARGET_SECONDS,
	AVERAGE_RESPONSE_TARGET_SECONDS,
	POSITIVE_RATING,
	SATISFACTION_TARGET_PERCENT,
	share_percent,
)
from after_sales.agreement.monthly import (
	Measure,
	Verdict,
	average_verdict,
	count_verdict,
	month_of,
	previous_month,
	share_verdict,
)
from after_sales.agreement.urgency import Urgency
from after_sales.api.inputs import api

PRINT_FORMAT = "Monthly Service Report"
REPORTING_CONTRACT_STATUSES = ("Active", "Expiring")
DONE = ("Met", "Breached")


# ---------------------------------------------------------------- figures


def _minutes(seconds: float | None) -> str:
	if seconds is None:
		return "—"
	if seconds >= 3600:
		hours, minutes = divmod(round(seconds / 60), 60)
		return _("{0} h {1} min").format(hours, minutes)
	return _("{0} min").format(round(seconds / 60, 1))


def _ticket_figures(customer: str, start: date, end: date) -> dict:
	"""Per urgency: requests, and for each promise how many reached it and how many kept it."""
	t = frappe.qb.DocType("HD Ticket")

	def met(prefix):
		return Sum(Case().when(t[f"{prefix}_status"] == "Met", 1).else_(0))

	def done(prefix):
		return Sum(Case().when(t[f"{prefix}_status"].isin(DONE), 1).else_(0))

	def duration(prefix):
		return Sum(Case().when(t[f"{prefix}_status"].isin(DONE), t[f"{prefix}_duration"]).else_(0))

	rows = (
		frappe.qb.from_(t)
		.select(
			t.urgency,
			Count("*").as_("tickets"),
			met("acknowledge").as_("ack_met"),
			done("acknowledge").as_("ack_done"),
			met("response").as_("resp_met"),
			done("response").as_("resp_done"),
			duration("response").as_("resp_seconds"),
			met("resolution").as_("res_met"),
			done("resolution").as_("res_done"),
			duration("resolution").as_("res_seconds"),
			# Helpdesk's status category, so that a site's own resolved statuses count too
			Sum(Case().when(t.status_category == "Resolved", 1).else_(0)).as_("resolved"),
			Sum(
				Case()
				.when(
					(t.status_category == "Resolved")
					& t.solution_confirmed_on.isnotnull()
					& t.verified_on.isnotnull(),
					1,
				)
				.else_(0)
			).as_("confirmed"),
			Sum(Case().when(t.feedback_rating > 0, 1).else_(0)).as_("rated"),
			Sum(Case().when(t.feedback_rating >= POSITIVE_RATING, 1).else_(0)).as_("positive"),
		)
		.where((t.customer == customer) & (t.opening_date >= start) & (t.opening_date <= end))
		.groupby(t.urgency)
		.run(as_dict=True)
	)
	return {row.urgency or "": {k: (v or 0) for k, v in row.items() if k != "urgency"} for row in rows}


def _requests_by_type(customer: str, start: date, end: date) -> list[dict]:
	t = frappe.qb.DocType("HD Ticket")
	return (
		frappe.qb.from_(t)
		.select(t.ticket_type, t.urgency, Count("*").as_("tickets"))
		.where((t.customer == customer) & (t.opening_date >= start) & (t.opening_date <= end))
		.groupby(t.ticket_type, t.urgency)
		.run(as_dict=True)
	)


def _visits(customer: str, start: date, end: date) -> list[dict]:
	"""On-site visits (AGR-12, AGR-16) made in the month."""
	t = frappe.qb.DocType("HD Ticket")
	return (
		frappe.qb.from_(t)
		.select(t.name, t.subject, t.visit_date, t.visit_engineer)
		.where(
			(t.customer == customer)
			& (t.diagnosis_mode == "On-site")
			& (t.visit_date >= start)
			& (t.visit_date < add_days(end, 1))
		)
		.orderby(t.visit_date)
		.run(as_dict=True)
	)


def _releases(customer: str, start: date, end: date) -> list[dict]:
	"""Releases the customer installed in the month, and those it was sent but has not installed (AGR-11)."""
	release = frappe.qb.DocType("Update Release")
	delivery = frappe.qb.DocType("Update Release Delivery")
	installed = (
		(delivery.status == "Installed") & (delivery.installed_on >= start) & (delivery.installed_on <= end)
	)
	waiting = (
		(delivery.status == "Notified")
		& (delivery.notified_on >= start)
		& (delivery.notified_on < add_days(end, 1))
	)
	return (
		frappe.qb.from_(delivery)
		.join(release)
		.on((release.name == delivery.parent) & (delivery.parenttype == "Update Release"))
		.select(
			release.name,
			release.product,
			release.version,
			release.release_type,
			delivery.status,
			delivery.installed_on,
			delivery.notified_on,
		)
		.where((delivery.customer == customer) & (installed | waiting))
		.run(as_dict=True)
	)


def _trainings(customer: str, start: date, end: date) -> list[dict]:
	"""Completed sessions (AGR-8) the customer's contacts attended or were invited to, with attendance and rating."""
	session = frappe.qb.DocType("Training Session")
	attendee = frappe.qb.DocType("Training Attendee")
	link = frappe.qb.DocType("Dynamic Link")
	contacts = (
		frappe.qb.from_(link)
		.select(link.parent)
		.where(
			(link.parenttype == "Contact")
			& (link.link_doctype == "HD Customer")
			& (link.link_name == customer)
		)
	)
	return (
		frappe.qb.from_(session)
		.join(attendee)
		.on((attendee.parent == session.name) & (attendee.parenttype == "Training Session"))
		.select(
			session.name,
			session.title,
			session.mode,
			session.starts_on,
			Count(attendee.name).as_("invited"),
			Sum(attendee.attended).as_("attended"),
			Avg(Case().when(attendee.rating > 0, attendee.rating)).as_("rating"),
		)
		.where(
			(session.status == "Completed")
			& (session.is_internal == 0)
			& (session.starts_on >= start)
			& (session.starts_on < add_days(end, 1))
			& ((session.customer == customer) | attendee.contact.isin(contacts))
		)
		.groupby(session.name, session.title, session.mode, session.starts_on)
		.orderby(session.starts_on)
		.run(as_dict=True)
	)


def _follow_ups(customer: str, start: date, end: date) -> tuple[int, int]:
	"""Follow-ups (AGR-20) due in the month: done, and due (cancelled ones do not count)."""
	f = frappe.qb.DocType("Service Follow-up")
	row = (
		frappe.qb.from_(f)
		.select(Count("*").as_("due"), Sum(Case().when(f.status == "Done", 1).else_(0)).as_("done"))
		.where((f.customer == customer) & (f.due_on >= start) & (f.due_on <= end) & (f.status != "Cancelled"))
		.run(as_dict=True)[0]
	)
	return int(row.done or 0), int(row.due or 0)


def contracts_in(customer: str, start: date, end: date) -> list[dict]:
	"""The customer's submitted contracts that ran during the month."""
	return frappe.get_all(
		"Service Contract",
		filters={
			"customer": customer,
			"docstatus": 1,
			"contract_start": ("<=", end),
			"contract_end": (">=", start),
		},
		fields=["name", "product", "contract_start", "contract_end", "free_service_end"],
		order_by="contract_start",
	)


# ---------------------------------------------------------------- compiling a report


def _sum(figures: dict, key: str, urgencies=None) -> int:
	return int(sum(row[key] for u, row in figures.items() if urgencies is None or u in urgencies))


def _count_line(clause: str, label: str, target: str, measure: Measure, unit: str) -> dict:
	value = (
		_("{0} of {1} {2}").format(measure.kept, measure.total, unit)
		if measure.verdict is not Verdict.NO_DATA
		else _("no requests")
	)
	return {
		"section": "Commitment",
		"clause": clause,
		"label": label,
		"target": target,
		"value": value,
		"verdict": measure.verdict.value,
		"kept": measure.kept,
		"total": measure.total,
	}


def _average_line(clause: str, label: str, target: str, measure: Measure, total: int) -> dict:
	if measure.verdict is Verdict.NO_DATA:
		value = _("no requests")
	elif measure.room >= 0:
		value = _("{0} ({1} to spare)").format(_minutes(measure.value), _minutes(measure.room))
	else:
		value = _("{0} (over by {1})").format(_minutes(measure.value), _minutes(-measure.room))
	return {
		"section": "Average",
		"clause": clause,
		"label": label,
		"target": target,
		"value": value,
		"verdict": measure.verdict.value,
		"total": total,
		"amount": measure.value,
	}


def compile_report(report) -> None:
	"""Fill `report` (a Monthly Service Report) with its month's figures, in the report's language."""
	start, end = month_of(getdate(report.period_start))
	report.period_start, report.period_end = start, end
	customer = report.customer
	with print_language(report.language or frappe.local.lang):
		_compile(report, customer, start, end)
	report.compiled_on = now_datetime()


def _compile(report, customer: str, start: date, end: date) -> None:
	figures = _ticket_figures(customer, start, end)
	lines: list[dict] = []

	# Requests by service type (AGR-6..13) and urgency (AGR-21..23), urgencies in the agreement's order
	order = [u.value for u in Urgency]
	requests = sorted(
		_requests_by_type(customer, start, end),
		key=lambda r: (order.index(r.urgency) if r.urgency in order else len(order), r.ticket_type or ""),
	)
	for row in requests:
		lines.append(
			{
				"section": "Requests",
				"label": _(row.ticket_type) if row.ticket_type else _("Not classified"),
				"detail": _(row.urgency) if row.urgency else _("Not classified"),
				"value": str(row.tickets),
				"total": row.tickets,
				"amount": row.tickets,
			}
		)

	# Per-request promises
	urgent, general, consultation = (u.value for u in Urgency)
	faults = (urgent, general)
	commitments = [
		_count_line(
			"AGR-15",
			_("Receipt of every request confirmed"),
			_("within 15 minutes"),
			count_verdict(_sum(figures, "ack_met"), _sum(figures, "ack_done")),
			_("confirmed in time"),
		),
		_count_line(
			"AGR-21",
			_("Urgent faults (system crash, data loss): response"),
			_("within 30 minutes"),
			count_verdict(_sum(figures, "resp_met", (urgent,)), _sum(figures, "resp_done", (urgent,))),
			_("answered in time"),
		),
		_count_line(
			"AGR-22",
			_("General faults: response"),
			_("within 1 hour"),
			count_verdict(_sum(figures, "resp_met", (general,)), _sum(figures, "resp_done", (general,))),
			_("answered in time"),
		),
		_count_line(
			"AGR-23",
			_("Consultations: response"),
			_("within 24 hours"),
			count_verdict(
				_sum(figures, "resp_met", (consultation,)), _sum(figures, "resp_done", (consultation,))
			),
			_("answered in time"),
		),
		_count_line(
			"AGR-10",
			_("Faults resolved within the agreed resolution time"),
			_("about 4 hours"),
			count_verdict(_sum(figures, "res_met", faults), _sum(figures, "res_done", faults)),
			_("resolved in time"),
		),
		_count_line(
			"AGR-17, AGR-18",
			_("Solution confirmed with you, carried out and verified"),
			_("every resolved request"),
			count_verdict(_sum(figures, "confirmed"), _sum(figures, "resolved")),
			_("confirmed and verified"),
		),
		_count_line(
			"AGR-20",
			_("Resolved requests followed up"),
			_("every follow-up due this month"),
			count_verdict(*_follow_ups(customer, start, end)),
			_("followed up"),
		),
	]
	lines += commitments

	# Averages (AGR-10)
	# AGR-10 quotes both averages for fault troubleshooting: consultations (24 h, AGR-23) are not in them
	resp_done = _sum(figures, "resp_done", faults)
	res_done = _sum(figures, "res_done", faults)
	averages = [
		_average_line(
			"AGR-10",
			_("Average fault response time"),
			_("at most 30 minutes"),
			average_verdict(
				_sum(figures, "resp_seconds", faults) / resp_done if resp_done else None,
				AVERAGE_RESPONSE_TARGET_SECONDS,
			),
			resp_done,
		),
		_average_line(
			"AGR-10",
			_("Average fault resolution time"),
			_("within 4 hours"),
			average_verdict(
				_sum(figures, "res_seconds", faults) / res_done if res_done else None,
				AVERAGE_RESOLUTION_TARGET_SECONDS,
			),
			res_done,
		),
	]
	lines += averages

	# Satisfaction (AGR-27)
	rated, positive = _sum(figures, "rated"), _sum(figures, "positive")
	satisfaction = share_percent(positive, rated)
	measure = share_verdict(satisfaction, SATISFACTION_TARGET_PERCENT)
	lines.append(
		{
			"section": "Satisfaction",
			"clause": "AGR-27",
			"label": _("Customer satisfaction (4 or 5 stars)"),
			"target": _("over 90%"),
			"value": _("{0}% of {1} ratings").format(satisfaction, rated) if rated else _("no ratings"),
			"verdict": measure.verdict.value,
			"kept": positive,
			"total": rated,
			"amount": satisfaction,
		}
	)

	# On-site visits (AGR-12, AGR-16)
	visits = _visits(customer, start, end)
	for visit in visits:
		lines.append(
			{
				"section": "Visit",
				"clause": "AGR-16",
				"label": visit.subject,
				"detail": frappe.utils.get_fullname(visit.visit_engineer) if visit.visit_engineer else "",
				"value": format_datetime(visit.visit_date, "yyyy-MM-dd HH:mm"),
				"reference_doctype": "HD Ticket",
				"reference_name": visit.name,
			}
		)

	# Releases (AGR-11)
	releases = sorted(_releases(customer, start, end), key=lambda r: getdate(r.installed_on or r.notified_on))
	for release in releases:
		installed = release.status == "Installed"
		lines.append(
			{
				"section": "Release",
				"clause": "AGR-11",
				"label": f"{release.product} {release.version}",
				"detail": _(release.release_type) if release.release_type else "",
				"value": _("installed on {0}").format(format_date(release.installed_on))
				if installed
				else _("sent on {0}, not installed yet").format(format_date(release.notified_on)),
				"reference_doctype": "Update Release",
				"reference_name": release.name,
			}
		)

	# Trainings (AGR-8)
	trainings = _trainings(customer, start, end)
	for session in trainings:
		rating = round(float(session.rating), 1) if session.rating else None
		lines.append(
			{
				"section": "Training",
				"clause": "AGR-8",
				"label": session.title,
				"detail": _(session.mode),
				"value": _("{0} of {1} attended, rated {2} of 5").format(
					int(session.attended or 0), session.invited, rating
				)
				if rating
				else _("{0} of {1} attended").format(int(session.attended or 0), session.invited),
				"kept": int(session.attended or 0),
				"total": session.invited,
				"amount": rating,
				"reference_doctype": "Training Session",
				"reference_name": session.name,
			}
		)

	report.set("lines", lines)
	report.contracts = "\n".join(
		_("{0}: {1}, {2} to {3}, free service until {4}").format(
			c.name,
			c.product,
			format_date(c.contract_start),
			format_date(c.contract_end),
			format_date(c.free_service_end),
		)
		for c in contracts_in(customer, start, end)
	)
	measured = [line for line in commitments + averages if line["verdict"] != Verdict.NO_DATA.value]
	if measure.verdict is not Verdict.NO_DATA:
		measured.append({"verdict": measure.verdict.value})
	report.total_requests = _sum(figures, "tickets")
	report.resolved_requests = _sum(figures, "resolved")
	report.commitments_measured = len(measured)
	report.commitments_met = sum(1 for line in measured if line["verdict"] == Verdict.MET.value)
	report.onsite_visits = len(visits)
	report.releases_installed = sum(1 for r in releases if r.status == "Installed")
	report.trainings_held = len(trainings)
	report.satisfaction_percent = satisfaction
	report.ratings = rated


# ---------------------------------------------------------------- sending


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

	report = frappe.get_doc("Monthly Service Report", name)
	report.check_permission("read")
	if report.status == "Sent":
		file = report.sent_pdf and frappe.db.get_value(
			"File",
			{
				"file_url": report.sent_pdf,
				"attached_to_doctype": report.doctype,
				"attached_to_name": report.name,
			},
			"name",
		)
		if not file:
			frappe.throw(
				_("The PDF sent for report {0} is missing.").format(report.name), frappe.DoesNotExistError
			)
		content = frappe.get_doc("File", file).get_content()
	elif is_staff():
		content = pdf_of(report)
	else:
		frappe.throw(_("Report {0} has not been sent yet.").format(report.name), frappe.PermissionError)
	frappe.local.response.filename = f"{report.name}.pdf"
	frappe.local.response.filecontent = content
	frappe.local.response.type = "pdf"


class PDFNotRendered(frappe.ValidationError):
	"""The report's PDF could not be rendered: nothing was sent."""


def _error_text(error: Exception) -> str:
	"""An error as one short line for a reason field: the message without markup, else its kind."""
	text = " ".join(strip_html(str(error)).split())
	return text[:300] if text else type(error).__name__


def send(report) -> None:
	"""E-mail the report as a PDF to its recipients and mark it Sent. All or nothing: when it cannot (no
	recipient, no e-mail account, the PDF does not render, the mail cannot be queued) it raises, and once
	the caller rolls back no file, mail or stamp is left (the PDF is rendered before anything is written)."""
	recipients = [r for r in (report.recipients or "").split("\n") if r.strip()]
	if not recipients:
		frappe.throw(_("Nobody to send the report to: no contact on the customer's contracts has an e-mail."))
	if not mail.can_send():
		frappe.throw(_("Set up an outgoing e-mail account (Email Account) first."), frappe.OutgoingEmailError)
	month = getdate(report.period_start).strftime("%Y-%m")
	with print_language(report.language or frappe.local.lang):
		subject = _("Monthly service report {0}: {1}").format(month, report.customer)
		message = frappe.render_template(
			"after_sales/templates/emails/monthly_service_report.html", {"doc": report, "month": month}
		)
	try:
		content = pdf_of(report)
	except Exception as error:
		frappe.throw(
			_("The report's PDF could not be rendered: {0}").format(_error_text(error)),
			PDFNotRendered,
			title=_("Report not sent"),
		)
	# The PDF as sent stays attached to the report (private): what the customer received, kept as proof.
	pdf = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{report.name}.pdf",
			"attached_to_doctype": report.doctype,
			"attached_to_name": report.name,
			"is_private": 1,
			"content": content,
		}
	).insert(ignore_permissions=True)
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


def prepare(customer: str, period_start: date):
	"""The customer's report for the month (a Monthly Service Report), created and compiled if new; None
	if every active contract opted out. A report already Sent is left as it is (a rerun never sends twice)."""
	start, _end = month_of(getdate(period_start))
	recipients, contracts = recipients_for(customer)
	if not contracts:
		return None
	name = frappe.db.get_value("Monthly Service Report", {"customer": customer, "period_start": start})
	report = (
		frappe.get_doc("Monthly Service Report", name) if name else frappe.new_doc("Monthly Service Report")
	)
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
	report.save(ignore_permissions=True)  # compiles in validate
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
	if frappe.db.get_value("Monthly Service Report", filters, "status", for_update=True) == "Sent":
		return  # a rerun (or a run at the same time, now done) never sends twice
	report = prepare(customer, start)
	if not report or report.status == "Sent":
		return
	reason = None
	if not report.recipients:
		reason = _("No contact on the customer's active contracts has an e-mail address.")
	elif not mail.can_send():
		reason = _("The site has no outgoing e-mail account. Set one up, then use Send Now.")
	if reason:
		_mark_not_sent(report, reason)
		return
	jobs.per_record(
		lambda: send(report),
		title=f"{report.name} not sent",
		reference=(report.doctype, report.name),
		on_failure=lambda error: _mark_not_sent(report, _not_sent_reason(error)),
	)


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
			"after_sales.service_reports.send_for_customer",
			queue="long",
			job_id=f"after_sales-monthly-report-{customer}-{start:%Y-%m}",
			deduplicate=True,
			enqueue_after_commit=True,
			now=frappe.flags.in_test,
			customer=customer,
			period_start=start,
		)
	return len(set(customers))
