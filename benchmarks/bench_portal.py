"""Customer portal pages on a busy customer, against Frappe's own /me page rendered in the same run.

Run on a bench whose site has helpdesk and after_sales installed (nothing is kept: the run rolls back):

    cd ~/frappe-bench/sites && ../env/bin/python ../apps/after_sales/benchmarks/bench_portal.py helpdesk.test

Gives one customer 2,000 tickets, 50 published releases and 200 training sessions (bulk inserts), then
renders each portal page 30 times as its contact and prints p50/p95 (target p95 < 150 ms), the ratio to
Frappe's /me page, and each page's query count with 10% and with 100% of the rows, to show it does
not grow with the data.
"""

import statistics
import sys
import time
from datetime import timedelta

import frappe
from _site import QueryCounter, rolled_back_site
from frappe.utils import add_days, now_datetime, today

# the app's own pages (a customer's tickets are Helpdesk's portal pages)
PAGES = ("my-service", "my-updates", "my-training", "my-follow-ups")


def main(site: str) -> int:
	with rolled_back_site(site):
		return run()


def fill(
	customer: str, product: str, email: str, tickets: int, releases: int, sessions: int, offset: int = 0
):
	now = now_datetime()
	ticket_fields = [
		"name",
		"subject",
		"status",
		"status_category",
		"customer",
		"raised_by",
		"urgency",
		"service_step",
		"opening_date",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"response_by",
		"resolution_by",
		"acknowledge_by",
	]
	frappe.db.bulk_insert(
		"HD Ticket",
		ticket_fields,
		[
			(
				f"PB-{offset + i:07d}",
				f"Portal bench {i}",
				"Open",
				"Open",
				customer,
				email,
				"General fault",
				"Acknowledged",
				now.date(),
				now - timedelta(minutes=i),
				now,
				"Administrator",
				"Administrator",
				now + timedelta(hours=1),
				now + timedelta(hours=4),
				now + timedelta(minutes=15),
			)
			for i in range(tickets)
		],
		chunk_size=1000,
	)
	frappe.db.bulk_insert(
		"Update Release",
		[
			"name",
			"product",
			"version",
			"version_key",
			"release_type",
			"release_date",
			"status",
			"title",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"naming_series",
		],
		[
			(
				f"PB-UR-{offset + i}",
				product,
				f"{offset + i}.0",
				f"{offset + i:09d}",
				"Bug fix",
				today(),
				"Published",
				f"{product} {offset + i}.0",
				now,
				now,
				"Administrator",
				"Administrator",
				"UR-.YYYY.-",
			)
			for i in range(releases)
		],
	)
	frappe.db.bulk_insert(
		"Update Release Delivery",
		["name", "parent", "parenttype", "parentfield", "customer", "status", "idx", "creation", "modified"],
		[
			(
				f"PB-D-{offset + i}",
				f"PB-UR-{offset + i}",
				"Update Release",
				"deliveries",
				customer,
				"Notified",
				1,
				now,
				now,
			)
			for i in range(releases)
		],
	)
	frappe.db.bulk_insert(
		"Training Session",
		[
			"name",
			"title",
			"customer",
			"mode",
			"trainer",
			"starts_on",
			"ends_on",
			"status",
			"capacity",
			"meeting_link",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"naming_series",
		],
		[
			(
				f"PB-TS-{offset + i}",
				f"Bench session {i}",
				customer,
				"Online",
				"Administrator",
				now + timedelta(days=i - 100),
				now + timedelta(days=i - 100, hours=1),
				"Planned" if i >= 100 else "Completed",
				20,
				"https://meet.example.com/bench",
				now,
				now,
				"Administrator",
				"Administrator",
				"TS-.YYYY.-",
			)
			for i in range(sessions)
		],
	)
	frappe.db.bulk_insert(
		"Training Attendee",
		["name", "parent", "parenttype", "parentfield", "email", "idx", "creation", "modified"],
		[
			(
				f"PB-TA-{offset + i}",
				f"PB-TS-{offset + i}",
				"Training Session",
				"attendees",
				email,
				1,
				now,
				now,
			)
			for i in range(sessions)
		],
	)


def render(route: str) -> tuple[float, int]:
	from frappe.website.serve import get_response_content

	frappe.local.request = frappe._dict(
		path=f"/{route}",
		method="GET",
		headers={},
		cookies={},
		args={},
		url=f"http://127.0.0.1/{route}",
		host="127.0.0.1",
		scheme="http",
	)
	with QueryCounter() as counter:
		started = time.perf_counter()
		html = get_response_content(route)
		elapsed = time.perf_counter() - started
	if "Traceback" in html:
		raise RuntimeError(f"/{route} failed to render")
	return elapsed, counter.count


def timings(route: str, runs: int = 30) -> list[float]:
	render(route)  # warm caches
	return sorted(render(route)[0] for _ in range(runs))


def run() -> int:
	from after_sales.integrations import helpdesk

	frappe.set_user("Administrator")
	suffix = frappe.generate_hash(length=5)
	product = (
		frappe.get_doc({"doctype": "Software Product", "product_name": f"Portal Bench {suffix}"})
		.insert()
		.name
	)
	customer = (
		frappe.get_doc({"doctype": "HD Customer", "customer_name": f"Portal Bench {suffix}"}).insert().name
	)
	email = f"portal.bench.{suffix}@example.com"
	helpdesk.make_portal_user(email, (customer,), "Bench")
	contract = frappe.get_doc(
		{
			"doctype": "Service Contract",
			"customer": customer,
			"product": product,
			"sla_policy": "Standard After-Sales Agreement",
			"contract_start": add_days(today(), -10),
			"contract_end": add_days(today(), 700),
		}
	).insert()
	contract.submit()

	fill(customer, product, email, tickets=200, releases=5, sessions=20)
	frappe.set_user(email)
	for route in PAGES:
		render(route)  # warm caches, so both counts below are of warm renders
	small = {route: render(route)[1] for route in PAGES}
	frappe.set_user("Administrator")
	fill(customer, product, email, tickets=1800, releases=45, sessions=180, offset=10_000)
	frappe.set_user(email)
	print("One customer with 2,000 tickets, 50 releases and 200 sessions; 30 renders per page as its contact")
	baseline = timings("me")
	base_p95 = baseline[int(0.95 * len(baseline)) - 1]
	print(
		f"  {'/me (Frappe, baseline)':28} p50 {1000 * statistics.median(baseline):6.1f} ms  p95 {1000 * base_p95:6.1f} ms"
	)
	worst = 0.0
	for route in PAGES:
		times = timings(route)
		p95 = times[int(0.95 * len(times)) - 1]
		worst = max(worst, p95)
		queries = render(route)[1]
		print(
			f"  /{route:27} p50 {1000 * statistics.median(times):6.1f} ms  p95 {1000 * p95:6.1f} ms  "
			f"x{p95 / base_p95:4.1f} of /me  queries {small[route]} (10% of rows) -> {queries} (all rows)"
		)
	print(f"  slowest p95: {1000 * worst:.1f} ms (target < 150 ms)")
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "helpdesk.test"))
