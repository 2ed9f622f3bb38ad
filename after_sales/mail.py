# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""E-mail only when the site can send it. `frappe.sendmail` refuses to queue anything on a site with no
outgoing Email Account; what the app does besides e-mailing (in-app alerts, delivery rows, reports)
must not be lost with it."""

import frappe


def can_send() -> bool:
	"""Whether the site has an outgoing e-mail account to queue mail with."""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	return bool(EmailAccount.find_outgoing())


def send(**kwargs) -> bool:
	"""`frappe.sendmail(**kwargs)` if the site can send e-mail; False (nothing queued) if it cannot."""
	if not can_send():
		return False
	frappe.sendmail(**kwargs)
	return True
