# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Feedback keys are kept as their digest (the key itself travels only in the e-mailed link): existing rows'
keys are digested, so the links already sent keep working and the stored value no longer opens them."""

import frappe

from after_sales.api.training import key_digest


def execute():
	rows = frappe.get_all(
		"Training Attendee",
		filters={"parenttype": "Training Session", "feedback_key": ("is", "set")},
		fields=["name", "feedback_key"],
	)
	for row in rows:
		if len(row.feedback_key) == 32:  # a key from before: digests are 64 characters
			frappe.db.set_value(
				"Training Attendee",
				row.name,
				"feedback_key",
				key_digest(row.feedback_key),
				update_modified=False,
			)
