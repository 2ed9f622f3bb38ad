# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""In-app alerts: one Notification Log per user, the one way the app tells someone in Desk.

(E-mail goes through `mail.send`; Helpdesk's agent UI through `integrations.helpdesk.notify_in_agent_ui`.)
"""

import frappe

from after_sales.jobs import insert_rows


def alert(
	users, document_type: str, document_name: str, subject: str, email_content: str | None = None
) -> None:
	"""Tell each of `users` about a document, in Desk's notifications."""
	for user in users:
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": document_type,
				"document_name": document_name,
				"subject": subject,
				"email_content": email_content,
			}
		).insert(ignore_permissions=True)


def alert_many(alerts: list[tuple[str, str, str, str]]) -> None:
	"""`alert` for many (user, document type, document name, subject) at once, in one statement. What a
	Notification Log's insert does besides (Desk's realtime event, the user's "unseen" flag) is done once
	per user; an "Alert" sends no e-mail."""
	if not alerts:
		return
	insert_rows(
		"Notification Log",
		[
			{
				"for_user": user,
				"type": "Alert",
				"document_type": doctype,
				"document_name": name,
				"subject": subject,
				"read": 0,
			}
			for user, doctype, name, subject in alerts
		],
	)
	users = sorted({user for user, *_rest in alerts})
	for user in users:
		frappe.publish_realtime("notification", after_commit=True, user=user)
	settings = frappe.qb.DocType("Notification Settings")
	frappe.qb.update(settings).set(settings.seen, 0).where(settings.name.isin(users)).run()
