# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Agreement Compliance's counts per day (agreement/day_totals.py says what they are and why they stay
exact), kept in `Compliance Day`; the days to count anew in `Compliance Recount`. Both are written here, in
SQL, and by nobody else (their controllers refuse the document API, Administrator included).

- `on_ticket_change` / `on_ticket_trash` (doc_events on HD Ticket; `on_change` follows every save and
  every `db_set`): the days a change to a counted field touches, recorded in one INSERT in the change's own
  transaction: a change rolled back records nothing, one committed is never without its record. Nothing
  is locked or updated in place, so tickets saved at once never wait for each other here.
- `recount` (scheduler, every minute): counts the recorded days anew from the tickets and replaces their
  buckets, then removes the records it read. The records and the tickets are read in one snapshot, so a
  change committed after it keeps its record for the next run.
- `rebuild` (install, patch, daily): counts every day anew. It heals what bypassed the document API (raw
  SQL, bulk inserts, a script) and logs how many buckets it had to correct.
- `counts_period` / `period` for the report: the stored buckets of a period, and the days in it still to
  recount, which the report counts from the tickets.

`recount` and `rebuild` take a MariaDB named lock for the site, so that only one counts at a time, on
any machine.
"""

import uuid
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from after_sales.agreement import day_totals
from after_sales.agreement.entitlement import Entitlement
from after_sales.agreement.targets import MET, TARGETS, VERDICTS, TimeTarget

DAY = "Compliance Day"
RECOUNT = "Compliance Recount"
# What a bucket counts: a change to any other field of a ticket moves none of its counts
COUNTED_FIELDS = (
	"opening_date",
	"urgency",
	"request_channel",
	"service_entitlement",
	*(field for target in TARGETS for field in (target.status_field, target.duration_field)),
)
RECOUNT_BATCH = 20_000  # records read per pass of a recount
RECOUNT_PASSES = 10  # passes per run at most; a burst larger than that waits a minute more, counted live
_VERDICTS_SQL = ", ".join(f"'{value}'" for value in VERDICTS)  # our constants, never input
NOT_COVERED = Entitlement.NOT_COVERED.value


def reached(target: TimeTarget, alias: str = "t") -> str:
	"""SQL: whether a ticket reached `target` (its event happened and was given a verdict)."""
	return f"{alias}.`{target.status_field}` in ({_VERDICTS_SQL})"


def kept_and_reached(target: TimeTarget, alias: str = "t") -> str:
	"""SQL aggregates: how many tickets kept `target` (`<name>_met`) and how many reached it (`<name>_done`)."""
	return (
		f"sum({alias}.`{target.status_field}` = '{MET}') as {target.name}_met, "
		f"sum({reached(target, alias)}) as {target.name}_done"
	)


def counts_sql(alias: str = "t") -> str:
	"""SQL aggregates over tickets: the counts of day_totals.COUNT_FIELDS, under those names."""
	parts = ["count(*) as tickets"]
	for target in TARGETS:
		name, duration = target.name, f"{alias}.`{target.duration_field}`"
		parts.append(
			f"{kept_and_reached(target, alias)}, "
			f"sum(case when {reached(target, alias)} then {duration} end) as {name}_sum, "
			f"sum({reached(target, alias)} and {duration} is not null) as {name}_timed"
		)
	return ", ".join(parts)


def not_covered_sql(alias: str = "t") -> str:
	"""SQL: 1 for a ticket of a service type its contract does not cover (reported apart), else 0."""
	return f"ifnull({alias}.`service_entitlement` = %(not_covered)s, 0)"


def refuse_by_hand() -> None:
	frappe.throw(
		_("Compliance counts are counted from the tickets; nobody writes or deletes them by hand."),
		frappe.PermissionError,
	)


# Recording the days a ticket change touches
# ------------------------------------------


def on_ticket_change(doc) -> None:
	"""The days a save or db_set made stale: compared with the row before the save (Frappe loads it anew at
	each save) and with what this document last wrote (a db_set keeps the row loaded before the first
	db_set on the object, so after two the first is not what the database held)."""
	now = _counted(doc)
	before = [row for row in (_counted(doc.get_doc_before_save()), doc.flags.after_sales_counted) if row]
	days = set().union(*(day_totals.days_to_recount(row, now, COUNTED_FIELDS) for row in before or [None]))
	doc.flags.after_sales_counted = now
	_record(days)


def on_ticket_trash(doc) -> None:
	_record(day_totals.days_to_recount(_counted(doc), None, COUNTED_FIELDS))


def _counted(doc) -> dict | None:
	if doc is None:
		return None
	values = {field: doc.get(field) for field in COUNTED_FIELDS}
	values["opening_date"] = getdate(values["opening_date"]) if values["opening_date"] else None
	return values


def _record(days) -> None:
	if not days:
		return
	now = now_datetime()
	try:
		frappe.db.bulk_insert(
			RECOUNT,
			["name", "day", "creation", "modified", "owner", "modified_by"],
			[(uuid.uuid4().hex, day, now, now, "Administrator", "Administrator") for day in sorted(days)],
		)
	except Exception as e:
		if frappe.db.is_deadlocked(e) or frappe.db.is_timedout(e):
			raise  # the database took the whole save back, or will: the save must fail, not half commit
		if not frappe.db.is_table_missing(e):
			# the ticket is saved whatever happens here (one statement: nothing half written); the counts
			# are all counted anew right after the commit
			frappe.log_error(title=_("Agreement Compliance: a ticket change could not be recorded"))
			frappe.enqueue(
				"after_sales.compliance_days.rebuild",
				queue="long",
				job_id="after_sales_compliance_rebuild",  # Frappe scopes it to the site
				deduplicate=True,
				enqueue_after_commit=True,
			)
		# a table missing: a ticket saved while the app's doctypes are not there yet (a migrate, before they
		# sync); the rebuild that migrate runs afterwards counts it


# Counting
# --------


def recount() -> None:
	"""Scheduler, every minute: count the recorded days anew (none recorded: one query)."""
	with _counting_lock(wait=0) as held:
		if not held:
			return  # another recount or the rebuild is counting
		for _pass in range(RECOUNT_PASSES):
			read = recount_pending()
			frappe.db.commit()
			if read < RECOUNT_BATCH:
				break


def recount_pending(limit: int = RECOUNT_BATCH) -> int:
	"""One pass: the buckets of up to `limit` recorded days counted anew, those records removed. Returns how
	many records it read. The caller holds the counting lock and commits."""
	records = frappe.db.sql(f"select `name`, `day` from `tab{RECOUNT}` limit %s", (limit,))
	if not records:
		return 0
	days = sorted({day for _name, day in records})
	counted = _count("t.`opening_date` in %(days)s", {"days": tuple(days)})
	stored = _stored("`day` in %(days)s", {"days": tuple(days)})
	_write(stored, counted)
	_remove_records([name for name, _day in records])
	return len(records)


def rebuild(log: bool = True) -> None:
	"""Scheduler, daily (and install, patch, with `log` off): every day counted anew; buckets found wrong
	are logged."""
	with _counting_lock(wait=600) as held:
		if not held:
			frappe.log_error(title=_("Agreement Compliance: the daily recount found the counting lock held"))
			return
		corrected = count_all()
		frappe.db.commit()
	if corrected and log:
		frappe.log_error(
			title=_("Agreement Compliance: {0} day counts were wrong and were counted anew").format(
				corrected
			),
			message=_(
				"Tickets were written without the document API (SQL, a bulk insert or a script), or the counts "
				"themselves were. The counts now follow the tickets again."
			),
		)


def count_all() -> int:
	"""Every bucket counted anew from the tickets. Returns how many were wrong, leaving out the days that
	were recorded for a recount (those were waiting, not wrong). The caller holds the lock and commits."""
	records = frappe.db.sql(f"select `name`, `day` from `tab{RECOUNT}`")
	counted = _count("t.`opening_date` is not null", {})
	stored = _stored("1 = 1", {})
	waiting = {day for _name, day in records}
	stale, fresh = day_totals.changes(stored, counted)
	wrong = {
		name for name in (*stale, *fresh) if (stored.get(name) or counted.get(name))["day"] not in waiting
	}
	_write(stored, counted)
	_remove_records([name for name, _day in records])
	return len(wrong)


def _count(where: str, values: dict) -> dict[str, dict]:
	"""Buckets counted from the tickets that match `where`, keyed by name."""
	rows = frappe.db.sql(
		f"""select t.`opening_date` as day, ifnull(t.`urgency`, '') as urgency,
			ifnull(t.`request_channel`, '') as request_channel, {not_covered_sql()} as not_covered,
			{counts_sql()}
		from `tabHD Ticket` t where {where}
		group by t.`opening_date`, ifnull(t.`urgency`, ''), ifnull(t.`request_channel`, ''), {not_covered_sql()}""",
		{**values, "not_covered": NOT_COVERED},
		as_dict=True,
	)
	return {
		day_totals.bucket_name(row.day, row.urgency, row.request_channel, row.not_covered): row
		for row in rows
	}


def _stored(where: str, values: dict) -> dict[str, dict]:
	fields = ", ".join(
		f"`{field}`" for field in ("name", *day_totals.BUCKET_FIELDS, *day_totals.COUNT_FIELDS)
	)
	return {
		row.name: row
		for row in frappe.db.sql(f"select {fields} from `tab{DAY}` where {where}", values, as_dict=True)
	}


def _write(stored: dict, counted: dict) -> None:
	stale, fresh = day_totals.changes(stored, counted)
	for chunk in _chunks(stale):
		frappe.db.sql(f"delete from `tab{DAY}` where `name` in %(names)s", {"names": tuple(chunk)})
	if fresh:
		now = now_datetime()
		fields = (*day_totals.BUCKET_FIELDS, *day_totals.COUNT_FIELDS)
		frappe.db.bulk_insert(
			DAY,
			["name", "creation", "modified", "owner", "modified_by", *fields],
			[
				(
					name,
					now,
					now,
					"Administrator",
					"Administrator",
					*(counted[name][f] for f in day_totals.BUCKET_FIELDS),
					*(counted[name][f] or 0 for f in day_totals.COUNT_FIELDS),
				)
				for name in fresh
			],
		)


def _remove_records(names: list[str]) -> None:
	for chunk in _chunks(names):
		frappe.db.sql(f"delete from `tab{RECOUNT}` where `name` in %(names)s", {"names": tuple(chunk)})


def _chunks(items: list, size: int = 10_000):
	for start in range(0, len(items), size):
		yield items[start : start + size]


@contextmanager
def _counting_lock(wait: int):
	"""The site's counting lock (a MariaDB named lock: it holds across workers and machines)."""
	name = f"after_sales_compliance_days:{frappe.conf.db_name}"
	held = frappe.db.sql("select get_lock(%s, %s)", (name, wait))[0][0] == 1
	try:
		if held:
			frappe.db.commit()  # what is counted is read in a snapshot begun after the lock was taken
		yield held
	finally:
		if held:
			frappe.db.sql("select release_lock(%s)", (name,))


