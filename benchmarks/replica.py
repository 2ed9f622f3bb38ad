"""The reports, number cards and charts on a MariaDB replica: a second server on 127.0.0.1, started here
from Debian's packages, that the site is pointed at (Frappe's `read_from_replica`, `replica_host`,
`replica_db_port`); what each server was sent is counted on the servers themselves.

    cd ~/frappe-bench/sites && ../env/bin/python ../apps/after_sales/benchmarks/replica.py reports.test [count]

1. N synthetic tickets (default 20,000; bench_compliance's, named CR-) are committed on the primary;
2. a second mariadbd (its own data directory under /tmp, port 3307, its own socket, server-id 2,
   read_only) is loaded from a consistent dump of the site's database. When the primary writes a binary
   log, the replica then replicates it (GTID position from the dump), and a write on the primary after
   the dump is shown to reach it. Debian's default server writes none (log_bin OFF; a `[mysqld]` file with
   `log_bin`, `server_id = 1`, `binlog_format = ROW` in /etc/mysql/mariadb.conf.d/ and a restart turn it
   on); the replica is then the dump's snapshot, taken after the tickets were written, not kept in step;
3. the site's config gets the replica, as `bench set-config` writes it;
4. each report, card and chart runs once; the replica's `Com_*` counters (the server is this script's
   alone) and the primary's counters for this process's own connection (shared server: session status)
   are read before and after, with Frappe's own query counts per connection beside them;
5. the site's config, the replica server and its files, and the synthetic tickets are removed again, even
   when a step fails or the run is interrupted.

Exits 1 if a query of theirs reached the primary, none reached the replica, or one wrote on it.
"""

import getpass
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress

import bench_compliance
import frappe
from _site import committed_site
from frappe.installer import update_site_config

PORT = 3307
PREFIX = "CR-"  # the synthetic tickets' names: bench_compliance's own (CB-) may be there at the same time
HOST = "127.0.0.1"
WRITES = ("Com_insert", "Com_insert_select", "Com_update", "Com_update_multi", "Com_delete",
	"Com_delete_multi", "Com_replace", "Com_replace_select", "Com_create_table", "Com_alter_table",
	"Com_drop_table", "Com_truncate")  # fmt: skip
READS = ("Com_select",)
SETTINGS = {"read_from_replica": 1, "replica_host": HOST, "replica_db_port": PORT}


def main(site: str, count: int) -> int:
	signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the clean-ups below
	with committed_site(site, lambda: bench_compliance.cleanup(PREFIX)):
		bench_compliance.cleanup(PREFIX)
		bench_compliance.fill(count, PREFIX)
		frappe.db.commit()
		print(f"{count:,} synthetic tickets committed on the primary")
		with replica_server() as server, replica_config(site):
			return measure(server)


