# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The watchdog's alerts in the team's own messengers (issue 20): WeCom, DingTalk and Feishu group robots
(Alert Robot), beside the e-mail and Desk notifications (alert_delivery.py).

- `record`: in the watchdog's own transaction, one Alert Robot Delivery per alert and matching robot (its
  policy, service centre and kind), worded in the robot's language. `delivery_key` is unique: an alert is
  queued once per robot, whatever runs at the same moment.
- `send_due`: an RQ job queued after the commit, and the minutely run: claims due deliveries (one UPDATE
  setting a claim, so two jobs never take the same row), sends each robot at most its platform's messages a
  minute (the rest wait a minute), records Sent, or the error (without the webhook's key or the secret) and
  when to try again (agreement/robots.py: back-off, then Failed). Each message is its own try: a robot that
  fails never stops another robot, another ticket or the watchdog. A delivery left "Sending" by a process
  that died is marked Failed, not sent again: a robot may have shown it, and an alert goes out once.
"""

import frappe
from frappe import _
from frappe.utils import add_to_date, get_datetime, get_url, now_datetime

from after_sales import jobs
from after_sales.agreement import robots
from after_sales.agreement.watch import minutes_left

KIND_FIELDS = {
	"Warning": "warnings",
	"Escalation": "escalations",
	"Second-level escalation": "second_escalations",
}
SEND_AT_MOST = 500  # deliveries one job takes
TIMEOUT_SECONDS = 5
LOST_AFTER_MINUTES = 10  # a delivery "Sending" this long: its process died


def _robots() -> list:
	return frappe.get_all(
		"Alert Robot",
		filters={"enabled": 1},
		fields=[
			"name",
			"platform",
			"language",
			"sla_policy",
			"service_centre",
			"warnings",
			"escalations",
			"second_escalations",
			"digests",
		],
	)


def _matches(robot, policy: str | None, team: str | None, flag: str) -> bool:
	return bool(
		robot.get(flag)
		and (not robot.sla_policy or robot.sla_policy == policy)
		and (not robot.service_centre or robot.service_centre == team)
	)


def _site_language() -> str:
	return frappe.db.get_default("lang") or frappe.local.lang or "en"


# ---------------------------------------------------------------- queued in the watchdog's transaction


def record(alerts: list[dict], now) -> int:
	"""Deliveries for these alert log rows (name, ticket, kind label, target label, due, status); returns
	how many were queued. Skipped alerts and digest rows are not sent one by one. A failure here is logged
	and rolled back to before it: the watchdog's alerts stand without the robots'."""
	return _guarded(_record, alerts, now)


def _guarded(record_fn, *args) -> int:
	save_point = f"after_sales_robots_{frappe.generate_hash(length=8)}"
	frappe.db.savepoint(save_point)
	try:
		queued = record_fn(*args)
	except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
		raise  # the transaction is gone: the watchdog's own handling retries the run
	except Exception:
		frappe.db.rollback(save_point=save_point)
		frappe.log_error(title="After Sales: alert robot messages not recorded")
		return 0
	frappe.db.release_savepoint(save_point)
	return queued


def _record(alerts: list[dict], now) -> int:
	alerts = [row for row in alerts if row.get("status") in ("Sent", "No recipient")]
	robot_list = _robots() if alerts else []
	if not robot_list:
		return 0
	tickets = {
		t.name: t
		for t in frappe.get_all(
			"HD Ticket",
			filters={"name": ("in", list({row["ticket"] for row in alerts}))},
			fields=["name", "subject", "urgency", "sla_policy", "agent_group"],
		)
	}
	rows = []
	for alert in alerts:
		ticket = tickets.get(alert["ticket"])
		flag = KIND_FIELDS.get(alert["kind"])
		if not ticket or not flag:
			continue
		for robot in robot_list:
			if not _matches(robot, ticket.sla_policy, ticket.agent_group, flag):
				continue
			lang = robot.language or _site_language()
			title, content = alert_message(alert, ticket, now, lang)
			rows.append(_delivery(robot, f"{alert['name']}:{robot.name}", title, content, alert, ticket.name))
	jobs.insert_rows("Alert Robot Delivery", rows, now=now, ignore_duplicates=True)
	return len(rows)


def record_digest(lines: list, tickets: dict, now, key: str) -> int:
	"""One digest message per robot that takes digests, for the warnings of its policy and centre."""
	return _guarded(_record_digest, lines, tickets, now, key)


def _record_digest(lines: list, tickets: dict, now, key: str) -> int:
	robot_list = [robot for robot in _robots() if robot.digests]
	rows = []
	for robot in robot_list:
		mine = [
			line
			for line in lines
			if _matches(
				robot,
				tickets.get(line.ticket, {}).get("sla_policy"),
				tickets.get(line.ticket, {}).get("agent_group"),
				"digests",
			)
		]
		if not mine:
			continue
		lang = robot.language or _site_language()
		title, content = digest_message(mine, tickets, now, lang)
		rows.append(_delivery(robot, f"digest:{key}:{robot.name}", title, content, None, None, kind="Digest"))
	jobs.insert_rows("Alert Robot Delivery", rows, now=now, ignore_duplicates=True)
	return len(rows)


def _delivery(robot, key: str, title: str, content: str, alert, ticket, kind=None) -> dict:
	return {
		"robot": robot.name,
		"platform": robot.platform,
		"status": "Pending",
		"attempts": 0,
		"alert_log": alert["name"] if alert else None,
		"ticket": ticket,
		"kind": kind or (alert["kind"] if alert else None),
		"title": title[:200],
		"content": content,
		"delivery_key": key[:200],
	}


def queue_sending(after_commit: bool) -> None:
	"""The job that sends what is due, once the watchdog's transaction is committed."""
	frappe.enqueue(
		"after_sales.robot_delivery.send_due",
		queue="default",
		job_id="after_sales_robot_delivery",
		deduplicate=True,
		enqueue_after_commit=after_commit,
		now=frappe.flags.in_test,
	)


# ---------------------------------------------------------------- the messages


def alert_message(alert: dict, ticket, now, lang: str) -> tuple[str, str]:
	"""An alert as markdown in `lang`: the ticket's link, target, deadline and time left."""
	due = get_datetime(alert["due"])
	left = minutes_left(due, get_datetime(now))
	kind = _(alert["kind"], lang=lang)
	title = _("{0}: ticket #{1}", lang=lang).format(kind, ticket.name)
	url = get_url(f"/helpdesk/tickets/{ticket.name}")
	when = (
		_("{0} min left", lang=lang).format(left)
		if left >= 0
		else _("late by {0} min", lang=lang).format(-left)
	)
	lines = [
		f"**{_escape(title)}**",
		f"[{_escape(ticket.subject or ticket.name)}]({url})",
		f"> {_('Urgency', lang=lang)}: {_escape(_(ticket.urgency or '', lang=lang))}",
		f"> {_('Target', lang=lang)}: {_escape(_(alert['target'], lang=lang))}",
		f"> {_('Deadline', lang=lang)}: {frappe.format(due, 'Datetime')}",
		f"> {_('Time Left', lang=lang)}: {when}",
	]
	return title, "\n".join(lines)


def digest_message(lines: list, tickets: dict, now, lang: str) -> tuple[str, str]:
	title = _("{0} tickets near their deadlines", lang=lang).format(len(lines))
	body = [f"**{_escape(title)}**"]
	for line in lines[:30]:
		url = get_url(f"/helpdesk/tickets/{line.ticket}")
		left = minutes_left(line.due, get_datetime(now))
		body.append(
			f"- [#{line.ticket}]({url}) {_escape(_(line.target, lang=lang))}: "
			f"{frappe.format(line.due, 'Datetime')} ({_('{0} min left', lang=lang).format(left)})"
		)
	if len(lines) > 30:
		body.append(_("and {0} more tickets", lang=lang).format(len(lines) - 30))
	return title, "\n".join(body)


def _escape(text: str) -> str:
	"""Plain text inside markdown: what would start a link or emphasis is escaped."""
	return "".join("\\" + c if c in "[]()*_`<>#" else c for c in str(text)).replace("\n", " ")


# ---------------------------------------------------------------- sending (RQ job, and every minute)


def send_due(now=None) -> int:
	"""Send the due deliveries this job claims; returns how many were sent."""
	now = get_datetime(now or now_datetime())
	_fail_lost(now)
	claimed = _claim(now)
	if not claimed:
		return 0
	sent = 0
	by_robot: dict[str, list] = {}
	for row in claimed:
		by_robot.setdefault(row.robot, []).append(row)
	for robot_name, rows in by_robot.items():
		robot = frappe.get_doc("Alert Robot", robot_name)
		room = robots.room_this_minute(robot.platform, _sent_last_minute(robot_name, now))
		for row in rows[room:]:  # over the platform's limit: the next minute's run takes them
			_update(row.name, status="Pending", claim=None, next_attempt_at=add_to_date(now, seconds=60))
		for row in rows[:room]:
			sent += _send_one(robot, row, now)
	return sent


def _fail_lost(now) -> None:
	delivery = frappe.qb.DocType("Alert Robot Delivery")
	(
		frappe.qb.update(delivery)
		.set(delivery.status, "Failed")
		.set(delivery.last_error, "Interrupted while sending: not sent again, so that it is never sent twice")
		.where(delivery.status == "Sending")
		.where(delivery.modified < add_to_date(now, minutes=-LOST_AFTER_MINUTES))
		.run()
	)


def _claim(now) -> list:
	delivery = frappe.qb.DocType("Alert Robot Delivery")
	due = (
		frappe.qb.from_(delivery)
		.select(delivery.name)
		.where(delivery.status == "Pending")
		.where(delivery.next_attempt_at.isnull() | (delivery.next_attempt_at <= now))
		.orderby(delivery.creation)
		.limit(SEND_AT_MOST)
		.run(pluck=True)
	)
	if not due:
		return []
	token = frappe.generate_hash(length=16)
	(
		frappe.qb.update(delivery)
		.set(delivery.status, "Sending")
		.set(delivery.claim, token)
		.set(delivery.modified, now)
		.where(delivery.name.isin(due) & (delivery.status == "Pending"))
		.run()
	)
	rows = frappe.get_all(
		"Alert Robot Delivery",
		filters={"claim": token, "status": "Sending"},
		fields=["name", "robot", "title", "content", "attempts"],
		order_by="creation asc",
	)
	if jobs.in_worker():
		frappe.db.commit()  # the claim holds whatever happens to this job
	return rows


def _sent_last_minute(robot: str, now) -> int:
	return frappe.db.count(
		"Alert Robot Delivery",
		{"robot": robot, "status": "Sent", "sent_on": (">", add_to_date(now, seconds=-60))},
	)


def _send_one(robot, row, now) -> int:
	import requests

	url = robot.get_password("webhook_url")
	secret = robot.get_password("secret", raise_exception=False) if robot.secret else None
	try:
		target, body = robots.request(robot.platform, url, secret, row.title, row.content, now)
		response = requests.post(target, json=body, timeout=TIMEOUT_SECONDS)
		try:
			answer = response.json()
		except ValueError:
			answer = None
		if robots.accepted(robot.platform, response.status_code, answer):
			_update(
				row.name,
				status="Sent",
				sent_on=now_datetime(),
				attempts=row.attempts + 1,
				claim=None,
				last_error=None,
			)
			return 1
		error = f"HTTP {response.status_code}: {str(answer if answer is not None else response.text)[:300]}"
	except Exception as failure:
		error = f"{type(failure).__name__}: {failure}"
	attempts = row.attempts + 1
	again = robots.retry_at(attempts, now)
	_update(
		row.name,
		status="Pending" if again else "Failed",
		attempts=attempts,
		next_attempt_at=again,
		claim=None,
		last_error=robots.redact(error, url, secret)[:1000],
	)
	return 0


def _update(name: str, **values) -> None:
	frappe.db.set_value("Alert Robot Delivery", name, values, update_modified=True)
	if jobs.in_worker():
		frappe.db.commit()  # each message's outcome is kept on its own
