"""The agreement's rules as pure Python (no frappe import): working-time calendars and deadlines
(``calendar``), urgency (``urgency``), entitlement (``entitlement``), the three time targets with their
ticket fields and the Met/Breached rule (``targets``), release versions (``versions``), the figures the
service is measured by (``metrics``), the monthly report's verdicts (``monthly``) and the watchdog's
decisions (``watch``). Import from the submodules.
"""
