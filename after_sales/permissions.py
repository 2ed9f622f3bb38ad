# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""Who sees what (AGR-25), once for every path: list queries and single documents.

Staff (agents, engineers, managers) see everything their roles allow. A customer's contact (a
portal user) reads only the records of the HD Customer(s) it belongs to, and never writes them
directly: portal actions go through whitelisted functions that check the same rules.
Each doctype has one criterion, used both by the list condition and by `has_permission`.

Child tables (AGR-25): Frappe checks a child row against its parent's role only, so each child doctype has
a list condition of its own (its parent visible, and for shared parents, open training sessions and
releases, the row one of the contact's own customers'), single child reads go through the row's controller
(`RowScopedChild`), and a shared parent read by a contact carries only the contact's own rows
(`ScopedRows`: as a dict, for REST, `frappe.client` and Desk; and in print).
"""

import sys

import frappe
from frappe import _
from frappe.model.db_query import DatabaseQuery

from after_sales.integrations import helpdesk

# Every role set of the app, once. Staff read everything their roles allow; managers configure and send.
STAFF_ROLES = frozenset(
	{"System Manager", "After Sales Manager", "Service Engineer", "Agent", "Agent Manager"}
)
MANAGER_ROLES = ("After Sales Manager", "System Manager")
READ_TYPES = frozenset({"read", "print", "select", "export", "report"})


def is_staff(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(STAFF_ROLES & set(frappe.get_roles(user)))


def is_agent(user: str | None = None) -> bool:
	"""Helpdesk's own notion of an agent (its roles, or an HD Agent record)."""
	return helpdesk.is_agent(user)


def only_staff(message: str | None = None) -> None:
	if not is_staff():
		frappe.throw(message or _("Only the service team can do this."), frappe.PermissionError)


def only_managers() -> None:
	"""Configuring and sending (publish, send now) is the After Sales Managers'."""
	frappe.only_for(MANAGER_ROLES)


def users_with_role(role: str) -> list[str]:
	"""Enabled people (not Administrator or Guest) who hold `role`."""
	return frappe.get_all(
		"Has Role",
		filters={"role": role, "parenttype": "User", "parent": ("not in", ("Administrator", "Guest"))},
		pluck="parent",
		distinct=True,
	)


def contacts_of_user(user: str) -> list[str]:
	"""The Contacts of a user: linked to it, or carrying its e-mail."""
	contacts = set(frappe.get_all("Contact", filters={"user": user}, pluck="name"))
	contacts |= set(
		frappe.get_all("Contact Email", filters={"email_id": user, "parenttype": "Contact"}, pluck="parent")
	)
	return sorted(contacts)


def customers_of(user: str | None = None) -> list[str]:
	"""HD Customers the user's contact(s) belong to (contact linked to the user, or by e-mail)."""
	user = user or frappe.session.user
	if user == "Guest":
		return []
	return helpdesk.customers_of_contacts(contacts_of_user(user))


def contact_of(user: str | None = None) -> str | None:
	"""The user's own Contact (linked to the user, else by its e-mail)."""
	user = user or frappe.session.user
	if user == "Guest":
		return None
	return frappe.db.get_value("Contact", {"user": user}, "name") or frappe.db.get_value(
		"Contact Email", {"email_id": user, "parenttype": "Contact"}, "parent"
	)


def contacts_of(customers: list[str]) -> list[str]:
	"""The Contacts linked to any of the customers."""
	return helpdesk.contacts_of_customers(customers)


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


# ---------------------------------------------------------------- child rows


def _attendee_sql(customers, user):
	table = "`tabTraining Attendee`"
	return (
		f"({table}.`email` = {frappe.db.escape(user.lower())} or "
		f"{_in(f'{table}.`contact`', contacts_of(customers))})"
	)


def _attendee_ok(row, scope):
	if (row.email or "").lower() == scope.user.lower():
		return True
	if scope.contacts is None:  # once per read, not once per row
		scope.contacts = set(contacts_of(scope.customers))
	return row.contact in scope.contacts


