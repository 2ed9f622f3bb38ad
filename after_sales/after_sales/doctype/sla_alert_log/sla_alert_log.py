# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from frappe.model.document import Document


class SLAAlertLog(Document):
	"""What the watchdog sent, once per ticket, target, alert and deadline (unique `alert_key`)."""
