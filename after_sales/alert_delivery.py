# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""How the watchdog's alerts reach people when many are due at once (issue 14).

- `deliver`: the alerts a batch claimed, in bulk: a Desk notification (Notification Log) and a Helpdesk
  agent UI notification (HD Notification) per recipient, a comment on the ticket at a breach; one
  statement each. What the documents' own hooks do for such rows is done once per user (Desk's realtime
  event and "unseen" flag); an "Alert" Notification Log sends no e-mail and an Info comment notifies no
  one, so nothing else is skipped.
- E-mails of individual alerts: RQ jobs (`send_alert_mail`, MAIL_JOB_SIZE rows each) write them after the
  batch is committed, so more workers send them sooner. A job claims its rows in two statements (a
  locking read of those still `email_pending`, one UPDATE: a concurrent job waits, then finds none), words
  each e-mail in its recipients' language (`alert_text`: one e-mail per language) and writes them in bulk
  (`alert_mail`: Frappe's template rendered once per language, about 4 ms an e-mail instead of 20 through
  `frappe.sendmail`). An e-mail that fails is logged and left pending; rows a lost job left are queued
  again by the next run (`send_leftovers`).
- Digests: a policy whose warnings go out "Digest per run" logs them as "Digest pending"; at the end of
  the run `send_digests` takes every pending row under a row lock (a concurrent run waits, then finds
  none), and sends each recipient one Desk notification and one e-mail listing the tickets, their
  targets, deadlines and time left, in the recipient's language. Escalations are never digested.
"""

import hashlib
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import escape_html, get_datetime, get_url, now_datetime

from after_sales import alert_mail, jobs, mail, notices, robot_delivery
from after_sales.agreement.targets import by_label
from after_sales.agreement.watch import KIND_LABELS, DigestLine, batches, digests, minutes_left
from after_sales.integrations import helpdesk

DIGEST_PENDING = "Digest pending"
DIGEST = "Digest per run"
DIGEST_LINES_AT_MOST = 200  # a digest lists the soonest deadlines, then says how many more there are
MAIL_JOB_SIZE = 1000  # alert e-mails per RQ job (written in bulk: a few ms each)
MAIL_QUEUE = "default"
MAIL_LEFT_AFTER_MINUTES = 10  # an e-mail still pending this long after its alert: its job was lost


def in_digest(policy, kind: str) -> bool:
	"""Whether this alert waits for the run's digest: warnings only, where the policy says so."""
	return kind == "warning" and policy.get("warning_delivery") == DIGEST


def can_email() -> bool:
	return mail.can_send()


# ---------------------------------------------------------------- individual alerts, in bulk


def deliver(claimed: list[dict], now) -> None:
	"""Desk and agent UI notifications for the claimed alerts that are sent now; comments at breaches."""
	sent = [row for row in claimed if row["status"] == "Sent"]
	notices.alert_many(
		[(user, "HD Ticket", row["ticket"], row["message"]) for row in sent for user in row["_users"]]
	)
	helpdesk.notify_many_in_agent_ui(
		[(user, row["ticket"], row["message"]) for row in sent for user in row["_users"]]
	)
	_comment_many([(row["ticket"], row["message"]) for row in claimed if row["_event"].kind == "breach"], now)


def _comment_many(comments: list[tuple[str, str]], now) -> None:
	"""Info comments on tickets, as `doc.add_comment("Info", text)` writes them (its hooks do nothing for
	an Info comment without mentions)."""
	if not comments:
		return
	user = frappe.session.user
	jobs.insert_rows(
		"Comment",
		[
			{
				"comment_type": "Info",
				"comment_email": user,
				"reference_doctype": "HD Ticket",
				"reference_name": ticket,
				"content": escape_html(text),
			}
			for ticket, text in comments
		],
		now=now,
	)


# ---------------------------------------------------------------- e-mails of individual alerts


def queue_mail(logs: list[str], after_commit: bool, queue: str | None = None) -> None:
	"""RQ jobs on `queue` (default MAIL_QUEUE) that e-mail these alert log rows (once the batch is
	committed)."""
	for chunk in batches(logs, MAIL_JOB_SIZE):
		frappe.enqueue(
			"after_sales.alert_delivery.send_alert_mail",
			queue=queue or MAIL_QUEUE,
			logs=list(chunk),
			job_id=f"after_sales_alert_mail_{chunk[0]}",
			deduplicate=True,
			enqueue_after_commit=after_commit,
			now=frappe.flags.in_test,
		)