# Reading, for the report
# -----------------------

# Filters the buckets do not hold: with one of these the report counts its (few) tickets instead
TICKET_FILTERS = ("customer", "service_contract", "product", "service_centre")


def counts_period(filters) -> bool:
	"""Whether the buckets can give the report's counts: no filter they do not hold."""
	return not any(filters.get(key) for key in TICKET_FILTERS)


def period(filters, urgencies: list[str]) -> tuple[list[dict], list, bool]:
	"""The stored counts of the period's buckets per urgency and coverage, leaving out the days still to
	recount; those days; and whether the tickets without an opening day are in the period (it has no bound:
	they are in no bucket). The report counts the last two from the tickets, in the same snapshot."""
	values = {"urgencies": tuple(urgencies)}
	bounds = []
	for key, op in (("from_date", ">="), ("to_date", "<=")):
		if filters.get(key):
			bounds.append(f"`day` {op} %({key})s")
			values[key] = getdate(filters[key])
	waiting = frappe.db.sql_list(
		f"select distinct `day` from `tab{RECOUNT}` where {' and '.join(bounds) or '1 = 1'}", values
	)
	clauses = ["d.`urgency` in %(urgencies)s", *(f"d.{bound}" for bound in bounds)]
	for key in ("urgency", "request_channel"):
		if filters.get(key):
			clauses.append(f"d.`{key}` = %({key})s")
			values[key] = filters[key]
	if waiting:
		clauses.append("d.`day` not in %(waiting)s")
		values["waiting"] = tuple(waiting)
	sums = ", ".join(f"sum(d.`{field}`) as `{field}`" for field in day_totals.COUNT_FIELDS)
	rows = frappe.db.sql(
		f"""select d.`urgency` as urgency, d.`not_covered` as not_covered, {sums}
		from `tab{DAY}` d where {" and ".join(clauses)} group by d.`urgency`, d.`not_covered`""",
		values,
		as_dict=True,
	)
	return rows, waiting, not bounds


def count_tickets(where: str, values: dict, index_hint: str = "") -> list[dict]:
	"""The counts of the tickets matching `where`, per urgency and coverage."""
	return frappe.db.sql(
		f"""select t.`urgency` as urgency, {not_covered_sql()} as not_covered, {counts_sql()}
		from `tabHD Ticket` t {index_hint} where {where} group by t.`urgency`, {not_covered_sql()}""",
		{**values, "not_covered": NOT_COVERED},
		as_dict=True,
	)
