# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Weekly share of tickets acknowledged, responded to and resolved within target (AGR-10, AGR-15, AGR-21..23)."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from after_sales.agreement.metrics import share_percent
from after_sales.agreement.targets import TARGETS
from after_sales.agreement.urgency import Urgency
from after_sales.api.inputs import api
from after_sales.compliance_days import kept_and_reached
from after_sales.permissions import only_staff
from after_sales.replica import read_only

WEEKS = 12


@api(methods=["GET", "POST"])
@read_only
def get(
	chart_name: str | None = None,
	chart: str | None = None,
	no_cache: int | None = None,
	filters: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
	refresh: int | None = None,
) -> dict:
	# The arguments Desk's chart widget sends (frappe/public/js/frappe/widgets/chart_widget.js `fetch`):
	# each is named, as api() refuses unknown ones. The chart is the same for all of them.
	only_staff(_("Only the service team sees these figures."))
	end = getdate(today())
	first = add_days(end, -7 * (WEEKS - 1))
	start = add_days(first, -first.weekday())  # the Monday of the first week shown
	counts = ", ".join(kept_and_reached(target) for target in TARGETS)
	rows = frappe.db.sql(
		f"""select yearweek(t.opening_date, 3) as week, {counts}
		from `tabHD Ticket` t where t.urgency in %(urgencies)s and t.opening_date between %(start)s and %(end)s
		group by week order by week""",
		{"start": start, "end": end, "urgencies": tuple(u.value for u in Urgency)},
		as_dict=True,
	)
	by_week = {str(row.week): row for row in rows}
	labels, weeks = [], []
	for i in range(WEEKS):
		day = add_days(start, 7 * i)  # each week's Monday; the last is this week
		iso = day.isocalendar()
		weeks.append(f"{iso[0]}{iso[1]:02d}")
		labels.append(frappe.format(day, "Date"))

	def share(week, target):
		row = by_week.get(week) or {}
		kept, reached = (int(row.get(f"{target.name}_{count}") or 0) for count in ("met", "done"))
		return share_percent(kept, reached, 1) or 0

	return {
		"labels": labels,
		"datasets": [
			{"name": _(target.share_label), "values": [share(w, target) for w in weeks]} for target in TARGETS
		],
	}
