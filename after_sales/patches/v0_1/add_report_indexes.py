# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Existing sites get the HD Ticket indexes the compliance report reads through."""

from after_sales.install import create_ticket_indexes


def execute():
	create_ticket_indexes()
