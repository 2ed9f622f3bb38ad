# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Scheduled jobs without half states.

A job handles its records one at a time, and each record is a unit: all of it happens or none of it.
`per_record` runs one record's work under its own savepoint. When the work fails part-way (the mail is
queued, the stamp saying so is not written yet) both are rolled back, the failure is logged once and the
next record goes on. Mail is queued as an Email Queue row in the same transaction (`frappe.sendmail`
without `now`), so rolling back to the savepoint takes the mail back too: nothing is sent that is not
stamped, nothing is stamped that is not sent, and tomorrow's run sends it again exactly once.

In a background worker (`frappe.job` is set: the scheduler and `frappe.enqueue` run jobs that way) each
record is committed when it is done, so a crash or timeout later in the job neither loses nor resends
the records before it, and a record's row locks last only as long as that record. Elsewhere (a test,
`bench execute`, a request) the caller owns the transaction; the savepoints still keep every record whole.

Two runs at once (two workers, a rerun from Desk while the scheduler runs) must not both send:
- `claim` stamps a record in one conditional UPDATE (`... SET stamp = now WHERE name = ? AND stamp IS
  NULL`). The database lets one run change the row; the other waits on its row lock, then finds the
  stamp set and changes nothing. It reads the latest committed row, not the run's snapshot.
- `lock` takes a row lock (`SELECT ... FOR UPDATE`) on a row standing for a piece of work that has no
  stamp of its own (a customer's monthly report before it exists). The second run waits until the
  first one commits.
Both locks end with the transaction, so a crashed run leaves nothing to clean up. Each record starts a
fresh transaction in a worker, so what a run reads after taking a lock is what the other run committed.
A deadlock or lock wait timeout is not the record's fault: in a worker the job is retried
(`frappe.RetryBackgroundJobError`; done records are committed and claimed, so a retry skips them).

Nothing inside a record may commit (a commit ends the savepoint and the locks with it). Frappe's print
view does, outside tests: `service_reports._print_view` keeps it from doing so. Mail to more than 100
recipients (or `queue_separately`) is queued by a separate job, outside the transaction; no job here
sends such mail.
"""

from collections.abc import Callable

import frappe
from frappe.utils import now_datetime


def in_worker() -> bool:
	"""Whether this runs as a background job (Frappe's `execute_job` sets `frappe.job`) outside a test
	(a test's transaction is rolled back when it ends: committing would keep its records)."""
	return bool(getattr(frappe.local, "job", None)) and not frappe.flags.in_test


def per_record(
	work: Callable[[], object],
	*,
	title: str,
	on_failure: Callable[[Exception], None] | None = None,
	reference: tuple[str, str] | None = None,
) -> bool:
	"""Run `work()` as one record: all or nothing. On an error its changes (queued mail included) are
	rolled back, the error is logged under `title` and `on_failure(error)` runs (after the rollback, so
	what it writes stays). Returns whether the work succeeded."""
	# only the outermost record commits: a record inside a record (the monthly report's sending, inside
	# its customer's run) is undone alone but committed with the one around it
	depth = frappe.flags.after_sales_record_depth or 0
	commit = in_worker() and not depth
	if commit:
		frappe.db.commit()  # a fresh transaction: reads after a lock see what the other run committed
	save_point = f"after_sales_{frappe.generate_hash(length=10)}"
	frappe.db.savepoint(save_point)
	frappe.flags.after_sales_record_depth = depth + 1
	try:
		work()
	except (frappe.QueryDeadlockError, frappe.QueryTimeoutError) as error:
		# a deadlock has already rolled back the whole transaction: the savepoint is gone
		if commit:
			raise frappe.RetryBackgroundJobError(str(error)) from error
		raise
	except Exception as error:
		frappe.db.rollback(save_point=save_point)
		doctype, name = reference or (None, None)
		frappe.log_error(title=title, reference_doctype=doctype, reference_name=name)
		if on_failure:
			on_failure(error)
		ok = False
	else:
		frappe.db.release_savepoint(save_point)
		ok = True
	finally:
		frappe.flags.after_sales_record_depth = depth
	if commit:
		frappe.db.commit()
	return ok


def claim(doctype: str, name: str, stamp_field: str, **conditions) -> bool:
	"""Stamp `stamp_field` of one record with now, only if it is not stamped yet (and `conditions`, field
	= value, hold). True if this run stamped it and so owns the record's work; False if another run did.
	Inside `per_record` a failure rolls the stamp back with the work. `modified` is left as it was."""
	table = frappe.qb.DocType(doctype)
	condition = (table.name == name) & table[stamp_field].isnull()
	for field, value in conditions.items():
		condition &= table[field] == value
	frappe.qb.update(table).set(table[stamp_field], now_datetime()).where(condition).run()
	claimed = frappe.db._cursor.rowcount == 1  # rows changed (DB-API 2.0 rowcount)
	if claimed:
		frappe.clear_document_cache(doctype, name)
	return claimed


def lock(doctype: str, name: str) -> bool:
	"""Hold a row lock on one record until the transaction ends; a second run waits here. False if the
	record does not exist (nothing was locked)."""
	return bool(frappe.db.get_value(doctype, name, "name", for_update=True))


STANDARD_COLUMNS = ("creation", "modified", "owner", "modified_by", "docstatus")


def insert_rows(
	doctype: str, rows: list[dict], now=None, ignore_duplicates: bool = False, chunk_size: int = 1000
):
	"""Many rows of `doctype` in bulk statements, each with the columns every Frappe row has (a random name
	unless given, created and modified now, by the session's user, docstatus 0). For doctypes whose insert
	hooks would do nothing for these rows: the callers say why."""
	if not rows:
		return
	now, user = now or now_datetime(), frappe.session.user
	fields = sorted({key for row in rows for key in row} | {"name"})
	frappe.db.bulk_insert(
		doctype,
		[*fields, *STANDARD_COLUMNS],
		[
			(
				*(
					row.get(f) if f != "name" else row.get("name") or frappe.generate_hash(length=10)
					for f in fields
				),
				now,
				now,
				user,
				user,
				0,
			)
			for row in rows
		],
		ignore_duplicates=ignore_duplicates,
		chunk_size=chunk_size,
	)
