# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Existing sites count their tickets into Agreement Compliance's day buckets (compliance_days)."""

from after_sales import compliance_days


def execute():
	compliance_days.rebuild(log=False)
