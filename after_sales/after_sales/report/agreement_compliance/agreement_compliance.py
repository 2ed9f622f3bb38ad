# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Agreement Compliance: per urgency, how often each promise was kept and the working times it took
(AGR-10, AGR-15, AGR-21..23). All aggregation happens in SQL; times are working time on each ticket's
calendar, stamped on the ticket when the event happened.

Tickets of a service type their contract does not cover (AGR-6..13) are outside its promises: they are
counted apart, in the summary, and left out of every figure per urgency."""

import frappe
from frappe import _
from frappe.utils import getdate

from after_sales import compliance_days
from after_sales.agreement import day_totals
from after_sales.agreement.metrics import (
	AVERAGED_URGENCIES,
	interpolate,
	percentile_positions,
	share_percent,
	slice_without,
)
from after_sales.agreement.monthly import Verdict, average_verdict
from after_sales.agreement.targets import AVERAGED, TARGETS, VERDICTS, TimeTarget
from after_sales.agreement.urgency import Urgency
from after_sales.api.inputs import report_filters
from after_sales.ticket_fields import OPENING_MONTH, month_percentile_index

# Tickets outside the contract's covered service types (AGR-6..13): reported apart. They are few, so their
# times (skipped in the percentiles) are read through the entitlement's own index (ticket_fields:
# service_entitlement has search_index), never by walking the period's tickets a second time.
APART = " and t.`service_entitlement` = %(not_covered)s"
APART_INDEX = "force index (`service_entitlement_index`)"
reached = compliance_days.reached


def execute(filters: dict | None = None):
	filters = report_filters(filters)
	rows, not_covered = data(filters)
	return columns(), rows, None, chart(rows), summary(rows, not_covered)


def columns() -> list[dict]:
	cols = [
		{"fieldname": "urgency", "label": _("Urgency"), "fieldtype": "Data", "width": 140},
		{"fieldname": "tickets", "label": _("Tickets"), "fieldtype": "Int", "width": 90},
	]
	for target in TARGETS:
		name, label = target.name, _(target.reached_label)
		cols += [
			{
				"fieldname": f"{name}_met_pct",
				"label": _("{0} Within Target").format(label),
				"fieldtype": "Percent",
				"width": 150,
			},
			{
				"fieldname": f"{name}_avg",
				"label": _("{0}: Average").format(label),
				"fieldtype": "Duration",
				"width": 140,
			},
			{
				"fieldname": f"{name}_p90",
				"label": _("{0}: 90th Percentile").format(label),
				"fieldtype": "Duration",
				"width": 160,
			},
		]
	return cols


def urgencies() -> list[str]:
	"""The urgencies HD Ticket holds, other than none: one entry each read from the urgency's index (a loose
	index scan), whatever the number of tickets."""
	return frappe.db.sql(
		"select distinct `urgency` from `tabHD Ticket` where `urgency` is not null and `urgency` != ''",
		pluck=True,
	)


def _conditions(filters, urgencies: list[str]) -> tuple[str, dict]:
	"""A parameterised WHERE clause for the filters (period, customer, contract, product, centre, urgency, channel).

	Tickets without an urgency are left out by naming the `urgencies` there are: equalities on the first column
	of the compliance and percentile indexes (ticket_fields.TICKET_INDEXES), so that the period on their
	second column bounds what is read. `urgency != ''` there would read every ticket of all time and test
	its opening date."""
	clauses = ["t.`urgency` in %(urgencies)s"]
	values = {"urgencies": tuple(urgencies)}
	if filters.get("from_date"):
		clauses.append("t.`opening_date` >= %(from_date)s")
		values["from_date"] = getdate(filters.from_date)
	if filters.get("to_date"):
		clauses.append("t.`opening_date` <= %(to_date)s")
		values["to_date"] = getdate(filters.to_date)
	for key, column in (
		("customer", "t.`customer`"),
		("service_contract", "t.`service_contract`"),
		("service_centre", "t.`agent_group`"),
		("urgency", "t.`urgency`"),
		("request_channel", "t.`request_channel`"),
	):
		if filters.get(key):
			clauses.append(f"{column} = %({key})s")
			values[key] = filters[key]
	if filters.get("product"):
		clauses.append(
			"t.`service_contract` in (select c.`name` from `tabService Contract` c where c.`product` = %(product)s)"
		)
		values["product"] = filters.product
	return " and ".join(clauses), values


def data(filters) -> tuple[list[dict], int]:
	"""The rows per urgency, and how many tickets were left out of them as not covered by their contract.

	The counts of a period come from its days' stored buckets (compliance_days), and from the tickets for
	the days still to recount (and those without an opening day, when the period has no bound), in one
	snapshot: a year is a few thousand rows, whatever the number of tickets. With a filter the buckets do
	not hold (customer, contract, product, centre) they come from the matching tickets. Then at most
	two rows are fetched per urgency and target for its 90th percentile, from that target's percentile
	index. Tickets not covered by their contract are counted apart, and their times skipped when a
	percentile is read."""
	present = urgencies()
	if not present:
		return [], 0
	where, values = _conditions(filters, present)
	counts = _counts(filters, present, where, values)
	rows = [
		frappe._dict(urgency=urgency, **row)
		for (urgency, apart), row in counts.items()
		if not apart and row["tickets"]
	]
	not_covered = sum(int(row["tickets"]) for (_urgency, apart), row in counts.items() if apart)
	skipped = (
		_times_apart(where, {**values, "not_covered": compliance_days.NOT_COVERED}) if not_covered else {}
	)
	hints = _percentile_hints(filters) if rows else {}
	month = _one_month(filters)
	percentiles = {
		(row.urgency, target.name): _p90(
			where,
			values,
			row.urgency,
			target,
			int(row[f"{target.name}_timed"] or 0),
			hints.get(target.name, ""),
			skipped.get((row.urgency, target.name), ()),
			month,
		)
		for row in rows
		for target in TARGETS
	}
	order = [u.value for u in Urgency]
	rows.sort(key=lambda r: order.index(r.urgency) if r.urgency in order else len(order))
	out = []
	for row in rows:
		item = {"urgency": _(row.urgency), "urgency_value": row.urgency, "tickets": int(row.tickets)}
		for name in (target.name for target in TARGETS):
			done = int(row[f"{name}_done"] or 0)
			timed = int(row[f"{name}_timed"] or 0)
			item[f"{name}_done"] = done
			item[f"{name}_met_pct"] = share_percent(int(row[f"{name}_met"] or 0), done, 1)
			item[f"{name}_avg"] = round(float(row[f"{name}_sum"]) / timed, 0) if timed else None
			p90 = percentiles.get((row.urgency, name))
			item[f"{name}_p90"] = round(float(p90), 0) if p90 is not None else None
		out.append(item)
	return out, not_covered


def _counts(filters, present: list[str], where: str, values: dict) -> dict:
	"""The counts per urgency and coverage (day_totals.by_urgency): the buckets and the tickets they leave
	out, or the matching tickets."""
	if not compliance_days.counts_period(filters):
		return day_totals.by_urgency(compliance_days.count_tickets(where, values))
	stored, waiting, undated = compliance_days.period(filters, present)
	live = [
		clause
		for clause, wanted in (
			("t.`opening_date` in %(waiting)s", waiting),
			("t.`opening_date` is null", undated),
		)
		if wanted
	]
	if not live:
		return day_totals.by_urgency(stored)
	where = f"{where} and ({' or '.join(live)})"
	return day_totals.by_urgency(
		stored, compliance_days.count_tickets(where, {**values, "waiting": tuple(waiting)})
	)


def _times_apart(where: str, values: dict) -> dict[tuple[str, str], list[float]]:
	"""The working times of the tickets reported apart, per urgency and target: skipped in the percentiles."""
	fields = ", ".join(f"t.`{target.status_field}`, t.`{target.duration_field}`" for target in TARGETS)
	times: dict[tuple[str, str], list[float]] = {}
	for row in frappe.db.sql(
		f"select t.`urgency`, {fields} from `tabHD Ticket` t {APART_INDEX} where {where}{APART}",
		values,
		as_dict=True,
	):
		for target in TARGETS:
			duration = row[target.duration_field]
			if row[target.status_field] in VERDICTS and duration is not None:
				times.setdefault((row.urgency, target.name), []).append(float(duration))
	return times


# Filters that keep few tickets: those are found through the field's own index and sorted, rather than
# by walking a percentile index and looking up every entry to test the filter. The buckets do not hold them.
SELECTIVE_FILTERS = compliance_days.TICKET_FILTERS


def _percentile_hints(filters) -> dict[str, str]:
	if not any(filters.get(key) for key in SELECTIVE_FILTERS):
		return {}
	existing = {
		row.Key_name
		for row in frappe.db.sql(
			"SHOW INDEX FROM `tabHD Ticket` WHERE Key_name LIKE %s", ("after_sales\\_%",), as_dict=True
		)
	}
	hints = {}
	for target in TARGETS:
		# names come from our own constants, never from input
		indexes = [
			f"`{index}`"
			for index in (f"after_sales_{target.name}_percentile", month_percentile_index(target))
			if index in existing
		]
		if indexes:
			hints[target.name] = f"ignore index ({', '.join(indexes)})"
	return hints


def _one_month(filters) -> int | None:
	"""The month (202506) a period lies within, when it does and no selective filter is set: its
	percentiles then walk that month's entries of the month-led indexes (ticket_fields.OPENING_MONTH)."""
	if not (compliance_days.counts_period(filters) and filters.get("from_date") and filters.get("to_date")):
		return None
	start, end = getdate(filters.from_date), getdate(filters.to_date)
	return start.year * 100 + start.month if (start.year, start.month) == (end.year, end.month) else None


