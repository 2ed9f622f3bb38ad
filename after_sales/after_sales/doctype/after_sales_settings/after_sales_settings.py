# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class AfterSalesSettings(Document):
	pass


def get_settings() -> "AfterSalesSettings":
	return frappe.get_cached_doc("After Sales Settings")
