"""Cost of after_sales's HD Ticket hooks on insert, against Helpdesk alone, measured in the same run.

Run on a bench whose site has helpdesk and after_sales installed (nothing is kept: the run rolls back):

    cd ~/frappe-bench/sites && ../env/bin/python ../apps/after_sales/benchmarks/bench_ticket_insert.py helpdesk.test

It inserts the same tickets (default 500 each way) with the app's hooks switched off (Helpdesk alone) and on,
ticket by ticket (each ticket both ways, which goes first alternating), so both see the same database state
and the same load, in 10 rounds. It prints each round's time ratio and their median (target <= 1.05x: the
median, because other processes on the machine disturb single rounds), and the SQL queries run inside the
app's own HD Ticket handlers, every one of them (target <= 3 per insert). Mail leaves the save path (a job after commit), so it is not counted here, as Helpdesk's own mail
is not. The load average is printed with the figures: compare ratios, not seconds, between runs.
"""

import os
import statistics
import sys
import time

import frappe
from _site import QueryCounter, rolled_back_site

ROUNDS = 10
TARGET_RATIO, TARGET_QUERIES = 1.05, 3


def main(site: str, count: int = 500) -> int:
	with rolled_back_site(site):
		return run(count)


def prepare() -> list[str]:
	"""Ten customers with a contact each, half of them with an active contract."""
	from frappe.utils import add_days, today

	from after_sales import service_terms
	from after_sales.integrations import helpdesk

	product = "_Bench Product"
	if not frappe.db.exists("Software Product", product):
		frappe.get_doc({"doctype": "Software Product", "product_name": product}).insert()
	emails = []
	for i in range(10):
		customer = f"_Bench Customer {i}"
		if not frappe.db.exists("HD Customer", customer):
			frappe.get_doc({"doctype": "HD Customer", "customer_name": customer}).insert()
		email = f"bench.{i}@example.com"
		helpdesk.ensure_contact(email, (customer,), f"Bench {i}")
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
		# signed long ago, as a customer's contract nearly always is: no fresh change mark stops caching it
		frappe.cache.delete(service_terms.contracts_cache_key(customer))
		emails.append(email)
	return emails


class HookQueries:
	"""Counts the queries run inside after_sales's own HD Ticket handlers (all of those hooks.py names)."""

	def __init__(self, counter: QueryCounter):
		self.counter = counter
		self.count = 0
		self.originals = {}

	def __enter__(self):
		from after_sales.overrides import hd_ticket

		for name in hd_ticket.handler_names():
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


SUBJECTS = ("System crash after upgrade", "Report totals look wrong", "How do I export?", "数据丢失")


def insert_ticket(emails: list[str], i: int, hooks_on: bool) -> tuple[float, int, int]:
	"""Insert ticket `i` (the same subject and sender whatever `hooks_on`): seconds, queries, queries in hooks."""
	frappe.flags.after_sales_disabled = not hooks_on
	try:
		with QueryCounter() as counter, HookQueries(counter) as in_hooks:
			started = time.perf_counter()
			frappe.get_doc(
				{
					"doctype": "HD Ticket",
					"subject": SUBJECTS[i % len(SUBJECTS)],
					"description": "<p>benchmark</p>",
					"raised_by": emails[i % len(emails)],
				}
			).insert(ignore_permissions=True)
			elapsed = time.perf_counter() - started
	finally:
		frappe.flags.after_sales_disabled = False
	return elapsed, counter.count, in_hooks.count


def run_round(emails: list[str], count: int) -> dict[bool, list[float]]:
	"""`count` tickets each way, ticket by ticket, so that both ways run under the same load: each ticket is
	inserted with the hooks off and on, which of the two goes first alternating."""
	totals = {False: [0.0, 0, 0], True: [0.0, 0, 0]}
	for i in range(count):
		for hooks_on in (False, True) if i % 2 == 0 else (True, False):
			for k, value in enumerate(insert_ticket(emails, i, hooks_on)):
				totals[hooks_on][k] += value
	return totals


def run(count: int) -> int:
	emails = prepare()
	run_round(emails, 20)  # warm caches for both paths
	per_round = max(count // ROUNDS, 1)
	load_before = os.getloadavg()
	rounds = [run_round(emails, per_round) for _round in range(ROUNDS)]
	load_after = os.getloadavg()
	total = per_round * ROUNDS
	off_times, on_times = [r[False][0] for r in rounds], [r[True][0] for r in rounds]
	off, on = sum(off_times), sum(on_times)
	off_queries, on_queries = sum(r[False][1] for r in rounds), sum(r[True][1] for r in rounds)
	hook_queries = sum(r[True][2] for r in rounds)
	ratios = [a / b for a, b in zip(on_times, off_times, strict=True)]
	print(f"HD Ticket inserts: {total} with after_sales hooks off (Helpdesk alone), {total} with them on")
	print(f"  load average (1, 5, 15 min): before {_load(load_before)}, after {_load(load_after)}")
	print(
		f"  hooks off: {off:.2f} s  ({1000 * off / total:.2f} ms/ticket, {off_queries / total:.1f} queries/ticket)"
	)
	print(
		f"  hooks on : {on:.2f} s  ({1000 * on / total:.2f} ms/ticket, {on_queries / total:.1f} queries/ticket)"
	)
	print(
		f"  per-round ratios on/off ({per_round} tickets each way): {', '.join(f'{r:.3f}' for r in ratios)}"
	)
	print(
		f"  ratio on/off, median of {ROUNDS} rounds: {statistics.median(ratios):.3f}x "
		f"(target <= {TARGET_RATIO:.2f}x)"
	)
	print(f"  ratio on/off, all rounds' total time: {on / off:.3f}x")
	print(
		f"  queries run inside after_sales's hooks per insert: {hook_queries / total:.2f} "
		f"(target <= {TARGET_QUERIES})"
	)
	print(f"  net change in queries per insert, whole save: {(on_queries - off_queries) / total:+.2f}")
	return 0


def _load(averages: tuple[float, float, float]) -> str:
	return " ".join(f"{a:.2f}" for a in averages)


if __name__ == "__main__":
	sys.exit(
		main(
			sys.argv[1] if len(sys.argv) > 1 else "helpdesk.test",
			int(sys.argv[2]) if len(sys.argv) > 2 else 500,
		)
	)