def send_alert_mail(logs: list[str]) -> None:
	"""RQ job: e-mail each of these alerts to its recipients once, each in the recipient's language (a
	row another job e-mailed is skipped). The rows are claimed in two statements (a locking read, one
	UPDATE); the e-mails are written in bulk (`alert_mail`). One that fails is logged and left pending:
	the next run's leftovers queue it again; the others go out."""
	rows = _claim_mails(logs)
	if not rows:
		return
	users = {user for row in rows for user in _users(row)}
	people = {
		u.name: u
		for u in frappe.get_all(
			"User", filters={"name": ("in", list(users))}, fields=["name", "email", "language"]
		)
	}
	urgency = dict(
		frappe.get_all(
			"HD Ticket",
			filters={"name": ("in", list({row.ticket for row in rows}))},
			fields=["name", "urgency"],
			as_list=True,
		)
	)
	fallback = _fallback_lang()
	kinds = {label: kind for kind, label in KIND_LABELS.items()}
	mails = []
	for row in rows:
		by_lang: dict[str, list[str]] = {}
		for user in _users(row):
			person = people.get(user)
			if person and person.email:
				by_lang.setdefault(person.language or fallback, []).append(person.email)
		for lang, emails in by_lang.items():
			late = int(
				max(get_datetime(row.fired_on) - get_datetime(row.due), timedelta(0)).total_seconds() // 60
			)
			text = alert_text(
				kinds[row.kind], row.ticket, urgency.get(row.ticket), row.target, row.due, late, lang
			)
			mails.append(
				{
					"key": row.name,
					"recipients": emails,
					"subject": text,
					"message": text,
					"reference_doctype": "HD Ticket",
					"reference_name": row.ticket,
					"lang": lang,
				}
			)
	failed = alert_mail.queue(mails)
	if failed:
		log = frappe.qb.DocType("SLA Alert Log")
		frappe.qb.update(log).set(log.email_pending, 1).where(log.name.isin(list(failed))).run()


def alert_text(kind: str, ticket: str, urgency: str | None, target: str, due, late: int, lang=None) -> str:
	"""An individual alert's words, in `lang` (default: the run's): the target is its label."""
	label, urgency, due = _(target, lang=lang), _(urgency or "", lang=lang), frappe.format(due, "Datetime")
	if kind == "warning":
		return _("Ticket #{0} ({1}): the {2} target is due at {3}.", lang=lang).format(
			ticket, urgency, label, due
		)
	if kind == "breach":
		return _("Ticket #{0} ({1}) missed its {2} target ({3}) by {4} min. Escalated.", lang=lang).format(
			ticket, urgency, label, due, late
		)
	return _(
		"Ticket #{0} ({1}) is still past its {2} target ({3}), by {4} min: second-level escalation.",
		lang=lang,
	).format(ticket, urgency, label, due, late)


def _users(row) -> list[str]:
	return [user.strip() for user in (row.recipients or "").split(",") if user.strip()]


def _fallback_lang() -> str:
	return frappe.db.get_default("lang") or frappe.local.lang or "en"


def _claim_mails(logs: list[str]) -> list:
	"""The rows of these still to be e-mailed, taken by this job: another job at the same moment waits on
	the row locks, then finds them e-mailed."""
	log = frappe.qb.DocType("SLA Alert Log")
	rows = (
		frappe.qb.from_(log)
		.select(log.name, log.ticket, log.recipients, log.kind, log.target, log.due, log.fired_on)
		.where(log.name.isin(logs) & (log.email_pending == 1))
		.for_update()
		.run(as_dict=True)
	)
	if rows:
		(
			frappe.qb.update(log)
			.set(log.email_pending, 0)
			.set(log.emailed_on, now_datetime())
			.where(log.name.isin([row.name for row in rows]))
			.run()
		)
	return rows


def send_leftovers(now) -> None:
	"""What an earlier run left: digests not sent (a split run's jobs, a crash) and alert e-mails whose
	job was lost. Two indexed reads when there is none."""
	send_digests(now)
	log = frappe.qb.DocType("SLA Alert Log")
	left = (
		frappe.qb.from_(log)
		.select(log.name)
		.where(log.email_pending == 1)
		.where(log.fired_on < frappe.utils.add_to_date(now, minutes=-MAIL_LEFT_AFTER_MINUTES))
		.limit(10 * MAIL_JOB_SIZE)
		.run(pluck=True)
	)
	if left:
		queue_mail(left, after_commit=not jobs.in_worker())


