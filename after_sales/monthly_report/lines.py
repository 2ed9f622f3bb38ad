# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The monthly report's lines: the month's figures (`figures`) put into words, each commitment with its
AGR clause and verdict (`after_sales.agreement.monthly`), in the report's language, so that the PDF the
customer received can be read again later exactly as it was sent.

`compile(report)` is what the Monthly Service Report controller calls when a draft is saved; it writes
the lines and the totals into the report and saves nothing itself."""

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import format_date, format_datetime, getdate, now_datetime

from after_sales.agreement.metrics import AVERAGED_URGENCIES, SATISFACTION_TARGET_PERCENT, share_percent
from after_sales.agreement.monthly import (
	Measure,
	Verdict,
	average_verdict,
	count_verdict,
	month_of,
	share_verdict,
)
from after_sales.agreement.targets import ACKNOWLEDGE, RESOLUTION, RESPONSE, TimeTarget
from after_sales.agreement.urgency import Urgency
from after_sales.monthly_report import figures

URGENT, GENERAL, CONSULTATION = (u.value for u in Urgency)
FAULTS = AVERAGED_URGENCIES  # AGR-10: faults; consultations (24 h, AGR-23) are not in its figures


def compile(report) -> None:
	"""Fill `report` (a Monthly Service Report) with its month's figures, in the report's language."""
	start, end = month_of(getdate(report.period_start))
	report.period_start, report.period_end = start, end
	with print_language(report.language or frappe.local.lang):
		_write(report, figures.of_month(report.customer, start, end))
	report.compiled_on = now_datetime()


def _write(report, month: figures.Month) -> None:
	lines = [
		*_request_lines(month.requests),
		*_not_covered_lines(month.not_covered),
		*_commitment_lines(month),
		*_average_lines(month.tickets),
		_satisfaction_line(month.tickets),
		*_visit_lines(month.visits),
		*_release_lines(month.releases),
		*_training_lines(month.trainings),
	]
	report.set("lines", lines)
	report.contracts = "\n".join(_contract_text(contract) for contract in month.contracts)
	_set_totals(report, month, lines)


def _set_totals(report, month: figures.Month, lines: list[dict]) -> None:
	# the commitments, averages and satisfaction that had something to measure this month
	measured = [line["verdict"] for line in lines if line.get("verdict", Verdict.NO_DATA) != Verdict.NO_DATA]
	satisfaction = next(line for line in lines if line["section"] == "Satisfaction")
	# every request counts in the month's volume, those the contract does not cover too
	report.total_requests = _total(month.tickets, "tickets") + _total(month.not_covered, "tickets")
	report.resolved_requests = _total(month.tickets, "resolved") + _total(month.not_covered, "resolved")
	report.commitments_measured = len(measured)
	report.commitments_met = measured.count(Verdict.MET.value)
	report.onsite_visits = len(month.visits)
	report.releases_installed = sum(1 for r in month.releases if r.status == "Installed")
	report.trainings_held = len(month.trainings)
	report.satisfaction_percent = satisfaction["amount"]
	report.ratings = satisfaction["total"]


# ---------------------------------------------------------------- arithmetic on the ticket figures


def _total(tickets: dict, key: str, urgencies=None) -> int:
	return int(sum(row[key] for u, row in tickets.items() if urgencies is None or u in urgencies))


def _kept(tickets: dict, target: TimeTarget, urgencies=None) -> Measure:
	"""A per-request promise: the requests that kept `target` of those that reached it."""
	return count_verdict(
		_total(tickets, f"{target.name}_met", urgencies), _total(tickets, f"{target.name}_done", urgencies)
	)


def _average(tickets: dict, target: TimeTarget) -> tuple[Measure, int]:
	"""The faults' average time to `target` against AGR-10's average, and how many it is taken over."""
	done = _total(tickets, f"{target.name}_done", FAULTS)
	seconds = _total(tickets, f"{target.name}_seconds", FAULTS)
	return average_verdict(seconds / done if done else None, target.average_within), done


def _minutes(seconds: float | None) -> str:
	if seconds is None:
		return "—"
	if seconds >= 3600:
		hours, minutes = divmod(round(seconds / 60), 60)
		return _("{0} h {1} min").format(hours, minutes)
	return _("{0} min").format(round(seconds / 60, 1))


# ---------------------------------------------------------------- the lines, section by section


def _request_lines(requests: list[dict]) -> list[dict]:
	"""Requests by service type (AGR-6..13) and urgency (AGR-21..23), urgencies in the agreement's order."""
	order = [u.value for u in Urgency]
	requests = sorted(
		requests,
		key=lambda r: (order.index(r.urgency) if r.urgency in order else len(order), r.ticket_type or ""),
	)
	return [
		{
			"section": "Requests",
			"label": _(row.ticket_type) if row.ticket_type else _("Not classified"),
			"detail": _(row.urgency) if row.urgency else _("Not classified"),
			"value": str(row.tickets),
			"total": row.tickets,
			"amount": row.tickets,
		}
		for row in requests
	]


def _not_covered_lines(not_covered: dict) -> list[dict]:
	"""Requests of a service type their contract does not cover (AGR-6..13), when there were any: counted
	in the requests above, outside every promise below."""
	count = _total(not_covered, "tickets")
	if not count:
		return []
	return [
		{
			"section": "Requests",
			"clause": "AGR-6..13",
			"label": _("Requests outside the contract's covered service types"),
			"detail": _("not in the commitments below"),
			"value": str(count),
			"total": count,
			"amount": count,
		}
	]


