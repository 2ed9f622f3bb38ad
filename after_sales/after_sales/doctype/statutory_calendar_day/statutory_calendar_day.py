# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt

from frappe.model.document import Document


class StatutoryCalendarDay(Document):
	pass