# ---------------------------------------------------------------- digests


def send_digests(now) -> int:
	"""One digest per recipient of every warning waiting for one; returns how many recipients got one."""
	log = frappe.qb.DocType("SLA Alert Log")
	if not frappe.qb.from_(log).select(log.name).where(log.status == DIGEST_PENDING).limit(1).run():
		return 0  # one indexed read when no warning waits
	sent = 0

	def work():
		nonlocal sent
		sent = _send_digests(get_datetime(now))

	jobs.per_record(work, title="After Sales watchdog: warning digests")
	return sent


def _send_digests(now) -> int:
	log = frappe.qb.DocType("SLA Alert Log")
	rows = (
		frappe.qb.from_(log)
		.select(log.name, log.ticket, log.target, log.due, log.recipients)
		.where(log.status == DIGEST_PENDING)
		.for_update()
		.run(as_dict=True)
	)
	if not rows:
		return 0
	frappe.qb.update(log).set(log.status, "Sent").where(log.name.isin([r.name for r in rows])).run()
	tickets = {
		t.name: t
		for t in frappe.get_all(
			"HD Ticket",
			filters={"name": ("in", list({r.ticket for r in rows}))},
			fields=["name", "subject", "urgency", "sla_policy", "agent_group"],
		)
	}
	pairs = [
		(
			user.strip(),
			DigestLine(
				r.ticket,
				by_label(r.target).label,
				get_datetime(r.due),
				tickets.get(r.ticket, {}).get("urgency"),
			),
		)
		for r in rows
		for user in (r.recipients or "").split(",")
		if user.strip()
	]
	per_user = digests(pairs)
	# the group robots that take digests: one message each, for the warnings of their policy and centre
	lines = sorted({line for _user, line in pairs}, key=lambda line: (line.due, line.ticket))
	key = hashlib.sha1(",".join(sorted(r.name for r in rows)).encode()).hexdigest()[:16]
	if robot_delivery.record_digest(lines, tickets, now, key):
		robot_delivery.queue_sending(after_commit=not jobs.in_worker())
	people = {
		u.name: u
		for u in frappe.get_all(
			"User", filters={"name": ("in", list(per_user))}, fields=["name", "email", "language"]
		)
	}
	fallback = _fallback_lang()
	for user, lines in per_user.items():
		person = people.get(user) or frappe._dict()
		lang = person.language or fallback
		subject = _("{0} tickets near their deadlines", lang=lang).format(len(lines))
		if len(lines) == 1:
			subject = _("1 ticket near its deadline", lang=lang)
		body = digest_html(lines, tickets, now, lang)
		notices.alert([user], "HD Ticket", lines[0].ticket, subject, body)
		if person.email:
			mail.send(recipients=[person.email], subject=subject, message=body)
	return len(per_user)


def digest_html(lines: list[DigestLine], tickets: dict, now, lang: str) -> str:
	"""The digest's table: ticket, subject, target, deadline and time left, in `lang`."""
	head = "".join(
		f"<th>{escape_html(h)}</th>"
		for h in (
			_("Ticket", lang=lang),
			_("Subject", lang=lang),
			_("Target", lang=lang),
			_("Deadline", lang=lang),
			_("Time Left", lang=lang),
		)
	)
	body = []
	for line in lines[:DIGEST_LINES_AT_MOST]:
		ticket = tickets.get(line.ticket) or {}
		url = get_url(f"/helpdesk/tickets/{line.ticket}")
		cells = (
			f'<a href="{escape_html(url)}">#{escape_html(line.ticket)}</a>',
			escape_html(ticket.get("subject") or ""),
			escape_html(_(line.target, lang=lang)),
			escape_html(frappe.format(line.due, "Datetime")),
			escape_html(time_left(minutes_left(line.due, now), lang)),
		)
		body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
	if len(lines) > DIGEST_LINES_AT_MOST:
		more = _("and {0} more tickets", lang=lang).format(len(lines) - DIGEST_LINES_AT_MOST)
		body.append(f'<tr><td colspan="5">{escape_html(more)}</td></tr>')
	intro = escape_html(_("These tickets' targets are due soon:", lang=lang))
	return f"<p>{intro}</p><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def time_left(minutes: int, lang: str) -> str:
	if minutes >= 60:
		return _("{0} h {1} min", lang=lang).format(minutes // 60, minutes % 60)
	return _("{0} min", lang=lang).format(minutes)
