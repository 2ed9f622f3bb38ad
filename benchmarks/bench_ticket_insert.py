"""Cost of after_sales's HD Ticket hooks on insert, against Helpdesk alone, measured in the same run.

Run on a bench whose site has helpdesk and after_sales installed (nothing is kept: the run rolls back):

    cd ~/frappe-bench/sites && ../env/bin/python ../apps/after_sales/benchmarks/bench_ticket_insert.py helpdesk.test

It inserts the same N tickets (default 500) with the app's hooks switched off (Helpdesk alone) and on,
alternating in rounds so both see the same database state, and prints the time ratio (target <= 1.15x)
and the SQL queries the hooks add per insert (target <= 6). Mail leaves the save path (a job after
commit), so it is not counted here, as Helpdesk's own mail is not.
"""

import statistics
import sys
import time

import frappe
from _site import QueryCounter, rolled_back_site

ROUNDS = 5


def main(site: str, count: int = 500) -> int:
	with rolled_back_site(site):
		return run(count)


def prepare() -> list[str]:
	"""Ten customers with a contact each, half of them with an active contract."""
	from frappe.utils import add_days, today

	product = "_Bench Product"
	if not frappe.db.exists("Software Product", product):
		frappe.get_doc({"doctype": "Software Product", "product_name": product}).insert()
	emails = []
	for i in range(10):
		customer = f"_Bench Customer {i}"
		if not frappe.db.exists("HD Customer", customer):
			frappe.get_doc({"doctype": "HD Customer", "customer_name": customer}).insert()
		email = f"bench.{i}@example.com"
		if not frappe.db.exists("Contact", {"email_id": email}):
			frappe.get_doc(
				{
					"doctype": "Contact",
					"first_name": f"Bench {i}",
					"email_ids": [{"email_id": email, "is_primary": 1}],
					"links": [{"link_doctype": "HD Customer", "link_name": customer}],
				}
			).insert()
		if i % 2 == 0 and not frappe.db.exists("Service Contract", {"customer": customer, "docstatus": 1}):
			contract = frappe.get_doc(
				{
					"doctype": "Service Contract",
					"customer": customer,
					"product": product,
					"sla_policy": "Standard After-Sales Agreement",
					"contract_start": add_days(today(), -30),
					"contract_end": add_days(today(), 700),
				}
			).insert()
			contract.submit()
		emails.append(email)
	return emails


class HookQueries:
	"""Counts the queries run inside after_sales's own HD Ticket handlers."""

	HANDLERS = ("before_validate", "before_save", "after_insert")

	def __init__(self, counter: QueryCounter):
		self.counter = counter
		self.count = 0
		self.originals = {}

	def __enter__(self):
		from after_sales.overrides import hd_ticket

		for name in self.HANDLERS:
			original = self.originals[name] = getattr(hd_ticket, name)

			def counted(doc, method=None, _original=original):
				before = self.counter.count
				try:
					return _original(doc, method)
				finally:
					self.count += self.counter.count - before

			setattr(hd_ticket, name, counted)
		return self

	def __exit__(self, *exc):
		from after_sales.overrides import hd_ticket

		for name, original in self.originals.items():
			setattr(hd_ticket, name, original)


def insert_tickets(emails: list[str], count: int, hooks_on: bool) -> tuple[float, int, int]:
	frappe.flags.after_sales_disabled = not hooks_on
	subjects = ("System crash after upgrade", "Report totals look wrong", "How do I export?", "数据丢失")
	with QueryCounter() as counter, HookQueries(counter) as in_hooks:
		started = time.perf_counter()
		for i in range(count):
			frappe.get_doc(
				{
					"doctype": "HD Ticket",
					"subject": subjects[i % len(subjects)],
					"description": "<p>benchmark</p>",
					"raised_by": emails[i % len(emails)],
				}
			).insert(ignore_permissions=True)
		elapsed = time.perf_counter() - started
	frappe.flags.after_sales_disabled = False
	return elapsed, counter.count, in_hooks.count


def run(count: int) -> int:
	emails = prepare()
	insert_tickets(emails, 20, True)  # warm caches for both paths
	insert_tickets(emails, 20, False)
	per_round = max(count // ROUNDS, 1)
	off_times, on_times, off_queries, on_queries, hook_queries = [], [], 0, 0, 0
	for _round in range(ROUNDS):
		t, q, _h = insert_tickets(emails, per_round, False)
		off_times.append(t)
		off_queries += q
		t, q, h = insert_tickets(emails, per_round, True)
		on_times.append(t)
		on_queries += q
		hook_queries += h
	total = per_round * ROUNDS
	off, on = sum(off_times), sum(on_times)
	print(f"HD Ticket inserts: {total} with after_sales hooks off (Helpdesk alone), {total} with them on")
	print(
		f"  hooks off: {off:.2f} s  ({1000 * off / total:.2f} ms/ticket, {off_queries / total:.1f} queries/ticket)"
	)
	print(
		f"  hooks on : {on:.2f} s  ({1000 * on / total:.2f} ms/ticket, {on_queries / total:.1f} queries/ticket)"
	)
	print(
		f"  ratio on/off: {on / off:.3f}x (target <= 1.15x); per-round ratios: "
		+ ", ".join(f"{a / b:.2f}" for a, b in zip(on_times, off_times, strict=True))
		+ f" (median {statistics.median(a / b for a, b in zip(on_times, off_times, strict=True)):.2f})"
	)
	print(f"  queries run inside after_sales's hooks per insert: {hook_queries / total:.1f} (target <= 6)")
	print(f"  net change in queries per insert, whole save: {(on_queries - off_queries) / total:+.1f}")
	return 0


if __name__ == "__main__":
	sys.exit(
		main(
			sys.argv[1] if len(sys.argv) > 1 else "helpdesk.test",
			int(sys.argv[2]) if len(sys.argv) > 2 else 500,
		)
	)
