# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Existing sites get the fields that flag a ticket whose agreement terms could not be applied."""

from after_sales.install import create_ticket_fields


def execute():
	create_ticket_fields()
