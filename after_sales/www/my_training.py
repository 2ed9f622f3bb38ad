# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""/my-training: a customer's contact's view (after_sales.portal.training)."""

from after_sales import portal

no_cache = 1


def get_context(context):
	portal.prepare(context, "my-training")
	portal.training(context)
	return context
