# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The monthly service report's dotted paths that Frappe calls by name: the scheduler's entry
(hooks.py `scheduler_events`), the PDF download (Desk's PDF button, the portal's links) and the
per-customer job (jobs queued before an update). The work lives in `after_sales.monthly_report`:
`figures` (the month's queries), `lines` (the report's lines and verdicts) and `delivery` (PDF,
e-mail, scheduling); new code imports those."""

from after_sales.monthly_report.delivery import download_pdf, send_for_customer, send_monthly

__all__ = ["download_pdf", "send_for_customer", "send_monthly"]
