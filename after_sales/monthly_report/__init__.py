# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The monthly service report: what the supplier did for one customer in one month, and whether it
kept each promise of the agreement (AGR-8, AGR-10, AGR-11, AGR-15..23, AGR-27).

Three modules, each calling only the ones below it; none calls back into the Monthly Service Report
controller, which calls them:

- `delivery`: who receives the report, its PDF, the e-mail, the scheduler's entry points, and the
  all-or-nothing run per customer (`after_sales.jobs`: savepoints and the customer's lock).
- `lines`: the report's lines and verdicts from the month's figures, in the report's language, with
  the pure arithmetic of `after_sales.agreement.monthly`. The controller's validate calls
  `lines.compile(report)`, so every save of a draft takes the figures again.
- `figures`: the month's aggregate queries for one customer (never a loop over tickets).

`after_sales.service_reports` keeps the dotted paths Frappe calls by name (the scheduler, the PDF
download URL, queued jobs).
"""
