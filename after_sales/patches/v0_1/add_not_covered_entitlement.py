# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Existing sites get the entitlement "Not covered by the contract" (AGR-6..13) among the ticket's options."""

from after_sales.install import create_ticket_fields


def execute():
	create_ticket_fields()
