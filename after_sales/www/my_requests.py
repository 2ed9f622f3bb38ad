# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""/my-requests: a customer's contact's view (after_sales.portal.requests)."""

from after_sales import portal

no_cache = 1


def get_context(context):
	portal.prepare(context, "my-requests")
	portal.requests(context)
	return context
