# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""/training-feedback?key=...: an attendee's personal link to rate a session once (AGR-8)."""

import frappe
from frappe import _

no_cache = 1


def get_context(context):
	from after_sales.api.training import feedback_context

	context.title = _("Training feedback")
	context.no_breadcrumbs = True
	context.key = frappe.form_dict.get("key") or ""
	try:
		context.update(feedback_context(context.key))
		context.valid = True
	except (frappe.PermissionError, frappe.ValidationError):  # an unknown key, or no key at all
		frappe.clear_last_message()
		context.valid = False
	return context