def _p90(
	where: str,
	values: dict,
	urgency: str,
	target: TimeTarget,
	count: int,
	hint: str = "",
	skipped=(),
	month: int | None = None,
) -> float | None:
	"""The 90th percentile (PERCENTILE_CONT) of one target's working times for one urgency, from the two
	values around it. They are fetched walking down from the longest time: about a tenth of the entries,
	of the `month`'s only when the period lies within one. `count` and the percentile leave out the
	`skipped` times (tickets reported apart), which the walk still meets: it reads that many entries
	more and passes over them."""
	if not count:
		return None
	low, high, weight = percentile_positions(count, 0.9)
	size = high - low + 1
	duration = f"t.`{target.duration_field}`"
	if month:
		where = f"{where} and t.`{OPENING_MONTH}` = %(p90_month)s"
	found = frappe.db.sql(
		f"""select {duration} from `tabHD Ticket` t {hint}
		where {where} and t.`urgency` = %(p90_urgency)s and {reached(target)} and {duration} is not null
		order by {duration} desc limit %(p90_count)s offset %(p90_offset)s""",
		{
			**values,
			"p90_month": month,
			"p90_urgency": urgency,
			"p90_count": size + len(skipped),
			"p90_offset": count - 1 - high,
		},
		pluck=True,
	)
	around = slice_without([float(v) for v in found], skipped, size)
	if around is None:
		return None  # tickets changed between the queries; the next run has it
	return interpolate(around[-1], around[0], weight)


