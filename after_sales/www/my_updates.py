# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""/my-updates: a customer's contact's view (after_sales.portal.updates)."""

from after_sales import portal

no_cache = 1


def get_context(context):
	portal.prepare(context, "my-updates")
	portal.updates(context)
	return context
