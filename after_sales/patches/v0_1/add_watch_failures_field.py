# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Existing sites get HD Ticket's `watch_failures`: the watchdog's back-off for a ticket it failed on."""

from after_sales.install import create_ticket_fields


def execute():
	create_ticket_fields()
