# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""One alert's message to one group robot: written by the watchdog (robot_delivery.record), sent by its
jobs (robot_delivery.send_due), never by hand."""

import frappe
from frappe import _
from frappe.model.document import Document


class AlertRobotDelivery(Document):
	def validate(self):
		frappe.throw(_("Robot deliveries are recorded by the watchdog."), frappe.PermissionError)