def _delivery_sql(customers, user):
	return _in("`tabUpdate Release Delivery`.`customer`", customers)


def _delivery_ok(row, scope):
	return row.customer in scope.customers


def _scope(user: str) -> frappe._dict:
	"""What the row rules ask of a viewer: its customers, and (computed when first needed) their contacts."""
	return frappe._dict(user=user, customers=customers_of(user), contacts=None)


# child doctype: (parent doctype, row criterion or None where the parent's rule says it all). The rows of a
# shared parent (an open training session, a release) are the only ones that need a criterion of their own.
CHILD_CRITERIA = {
	"Training Attendee": ("Training Session", (_attendee_sql, _attendee_ok)),
	"Update Release Delivery": ("Update Release", (_delivery_sql, _delivery_ok)),
	"Service Contract Contact": ("Service Contract", None),
	"Service Contract Ticket Type": ("Service Contract", None),
	"Monthly Service Report Line": ("Monthly Service Report", None),
	"SLA Policy Target": ("SLA Policy", None),
	"SLA Working Hours": ("SLA Policy", None),
	"SLA Follow-up Rule": ("SLA Policy", None),
	"Statutory Calendar Day": ("Statutory Calendar", None),
}
SHARED_PARENTS = {
	parent: child for child, (parent, row_rule) in CHILD_CRITERIA.items() if row_rule is not None
}


def _parent_sql(parent: str, customers: list[str]) -> str:
	"""The parent's own criterion (customers' contacts never read SLA Policies)."""
	return CRITERIA[parent][0](customers) if parent in CRITERIA else "1=0"


def _child_sql(child: str, customers: list[str], user: str) -> str:
	parent, row_rule = CHILD_CRITERIA[child]
	table = f"`tab{child}`"
	visible_parent = (
		f"exists (select 1 from `tab{parent}` where `tab{parent}`.`name` = {table}.`parent` "
		f"and {table}.`parenttype` = {frappe.db.escape(parent)} and {_parent_sql(parent, customers)})"
	)
	return f"({visible_parent} and {row_rule[0](customers, user)})" if row_rule else visible_parent


def _joined_tables(doctype: str) -> set[str]:
	"""The tables of the list query whose condition Frappe is asking for.

	Frappe calls a `permission_query_conditions` hook with the user only, from
	DatabaseQuery.get_permission_query_conditions; a query on a parent that selects or filters a child
	table's columns (`fields=["`tabTraining Attendee`.email"]`) joins that table without asking the child's
	own condition. The query object is found on the call stack, so that the parent's condition can restrict
	the joined rows too."""
	frame = sys._getframe(1)
	for _depth in range(10):
		frame = frame.f_back
		if frame is None:
			break
		query = frame.f_locals.get("self")
		if isinstance(query, DatabaseQuery) and query.doctype == doctype:
			return set(query.tables or ())
	return set()


def _joined_rows_sql(doctype: str, customers: list[str], user: str) -> str:
	child = SHARED_PARENTS.get(doctype)
	if not child or f"`tab{child}`" not in _joined_tables(doctype):
		return ""
	row_rule = CHILD_CRITERIA[child][1]
	return f" and (`tab{child}`.`name` is null or {row_rule[0](customers, user)})"


def query_condition(doctype: str, user: str | None = None) -> str:
	user = user or frappe.session.user
	if is_staff(user):
		return ""
	if user == "Guest":
		return "1=0"
	customers = customers_of(user)
	if doctype in CHILD_CRITERIA:
		return _child_sql(doctype, customers, user)
	return f"({CRITERIA[doctype][0](customers)}{_joined_rows_sql(doctype, customers, user)})"


# Frappe's Contact keeps its e-mails, phones and customer links in child tables that Frappe checks
# against Contact's role only: a customer's contact could list every address and customer of the site
CONTACT_CHILDREN = ("Contact Email", "Contact Phone", "Dynamic Link")


