# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""In-app alerts: one Notification Log per user, the one way the app tells someone in Desk.

(E-mail goes through `mail.send`; Helpdesk's agent UI through `integrations.helpdesk.notify_in_agent_ui`.)
"""

import frappe


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
