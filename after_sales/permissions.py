# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Who sees what (AGR-25), once for every path: list queries and single documents.

Staff (agents, engineers, managers) see everything their roles allow. A customer's contact (a
portal user) reads only the records of the HD Customer(s) it belongs to, and never writes them
directly: portal actions go through whitelisted functions that check the same rules.
Each doctype has one criterion, used both by the list condition and by `has_permission`.
"""

import frappe

STAFF_ROLES = frozenset(
	{"System Manager", "After Sales Manager", "Service Engineer", "Agent", "Agent Manager"}
)
READ_TYPES = frozenset({"read", "print", "select", "export", "report"})


def is_staff(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(STAFF_ROLES & set(frappe.get_roles(user)))


def customers_of(user: str | None = None) -> list[str]:
	"""HD Customers the user's contact(s) belong to (contact linked to the user, or by e-mail)."""
	user = user or frappe.session.user
	if user == "Guest":
		return []
	contacts = set(frappe.get_all("Contact", filters={"user": user}, pluck="name"))
	contacts |= set(
		frappe.get_all("Contact Email", filters={"email_id": user, "parenttype": "Contact"}, pluck="parent")
	)
	if not contacts:
		return []
	customers = frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "parent": ("in", list(contacts)), "link_doctype": "HD Customer"},
		pluck="link_name",
	)
	return sorted(set(customers))


def _in(column: str, values: list[str]) -> str:
	if not values:
		return "1=0"
	return f"{column} in ({', '.join(frappe.db.escape(v) for v in values)})"


# ---------------------------------------------------------------- one criterion per doctype


def _contract_sql(customers):
	return _in("`tabService Contract`.`customer`", customers)


def _contract_ok(doc, customers):
	return doc.customer in customers


def _follow_up_sql(customers):
	return _in("`tabService Follow-up`.`customer`", customers)


def _follow_up_ok(doc, customers):
	return doc.customer in customers


def _release_sql(customers):
	"""Published releases delivered (or being delivered) to one of the customers."""
	return (
		"(`tabUpdate Release`.`status` = 'Published' and exists (select 1 from `tabUpdate Release Delivery` d "
		"where d.parent = `tabUpdate Release`.`name` and d.parenttype = 'Update Release' and "
		f"{_in('d.customer', customers)}))"
	)


def _release_ok(doc, customers):
	return doc.status == "Published" and any(row.customer in customers for row in doc.deliveries)


def _training_sql(customers):
	"""The customers' own sessions, and open sessions (no customer, not internal)."""
	return (
		f"({_in('`tabTraining Session`.`customer`', customers)} or "
		"(ifnull(`tabTraining Session`.`customer`, '') = '' and `tabTraining Session`.`is_internal` = 0))"
	)


def _training_ok(doc, customers):
	return doc.customer in customers or (not doc.customer and not doc.is_internal)


def _report_sql(customers):
	"""Monthly service reports of the customers, once sent (drafts are the team's)."""
	return f"({_in('`tabMonthly Service Report`.`customer`', customers)} and `tabMonthly Service Report`.`status` = 'Sent')"


def _report_ok(doc, customers):
	return doc.customer in customers and doc.status == "Sent"


CRITERIA = {
	"Service Contract": (_contract_sql, _contract_ok),
	"Service Follow-up": (_follow_up_sql, _follow_up_ok),
	"Update Release": (_release_sql, _release_ok),
	"Training Session": (_training_sql, _training_ok),
	"Monthly Service Report": (_report_sql, _report_ok),
}


def query_condition(doctype: str, user: str | None = None) -> str:
	user = user or frappe.session.user
	if is_staff(user):
		return ""
	if user == "Guest":
		return "1=0"
	return CRITERIA[doctype][0](customers_of(user))


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool:
	user = user or frappe.session.user
	if is_staff(user):
		return True
	if user == "Guest" or (ptype or "read") not in READ_TYPES:
		return False
	return bool(CRITERIA[doc.doctype][1](doc, customers_of(user)))


# hooks.py entry points (Frappe calls permission_query_conditions with the user only)
def service_contract_query(user: str | None = None) -> str:
	return query_condition("Service Contract", user)


def service_follow_up_query(user: str | None = None) -> str:
	return query_condition("Service Follow-up", user)


def update_release_query(user: str | None = None) -> str:
	return query_condition("Update Release", user)


def training_session_query(user: str | None = None) -> str:
	return query_condition("Training Session", user)


def monthly_service_report_query(user: str | None = None) -> str:
	return query_condition("Monthly Service Report", user)