def _overall_average(rows, name) -> float | None:
	"""The average over the urgencies, weighted by how many tickets reached the event."""
	weighted = [(r[f"{name}_avg"], r[f"{name}_done"]) for r in rows if r[f"{name}_avg"] is not None]
	total = sum(n for _avg, n in weighted)
	return sum(avg * n for avg, n in weighted) / total if total else None


def summary(rows, not_covered: int = 0) -> list[dict]:
	"""AGR-10's averages: do they hold, and how much room is left? Then the tickets reported apart."""
	labels = {
		"response": _("Average fault response (AGR-10: at most 30 min)"),
		"resolution": _("Average fault resolution (AGR-10: within 4 h)"),
	}
	faults = [r for r in rows if r["urgency_value"] in AVERAGED_URGENCIES]
	out = []
	for target in AVERAGED:
		label = labels[target.name]
		measure = average_verdict(_overall_average(faults, target.name), target.average_within)
		if measure.verdict is Verdict.NO_DATA:
			out.append({"label": label, "value": _("no data"), "indicator": "Grey", "datatype": "Data"})
			continue
		holds = measure.verdict is Verdict.MET
		average, room = round(measure.value / 60, 1), int(measure.room)
		out.append(
			{
				"label": label,
				"value": _("{0} min ({1} min room)").format(average, round(room / 60, 1))
				if holds
				else _("{0} min (over by {1} min)").format(average, round(-room / 60, 1)),
				"indicator": "Green" if holds else "Red",
				"datatype": "Data",
			}
		)
	if not_covered:
		out.append(
			{
				"label": _("Not covered by the contract (left out of the figures above)"),
				"value": not_covered,
				"indicator": "Orange",
				"datatype": "Int",
			}
		)
	return out


def chart(rows) -> dict:
	return {
		"data": {
			"labels": [r["urgency"] for r in rows],
			"datasets": [
				{"name": _(target.share_label), "values": [r[f"{target.name}_met_pct"] or 0 for r in rows]}
				for target in TARGETS
			],
		},
		"type": "bar",
		"fieldtype": "Percent",
	}