def _commitment_lines(month: figures.Month) -> list[dict]:
	"""The per-request promises."""
	tickets = month.tickets
	answered = _("answered in time")
	return [
		_count_line(
			"AGR-15",
			_("Receipt of every request confirmed"),
			_("within 15 minutes"),
			_kept(tickets, ACKNOWLEDGE),
			_("confirmed in time"),
		),
		_count_line(
			"AGR-21",
			_("Urgent faults (system crash, data loss): response"),
			_("within 30 minutes"),
			_kept(tickets, RESPONSE, (URGENT,)),
			answered,
		),
		_count_line(
			"AGR-22",
			_("General faults: response"),
			_("within 1 hour"),
			_kept(tickets, RESPONSE, (GENERAL,)),
			answered,
		),
		_count_line(
			"AGR-23",
			_("Consultations: response"),
			_("within 24 hours"),
			_kept(tickets, RESPONSE, (CONSULTATION,)),
			answered,
		),
		_count_line(
			"AGR-10",
			_("Faults resolved within the agreed resolution time"),
			_("about 4 hours"),
			_kept(tickets, RESOLUTION, FAULTS),
			_("resolved in time"),
		),
		_count_line(
			"AGR-17, AGR-18",
			_("Solution confirmed with you, carried out and verified"),
			_("every resolved request"),
			count_verdict(_total(tickets, "confirmed"), _total(tickets, "resolved")),
			_("confirmed and verified"),
		),
		_count_line(
			"AGR-20",
			_("Resolved requests followed up"),
			_("every follow-up due this month"),
			count_verdict(*month.follow_ups),
			_("followed up"),
		),
	]


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


def _average_lines(tickets: dict) -> list[dict]:
	"""AGR-10's averages against the agreement, with the room left or the overrun."""
	return [
		_average_line(
			_("Average fault response time"),
			_("at most 30 minutes"),
			*_average(tickets, RESPONSE),
		),
		_average_line(
			_("Average fault resolution time"),
			_("within 4 hours"),
			*_average(tickets, RESOLUTION),
		),
	]


def _average_line(label: str, target: str, measure: Measure, total: int) -> dict:
	if measure.verdict is Verdict.NO_DATA:
		value = _("no requests")
	elif measure.room >= 0:
		value = _("{0} ({1} to spare)").format(_minutes(measure.value), _minutes(measure.room))
	else:
		value = _("{0} (over by {1})").format(_minutes(measure.value), _minutes(-measure.room))
	return {
		"section": "Average",
		"clause": "AGR-10",
		"label": label,
		"target": target,
		"value": value,
		"verdict": measure.verdict.value,
		"total": total,
		"amount": measure.value,
	}


def _satisfaction_line(tickets: dict) -> dict:
	"""AGR-27: the share of 4 and 5 star ratings, over 90%."""
	rated, positive = _total(tickets, "rated"), _total(tickets, "positive")
	satisfaction = share_percent(positive, rated)
	measure = share_verdict(satisfaction, SATISFACTION_TARGET_PERCENT)
	return {
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


def _visit_lines(visits: list[dict]) -> list[dict]:
	"""On-site visits (AGR-12, AGR-16)."""
	return [
		{
			"section": "Visit",
			"clause": "AGR-16",
			"label": visit.subject,
			"detail": frappe.utils.get_fullname(visit.visit_engineer) if visit.visit_engineer else "",
			"value": format_datetime(visit.visit_date, "yyyy-MM-dd HH:mm"),
			"reference_doctype": "HD Ticket",
			"reference_name": visit.name,
		}
		for visit in visits
	]


def _release_lines(releases: list[dict]) -> list[dict]:
	"""Releases installed, or sent and not installed yet (AGR-11), in the order they happened."""
	return [
		{
			"section": "Release",
			"clause": "AGR-11",
			"label": f"{release.product} {release.version}",
			"detail": _(release.release_type) if release.release_type else "",
			"value": _("installed on {0}").format(format_date(release.installed_on))
			if release.status == "Installed"
			else _("sent on {0}, not installed yet").format(format_date(release.notified_on)),
			"reference_doctype": "Update Release",
			"reference_name": release.name,
		}
		for release in sorted(releases, key=lambda r: getdate(r.installed_on or r.notified_on))
	]


def _training_lines(trainings: list[dict]) -> list[dict]:
	"""Trainings held (AGR-8), with attendance and rating."""
	lines = []
	for session in trainings:
		rating = round(float(session.rating), 1) if session.rating else None
		attended = int(session.attended or 0)
		lines.append(
			{
				"section": "Training",
				"clause": "AGR-8",
				"label": session.title,
				"detail": _(session.mode),
				"value": _("{0} of {1} attended, rated {2} of 5").format(attended, session.invited, rating)
				if rating
				else _("{0} of {1} attended").format(attended, session.invited),
				"kept": attended,
				"total": session.invited,
				"amount": rating,
				"reference_doctype": "Training Session",
				"reference_name": session.name,
			}
		)
	return lines


def _contract_text(contract: dict) -> str:
	return _("{0}: {1}, {2} to {3}, free service until {4}").format(
		contract.name,
		contract.product,
		format_date(contract.contract_start),
		format_date(contract.contract_end),
		format_date(contract.free_service_end),
	)
