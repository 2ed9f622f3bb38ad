# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""/my-follow-ups: a customer's contact's view (after_sales.portal.follow_ups)."""

from after_sales import portal

no_cache = 1


def get_context(context):
	portal.prepare(context, "my-follow-ups")
	portal.follow_ups(context)
	return context