class Server:
	"""The replica: a mariadbd of its own, reached on its socket as root (no password: the socket is in a
	directory only this user can enter)."""

	def __init__(self, base: str):
		self.base, self.data, self.socket = (
			base,
			os.path.join(base, "data"),
			os.path.join(base, "mysqld.sock"),
		)
		self.process = None

	def client(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
		return subprocess.run(
			["mariadb", "--no-defaults", f"--socket={self.socket}", "-uroot", *args],
			check=True,
			text=True,
			capture_output=True,
			**kwargs,
		)

	def query(self, sql: str) -> list[list[str]]:
		out = self.client("--batch", "--skip-column-names", "-e", sql).stdout
		return [line.split("\t") for line in out.splitlines()]

	def status(self, names) -> dict[str, int]:
		rows = self.query("show global status like 'Com\\_%'")
		return {name: int(value) for name, value in rows if name in names}


@contextmanager
def replica_server():
	base = tempfile.mkdtemp(prefix="after_sales-replica-")
	server = Server(base)
	try:
		subprocess.run(
			["mariadb-install-db", "--no-defaults", f"--datadir={server.data}", "--skip-test-db",
			 "--auth-root-authentication-method=normal", f"--user={getpass.getuser()}"],
			check=True, capture_output=True,
		)  # fmt: skip
		server.process = subprocess.Popen(
			["/usr/sbin/mariadbd", "--no-defaults", f"--datadir={server.data}", f"--socket={server.socket}",
			 f"--port={PORT}", f"--bind-address={HOST}", "--server-id=2", "--read-only",
			 f"--pid-file={base}/mysqld.pid", f"--log-error={base}/error.log", "--skip-log-bin",
			 "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
			 "--character-set-client-handshake=FALSE", "--innodb-buffer-pool-size=128M"],
			stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
		)  # fmt: skip
		_wait_for(server)
		print(f"replica: mariadbd on {HOST}:{PORT}, server-id 2, read_only, data in {server.data}")
		load(server)
		yield server
	finally:
		if server.process:
			server.process.terminate()
			with suppress(subprocess.TimeoutExpired):
				server.process.wait(timeout=60)
			if server.process.poll() is None:
				server.process.kill()
		shutil.rmtree(base, ignore_errors=True)
		print("replica stopped and removed")


def _wait_for(server: Server) -> None:
	for _ in range(120):
		if server.process.poll() is not None:
			raise RuntimeError(
				f"replica did not start: {open(os.path.join(server.base, 'error.log')).read()}"
			)
		with suppress(subprocess.CalledProcessError):
			server.query("select 1")
			return
		time.sleep(0.5)
	raise RuntimeError("replica did not answer within 60 s")


def load(server: Server) -> None:
	"""The site's database and user on the replica, from a consistent dump; then replication from the
	primary's binary log if it writes one."""
	conf = frappe.local.conf
	db, password = conf.db_name, conf.db_password
	primary = [f"--host={conf.db_host or HOST}", f"--port={conf.db_port or 3306}"]
	root_password = frappe.get_conf().get("root_password") or conf.get("root_password")
	log_bin = frappe.db.sql("select @@log_bin")[0][0]
	replicating = bool(log_bin) and root_password
	account = ["-uroot", f"-p{root_password}"] if replicating else [f"-u{db}", f"-p{password}"]
	started = time.perf_counter()
	server.query(f"create database `{db}` character set utf8mb4 collate utf8mb4_unicode_ci")
	for host in ("localhost", HOST):
		server.query(f"create user '{db}'@'{host}' identified by '{password}'")
		server.query(f"grant all privileges on `{db}`.* to '{db}'@'{host}'")  # read_only refuses writes
	dump = subprocess.Popen(
		["mariadb-dump", "--no-defaults", *primary, *account, "--single-transaction", "--quick",
		 *(["--gtid", "--master-data=1"] if replicating else []), db],
		stdout=subprocess.PIPE,
	)  # fmt: skip
	server.client(db, stdin=dump.stdout)
	if dump.wait():
		raise RuntimeError("mariadb-dump failed")
	print(f"replica loaded from a dump of {db} in {time.perf_counter() - started:.0f} s")
	if replicating:  # not taken on Debian's default server (log_bin OFF)
		server.query(
			f"set global replicate_wild_do_table = '{db}.%'; "
			f"change master to master_host = '{conf.db_host or HOST}', master_port = {conf.db_port or 3306}, "
			f"master_user = 'root', master_password = '{root_password}', master_use_gtid = slave_pos; "
			"start slave"
		)
		print("replica: replicating the primary's binary log from the dump's GTID position")
		_prove_replication(server, db)
	else:
		print(
			"primary writes no binary log (log_bin OFF; turning it on restarts the shared server): the replica"
			" is the dump's snapshot, not kept in step"
		)


def _prove_replication(server: Server, db: str) -> None:
	"""A write on the primary after the dump arrives on the replica: it is kept in step, not a snapshot."""
	name = frappe.db.get_value("HD Ticket", {"name": ("like", f"{PREFIX}%")}, "name")
	marker = f"replicated {time.time():.0f}"
	frappe.db.set_value("HD Ticket", name, "subject", marker, update_modified=False)
	frappe.db.commit()
	for _ in range(100):
		rows = server.query(
			f"select subject from `{db}`.`tabHD Ticket` where name = '{name}'"
		)  # our own name
		if rows and rows[0][0] == marker:
			print(f"replica: a write on the primary after the dump reached it ({name}: {marker!r})")
			return
		time.sleep(0.1)
	raise RuntimeError("the primary's write did not reach the replica in 10 s: replication is not running")


@contextmanager
def replica_config(site: str):
	"""The site's config with the replica (site_config.json, as `bench set-config` writes it), then without."""
	try:
		for key, value in SETTINGS.items():
			update_site_config(key, value)
		frappe.local.conf.update(SETTINGS)
		print(f"site config of {site}: " + ", ".join(f"{k} = {v}" for k, v in SETTINGS.items()))
		yield
	finally:
		for key in SETTINGS:
			update_site_config(key, "None")  # Frappe's way of removing a key
			frappe.local.conf.pop(key, None)
		print(f"site config of {site}: replica settings removed")


def entry_points() -> list[tuple[str, callable]]:
	from after_sales import dashboard, replica
	from after_sales.after_sales.dashboard_chart_source.agreement_compliance_by_week import (
		agreement_compliance_by_week as weekly,
	)

	year = {"from_date": "2025-01-01", "to_date": "2025-12-31"}
	reports = {
		"Agreement Compliance": year,
		"Service Volume and Satisfaction": {**year, "group_by": "month"},
		"Contract Overview": {},
		"Release Adoption": {},
		"Release Reach": {},
		"Training Summary": {"group_by": "customer"},
	}
	calls = [(f"report {name}", lambda n=name, f=f: replica.run(n, filters=f)) for name, f in reports.items()]
	cards = ("tickets_at_risk", "breached_today", "acknowledged_in_time_this_month", "satisfaction_30_days",
		"contracts_expiring", "latest_release_reach")  # fmt: skip
	calls += [(f"number card {name}", getattr(dashboard, name)) for name in cards]
	calls += [
		("chart Compliance by Week", weekly.get),
		("chart Volume by Channel", lambda: replica.chart(chart_name="Volume by Channel", refresh=1)),
	]
	return calls


class Sent:
	"""Frappe's count of the statements a connection was sent (its `sql`, wrapped on the instance)."""

	def __init__(self):
		self.count, self.statements = 0, set()

	def watch(self, db):
		sql = db.sql

		def counting(query, *args, **kwargs):
			self.count += 1
			self.statements.add(" ".join(str(query).split())[:40])
			return sql(query, *args, **kwargs)

		db.sql = counting
		return db


def measure(server: Server) -> int:
	from frappe.database import get_db

	primary_db = frappe.local.db
	print(f"load: {_loadavg()}")
	figures = {"primary": _compliance()}  # read before the replica is in use: the reference figures
	failures = 0
	for label, call in entry_points():
		on_primary, on_replica = Sent(), Sent()
		before = _session_status(primary_db), server.status(READS + WRITES)
		on_primary.watch(primary_db)
		with _patched(frappe.database, "get_db", lambda **kw: on_replica.watch(get_db(**kw))):
			try:
				result = call()
			finally:
				del primary_db.sql  # the class's own again
		primary_after, replica_after = _session_status(primary_db), server.status(READS + WRITES)
		primary_reads = _delta(before[0], primary_after, READS)
		primary_writes = _delta(before[0], primary_after, WRITES)
		replica_reads = _delta(before[1], replica_after, READS)
		replica_writes = _delta(before[1], replica_after, WRITES)
		ok = replica_reads > 0 and not primary_reads and not primary_writes and not replica_writes
		failures += not ok
		print(
			f"  {label}: replica {replica_reads} selects, {replica_writes} writes "
			f"(Frappe: {on_replica.count} statements); primary {primary_reads} selects, {primary_writes} writes "
			f"(Frappe: {on_primary.count} statements{': ' if on_primary.count else ''}"
			f"{', '.join(sorted(on_primary.statements))}) {'ok' if ok else 'FAILED'}"
		)
		if label == "report Agreement Compliance":
			figures["replica"] = result["result"]
	same = _comparable(figures["primary"]) == _comparable(figures["replica"])
	failures += not same
	print(f"  Agreement Compliance over one year: the same figures on both servers: {same}")
	print(f"load: {_loadavg()}")
	print(
		"all reads on the replica, none on the primary, no writes" if not failures else f"{failures} FAILED"
	)
	return 1 if failures else 0


def _compliance():
	"""The report's rows, read on the primary (its `execute`, which no replica switch wraps)."""
	from after_sales.after_sales.report.agreement_compliance.agreement_compliance import execute

	return execute({"from_date": "2025-01-01", "to_date": "2025-12-31"})[1]


def _comparable(rows) -> list:
	return [dict(row) for row in rows if isinstance(row, dict)]


@contextmanager
def _patched(owner, name, value):
	original = getattr(owner, name)
	setattr(owner, name, value)
	try:
		yield
	finally:
		setattr(owner, name, original)


def _session_status(db) -> dict[str, int]:
	"""This connection's own counters on the primary (a shared server: its global ones count others too)."""
	rows = db.sql("show session status like 'Com\\_%%'")
	return {name: int(value) for name, value in rows if name in READS + WRITES}


def _delta(before: dict, after: dict, names) -> int:
	return sum(after.get(name, 0) - before.get(name, 0) for name in names)


def _loadavg() -> str:
	with open("/proc/loadavg") as loadavg:
		return "load average " + ", ".join(loadavg.read().split()[:3])


if __name__ == "__main__":
	sys.exit(
		main(
			sys.argv[1] if len(sys.argv) > 1 else "reports.test",
			int(sys.argv[2]) if len(sys.argv) > 2 else 20_000,
		)
	)
