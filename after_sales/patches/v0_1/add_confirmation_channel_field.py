# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Existing sites get the field that says how the customer confirmed a solution (AGR-17)."""

from after_sales.install import create_ticket_fields


def execute():
	create_ticket_fields()