def contact_child_query(user: str | None = None, doctype: str | None = None) -> str:
	"""A customer's contact reads the rows of its own Contacts and of its customers' Contacts only."""
	user = user or frappe.session.user
	if is_staff(user):
		return ""
	if user == "Guest":
		return "1=0"
	contacts = sorted(set(contacts_of_user(user)) | set(contacts_of(customers_of(user))))
	table = f"`tab{doctype}`"
	return f"({table}.`parenttype` = 'Contact' and {_in(f'{table}.`parent`', contacts)})"


def customer_member_query(user: str | None = None, doctype: str | None = None) -> str:
	"""Helpdesk 1.28's `HD Customer Member` rows (who belongs to which customer): Frappe checks child rows
	against the parent's role only, and Helpdesk's customer roles read HD Customer, so without this a
	contact could list every customer's people. A contact reads the rows of its own customers only."""
	user = user or frappe.session.user
	if is_staff(user):
		return ""
	if user == "Guest":
		return "1=0"
	table = "`tabHD Customer Member`"
	return f"({table}.`parenttype` = 'HD Customer' and {_in(f'{table}.`parent`', customers_of(user))})"


def child_query(user: str | None = None, doctype: str | None = None) -> str:
	"""hooks.py entry point for every child table of the app (Frappe passes the doctype)."""
	return query_condition(doctype, user)


def row_visible(row, user: str | None = None) -> bool:
	"""May the user read this child row (single reads: `frappe.client.get`, `/api/resource`)?"""
	user = user or frappe.session.user
	if is_staff(user):
		return True
	if user == "Guest":
		return False
	parent, row_rule = CHILD_CRITERIA[row.doctype]
	scope = _scope(user)
	parent_doc = frappe.get_doc(row.parenttype, row.parent) if row.parenttype == parent else None
	if not parent_doc or parent not in CRITERIA or not CRITERIA[parent][1](parent_doc, scope.customers):
		return False
	return not row_rule or bool(row_rule[1](row, scope))


class RowScopedChild:
	"""Mixin for the app's child-table controllers: a single row is read only by whom may see it."""

	def has_permission(self, permtype="read", *, debug=False, user=None) -> bool:
		return super().has_permission(permtype, debug=debug, user=user) and (
			self.flags.ignore_permissions or row_visible(self, user)
		)


class ScopedRows:
	"""Mixin for shared parents (Training Session, Update Release): a customer's contact reading one sees
	only its own customers' rows, as a dict (REST, `frappe.client.get`, Desk) and in print."""

	def _rows_hidden_from_viewer(self) -> bool:
		return not (self.flags.ignore_permissions or is_staff())

	def _visible_rows(self, rows: list) -> list:
		user = frappe.session.user
		child = SHARED_PARENTS[self.doctype]
		row_ok = CHILD_CRITERIA[child][1][1]
		scope = _scope(user)
		return [row for row in rows if row_ok(frappe._dict(row) if isinstance(row, dict) else row, scope)]

	def as_dict(self, *args, **kwargs):
		out = super().as_dict(*args, **kwargs)
		if self._rows_hidden_from_viewer():
			fieldname = self._scoped_table_field()
			out[fieldname] = self._visible_rows(out.get(fieldname) or [])
		return out

	def _keep_visible_rows(self) -> None:
		"""In memory only, for a read (nothing saves after it): print, and Desk's getdoc, which builds its
		link titles from the document itself."""
		if self._rows_hidden_from_viewer():
			fieldname = self._scoped_table_field()
			self.set(fieldname, self._visible_rows(self.get(fieldname) or []))

	def before_print(self, settings=None):
		self._keep_visible_rows()

	def onload(self):
		self._keep_visible_rows()

	def _scoped_table_field(self) -> str:
		child = SHARED_PARENTS[self.doctype]
		return next(df.fieldname for df in self.meta.get_table_fields() if df.options == child)


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
