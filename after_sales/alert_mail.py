# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The e-mails of many individual alerts at once, as `frappe.sendmail` would queue them, in bulk (issue 14).

`frappe.sendmail` spends about 20 ms on one alert's e-mail (profiled: 60% in premailer inlining the CSS of
Frappe's `standard.html` e-mail template, 13% in inserting the Email Queue row and its recipient, the
rest building the MIME message): 10,000 immediate alerts were minutes of a worker's time. Here:
- the template is rendered and its CSS inlined once per language (`Shells`), with markers where the
  subject and the message go; each alert's e-mail fills them in. An alert's message is plain text (a
  ticket name, labels, a date, minutes); a message with markup takes Frappe's own path;
- each e-mail is still built by Frappe's `QueueBuilder` (its sender, outgoing account, Message-Id,
  unsubscribed recipients left out, text part, MIME message with the placeholders Frappe fills in when it
  sends), only not inserted one by one: `queue` writes the Email Queue rows and their recipient rows in
  two bulk INSERTs. Email Queue has no controller hooks on insert (Frappe 15), so nothing is skipped.
"""

import frappe
from frappe.email.doctype.email_queue.email_queue import QueueBuilder
from frappe.email.email_body import get_formatted_html
from frappe.utils import now_datetime

SUBJECT_MARK, BODY_MARK = "AfterSalesAlertSubjectMark", "AfterSalesAlertBodyMark"


class Shells:
	"""What all the alerts' e-mails share, read or rendered once: the outgoing account (QueueBuilder looks
	it up, and whether it exists, twice per e-mail), who unsubscribed (one query per e-mail otherwise),
	and the e-mail template rendered and CSS-inlined once per (language, account), markers in place."""

	def __init__(self):
		self._html: dict[tuple, str] = {}
		self._account = None
		self._unsubscribed: dict[str, list] = {}

	def account(self, reference_doctype: str | None):
		if self._account is None:
			from frappe.email.doctype.email_account.email_account import EmailAccount

			account = EmailAccount.find_outgoing(match_by_doctype=reference_doctype, _raise_error=True)
			exists = account.is_exists_in_db()
			account.is_exists_in_db = lambda: exists  # as_dict asks again for every e-mail
			self._account = account
		return self._account

	def read_unsubscribed(self, emails: set[str]) -> None:
		"""Who of these unsubscribed, globally or from a document, in one query."""
		emails = {email.lower() for email in emails} - set(self._unsubscribed)
		for email in emails:
			self._unsubscribed[email] = []
		if emails:
			for row in frappe.get_all(
				"Email Unsubscribe",
				filters={"email": ("in", list(emails))},
				fields=["email", "reference_doctype", "reference_name", "global_unsubscribe"],
			):
				self._unsubscribed.setdefault(row.email.lower(), []).append(row)

	def unsubscribed(self, emails: list[str], doctype: str | None, name: str | None) -> list[str]:
		"""QueueBuilder.get_unsubscribed_user_emails, from what `read_unsubscribed` read."""
		return [
			email
			for email in emails
			if any(
				row.global_unsubscribe or (row.reference_doctype == doctype and row.reference_name == name)
				for row in self._unsubscribed.get(email.lower(), ())
			)
		]

	def html(self, lang: str, subject: str, message: str, email_account) -> str:
		key = (lang, email_account.name)
		if key not in self._html:
			previous = frappe.local.lang
			frappe.local.lang = lang  # the template's own words (footer) in the recipient's language
			try:
				self._html[key] = get_formatted_html(SUBJECT_MARK, BODY_MARK, email_account=email_account)
			finally:
				frappe.local.lang = previous
		return self._html[key].replace(SUBJECT_MARK, subject).replace(BODY_MARK, message)


class _AlertBuilder(QueueBuilder):
	def __init__(self, shells: Shells, lang: str, **kwargs):
		super().__init__(**kwargs)
		self._shells, self._lang = shells, lang
		self._email_account = shells.account(self.reference_doctype)
		self._unsubscribed_user_emails = shells.unsubscribed(
			list(set(self.recipients + self.cc)), self.reference_doctype, self.reference_name
		)

	def email_html_content(self):
		return self._shells.html(self._lang, self.subject, self._message, self.get_outgoing_email_account())


def plain(text: str) -> bool:
	"""Whether the template's markers can take `text` as it is (what premailer would leave unchanged)."""
	return not any(c in text for c in "<>&\"'")


def queue(mails: list[dict], shells: Shells | None = None) -> set:
	"""Queue these e-mails ({key, recipients, subject, message, reference_doctype, reference_name, lang})
	in bulk; returns the keys of those that failed (logged; the others are queued). A mail whose text is
	not plain goes through `frappe.sendmail`."""
	shells = shells or Shells()
	shells.read_unsubscribed({email for mail in mails for email in mail["recipients"]})
	rows, recipients, failed = [], [], set()
	now, user = now_datetime(), frappe.session.user
	for mail in mails:
		try:
			row, to = _compose(mail, shells)
		except Exception:
			frappe.log_error(title=f"After Sales watchdog: alert e-mail {mail['key']}")
			failed.add(mail["key"])
			continue
		if row:
			rows.append(row)
			recipients += [(frappe.generate_hash(length=10), row["name"], i, r) for i, r in enumerate(to, 1)]
	if rows:
		_insert(rows, recipients, now, user)
	return failed


def _compose(mail: dict, shells: Shells) -> tuple[dict | None, list[str]]:
	"""One e-mail's Email Queue row and recipients, as QueueBuilder builds them; (None, []) when there is
	nothing to queue (sent through sendmail, every recipient unsubscribed, an invalid address)."""
	if not (plain(mail["subject"]) and plain(mail["message"])):
		frappe.sendmail(**{k: v for k, v in mail.items() if k not in ("lang", "key")})
		return None, []
	builder = _AlertBuilder(
		shells,
		mail["lang"],
		recipients=mail["recipients"],
		subject=mail["subject"],
		message=mail["message"],
		reference_doctype=mail.get("reference_doctype"),
		reference_name=mail.get("reference_name"),
	)
	final = builder.final_recipients()
	if not final:
		return None, []  # all unsubscribed: sendmail queues nothing then
	data = builder.as_dict(include_recipients=False)
	if not data:
		return None, []  # an invalid address: Frappe logged it
	row = {**data, "name": frappe.generate_hash(length=10), "status": "Not Sent", "retry": 0}
	row["unsubscribe_param"] = row.get("unsubscribe_params")
	return row, final


def _insert(rows: list[dict], recipients: list[tuple], now, user) -> None:
	columns = set(frappe.db.get_table_columns("Email Queue"))
	fields = sorted(
		({k for row in rows for k in row} | {"unsubscribe_param"}) & columns - {"creation", "modified"}
	)
	frappe.db.bulk_insert(
		"Email Queue",
		[*fields, "creation", "modified", "owner", "modified_by", "docstatus"],
		[(*(row.get(f) for f in fields), now, now, user, user, 0) for row in rows],
		chunk_size=500,
	)
	frappe.db.bulk_insert(
		"Email Queue Recipient",
		[
			"name",
			"parent",
			"idx",
			"recipient",
			"parenttype",
			"parentfield",
			"status",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"docstatus",
		],
		[(*r, "Email Queue", "recipients", "Not Sent", now, now, user, user, 0) for r in recipients],
		chunk_size=1000,
	)
