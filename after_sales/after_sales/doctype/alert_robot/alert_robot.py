# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""A group robot of WeCom, DingTalk or Feishu that receives the watchdog's alerts (robot_delivery.py). Its
webhook URL (which authorises whoever holds it) and signing secret are Password fields: stored encrypted,
never shown again, never logged."""

from urllib.parse import urlsplit

import frappe
from frappe import _
from frappe.model.document import Document

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class AlertRobot(Document):
	def validate(self):
		url = self.webhook_url or ""
		if url and set(url) != {"*"}:  # a new address (an unchanged one comes back masked)
			parts = urlsplit(url.strip())
			loopback = parts.hostname in LOOPBACK
			if (
				not parts.hostname
				or parts.scheme not in ("https", "http")
				or (parts.scheme == "http" and not loopback)
			):
				frappe.throw(
					_(
						"The webhook URL must be the robot's https:// address, as the group's robot settings show it."
					),
					title=_("Invalid webhook URL"),
				)
			self.webhook_url = url.strip()
		if not any((self.warnings, self.escalations, self.second_escalations, self.digests)):
			frappe.throw(_("Choose at least one kind of alert for the robot."), title=_("Nothing to receive"))
