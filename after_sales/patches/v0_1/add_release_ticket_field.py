# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Existing sites get the HD Ticket link to an Update Release."""

from after_sales.install import create_ticket_fields


def execute():
	create_ticket_fields()
