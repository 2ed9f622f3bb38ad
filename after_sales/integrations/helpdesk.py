# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""The only module that knows Helpdesk's internals: its SLA doctype, ticket statuses and priorities, teams,
customers and their contacts, holidays, notifications, template and settings. Everything else asks here.

Customers and contacts: Helpdesk up to 1.27 links a Contact to its HD Customers with Dynamic Links on the
Contact; 1.28 moves them into the customer's `HD Customer Member` rows
(helpdesk/patches/move_contact_dynamic_link_to_hd_customer.py). Both shapes are read where they exist.
"""

import frappe
from frappe import _
from frappe.utils import add_years, getdate, today

from after_sales.agreement.calendar import WEEKDAYS
from after_sales.jobs import insert_rows
from after_sales.ticket_fields import TEMPLATE_ROWS

HD_SLA = "HD Service Level Agreement"
SLA_PREFIX = "After Sales: "
ALWAYS_OPEN_HOLIDAY_LIST = "After Sales: no holidays"
# Helpdesk refuses an end time of 24:00:00, so its closest 24x7 day ends a second early; our own
# figures (pure core) replace its deadlines on every ticket save.
DAY_START, DAY_END = "00:00:00", "23:59:59"


# ---------------------------------------------------------------- customers and their contacts

CUSTOMER_MEMBER = "HD Customer Member"  # Helpdesk 1.28+


_HAS_CUSTOMER_MEMBERS: dict[str, bool] = {}  # per site, for the life of the process (a migrate restarts it)


def _has_customer_members() -> bool:
	site = frappe.local.site
	if site not in _HAS_CUSTOMER_MEMBERS:
		_HAS_CUSTOMER_MEMBERS[site] = bool(frappe.db.exists("DocType", CUSTOMER_MEMBER))
	return _HAS_CUSTOMER_MEMBERS[site]


def customers_of_contacts(contacts: list[str]) -> list[str]:
	"""The HD Customers any of the Contacts belongs to."""
	if not contacts:
		return []
	customers = set(
		frappe.get_all(
			"Dynamic Link",
			filters={"parenttype": "Contact", "parent": ("in", contacts), "link_doctype": "HD Customer"},
			pluck="link_name",
		)
	)
	if _has_customer_members():
		customers |= set(
			frappe.get_all(
				CUSTOMER_MEMBER,
				filters={"parenttype": "HD Customer", "contact_name": ("in", contacts)},
				pluck="parent",
			)
		)
	return sorted(customers)


def contacts_of_customers(customers: list[str]) -> list[str]:
	"""The Contacts that belong to any of the HD Customers."""
	if not customers:
		return []
	contacts = set(
		frappe.get_all(
			"Dynamic Link",
			filters={"parenttype": "Contact", "link_doctype": "HD Customer", "link_name": ("in", customers)},
			pluck="parent",
		)
	)
	if _has_customer_members():
		contacts |= set(
			frappe.get_all(
				CUSTOMER_MEMBER,
				filters={"parenttype": "HD Customer", "parent": ("in", customers)},
				pluck="contact_name",
			)
		)
	return sorted(contacts)


def contact_belongs_to(contact: str, customer: str) -> bool:
	return customer in customers_of_contacts([contact])


def customer_from_contact(contact: str | None) -> str | None:
	"""The customer a new ticket from `contact` belongs to, as Helpdesk sets it (its only customer), reading
	both shapes of the link: Helpdesk 1.28 reads only its member rows, so a contact still linked the 1.25 way
	(a Dynamic Link kept from before the upgrade) would otherwise file tickets with no customer. Nothing
	where the site switched Helpdesk's "Auto-set customer from contact" off."""
	if not contact:
		return None
	if frappe.get_meta("HD Settings").has_field("auto_set_customer_from_contact") and not (
		frappe.db.get_single_value("HD Settings", "auto_set_customer_from_contact")
	):
		return None
	customers = customers_of_contacts([contact])
	return customers[0] if len(customers) == 1 else None


def link_contact(contact: str, customer: str, manager: bool = False) -> None:
	"""Make the Contact one of the HD Customer's, the way the running Helpdesk keeps it: a member row of the
	customer where `HD Customer Member` exists (Helpdesk then gives the contact's user its customer role,
	and a `manager` sees all the customer's tickets in its portal), else a Dynamic Link on the Contact (on
	Helpdesk 1.25 every contact of a customer sees its tickets)."""
	if _has_customer_members():
		doc = frappe.get_doc("HD Customer", customer)
		row = next((row for row in doc.contacts if row.contact_name == contact), None)
		if row and (row.is_manager or not manager):
			return
		if row:
			row.is_manager = 1
		else:
			doc.append("contacts", {"contact_name": contact, "is_manager": int(manager)})
		doc.save(ignore_permissions=True)
	elif not contact_belongs_to(contact, customer):
		doc = frappe.get_doc("Contact", contact)
		doc.append("links", {"link_doctype": "HD Customer", "link_name": customer})
		doc.save(ignore_permissions=True)


def ensure_contact(
	email: str, customers: tuple[str, ...] | list[str] = (), first_name: str | None = None, last_name=None
) -> str:
	"""The Contact with `email` (made if there is none, linked to the User of that e-mail if one exists),
	linked to each of `customers` in the site's own shape; returns its name."""
	name = frappe.db.get_value("Contact", {"email_id": email})
	if not name:
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": first_name or email.split("@")[0],
				"last_name": last_name,
				"email_ids": [{"email_id": email, "is_primary": 1}],
				"user": email if frappe.db.exists("User", email) else None,
			}
		)
		contact.insert(ignore_permissions=True)
		name = contact.name
	for customer in customers:
		link_contact(name, customer)
	return name


def portal_roles() -> list[str]:
	"""The roles Helpdesk gives a customer's portal user: `HD Customer` where the site has it (1.28+)."""
	return [role for role in ("HD Customer",) if frappe.db.exists("Role", role)]


def make_portal_user(
	email: str,
	customers: tuple[str, ...] | list[str] = (),
	first_name: str | None = None,
	manager: bool = False,
	**values,
) -> str:
	"""A customer's contact who can log in to the portal, as the running Helpdesk makes one: a Website User
	with Helpdesk's customer role where it has one, its Contact linked to the User and to each customer (as
	its manager, if `manager`). Returns the Contact's name; `values` go to a new User (language...)."""
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name or email.split("@")[0],
				"user_type": "Website User",
				"send_welcome_email": 0,
				**values,
			}
		).insert(ignore_permissions=True)
	missing = [role for role in portal_roles() if role not in frappe.get_roles(email)]
	if missing:
		frappe.get_doc("User", email).add_roles(*missing)
	contact = ensure_contact(email, (), first_name, values.get("last_name"))
	if frappe.db.get_value("Contact", contact, "user") != email:
		frappe.db.set_value("Contact", contact, "user", email)
	for customer in customers:
		link_contact(contact, customer, manager)
	return contact


# ---------------------------------------------------------------- what the app's staff roles may do

# What the app's staff (After Sales Manager, Service Engineer) need of Helpdesk's doctypes: its reports run
# on HD Ticket (Frappe asks for "report" on a report's doctype) and its forms and filters link to priorities,
# teams and ticket types. Helpdesk 1.25 gives every role ("All") that much; 1.28 gives it to its agent and
# customer roles only.
STAFF_ACCESS = {
	"HD Ticket": ("read", "report"),
	"HD Ticket Priority": ("select",),
	"HD Team": ("select",),
	"HD Ticket Type": ("select",),
}


def grant_staff_access(roles: tuple[str, ...] | list[str]) -> None:
	"""Give each role what STAFF_ACCESS names, where the site does not give it already (to the role or to
	"All"). Per-record rules stay Helpdesk's and the app's (has_permission hooks)."""
	from frappe.permissions import add_permission, update_permission_property

	for doctype, ptypes in STAFF_ACCESS.items():
		if not frappe.db.exists("DocType", doctype):
			continue
		for role in roles:
			if not frappe.db.exists("Role", role):
				continue
			for ptype in ptypes:
				if _granted(doctype, role, ptype):
					continue
				if not frappe.db.exists(
					"Custom DocPerm", {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}
				):
					add_permission(doctype, role, 0, ptype)
				update_permission_property(doctype, role, 0, ptype, 1)


_PERM_COLUMNS = ("role", "permlevel", "if_owner", "read", "write", "create", "delete", "select", "report")


def revoke_staff_access(roles: tuple[str, ...] | list[str]) -> None:
	"""Uninstall: the roles' rules go, and a doctype whose rules are then Helpdesk's own again gets back to
	them (no copy of them left behind as the site's customisation)."""
	from frappe.permissions import reset_perms

	for doctype in STAFF_ACCESS:
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": ("in", list(roles))})
		custom = _perm_rules("Custom DocPerm", doctype)
		if custom and custom == _perm_rules("DocPerm", doctype):
			reset_perms(doctype)


def _perm_rules(table: str, doctype: str) -> set[tuple]:
	return {tuple(row) for row in frappe.db.get_values(table, {"parent": doctype}, _PERM_COLUMNS)}


def _granted(doctype: str, role: str, ptype: str) -> bool:
	# Frappe reads a doctype's Custom DocPerms instead of its DocPerms once it has any
	table = "Custom DocPerm" if frappe.db.exists("Custom DocPerm", {"parent": doctype}) else "DocPerm"
	granted = ("read", "select") if ptype == "select" else (ptype,)
	return any(
		frappe.db.exists(table, {"parent": doctype, "role": ("in", (role, "All")), "permlevel": 0, p: 1})
		for p in granted
	)


# ---------------------------------------------------------------- agents, teams, priorities, holidays


def make_team(team: str, users: list[str] | tuple[str, ...]) -> str:
	"""An HD Team (a regional service centre) with its users; Helpdesk 1.28 requires at least one."""
	if not frappe.db.exists("HD Team", team):
		frappe.get_doc(
			{"doctype": "HD Team", "team_name": team, "users": [{"user": user} for user in users]}
		).insert(ignore_permissions=True)
	return team


def team_is_active(team: str) -> bool:
	"""Whether the HD Team takes tickets: Helpdesk 1.28 can disable a team (its assignment rule stops and its
	agents' pickers hide it); 1.25 has no such switch."""
	if not frappe.get_meta("HD Team").has_field("disabled"):
		return True
	return not frappe.get_cached_value("HD Team", team, "disabled")


def team_users(team: str | None) -> set[str]:
	if not team:
		return set()
	return set(
		frappe.get_all("HD Team Member", filters={"parent": team, "parenttype": "HD Team"}, pluck="user")
	)


def next_priority(priority: str | None) -> str | None:
	"""The next more urgent enabled Helpdesk priority (a lower integer value is more urgent), if any."""
	current = frappe.db.get_value("HD Ticket Priority", priority, "integer_value") if priority else None
	if current is None:
		return None
	higher = frappe.get_all(
		"HD Ticket Priority",
		filters={"integer_value": ("<", current), "disabled": 0},
		order_by="integer_value desc",
		pluck="name",
		limit=1,
	)
	return higher[0] if higher else None


def enabled_priorities() -> list[str]:
	return frappe.get_all("HD Ticket Priority", filters={"disabled": 0}, pluck="name")


def holidays(holiday_list: str | None) -> list:
	"""The dates of a Helpdesk holiday list."""
	if not holiday_list:
		return []
	return frappe.get_all(
		"HD Holiday",
		filters={"parent": holiday_list, "parenttype": "HD Service Holiday List"},
		pluck="holiday_date",
	)


def reopen_status(ticket) -> str:
	"""The status Helpdesk gives a ticket its customer reopens (its SLA's, else HD Settings')."""
	return ticket.ticket_reopen_status or "Open"


def notify_in_agent_ui(user: str, ticket: str, message: str) -> None:
	"""Helpdesk's agent UI lists HD Notifications; a "Reaction" with a message shows the message as is."""
	frappe.get_doc(
		{
			"doctype": "HD Notification",
			"user_from": "Administrator",
			"user_to": user,
			"notification_type": "Reaction",
			"reference_ticket": ticket,
			"message": message,
		}
	).insert(ignore_permissions=True)


def active_agents() -> list[dict]:
	"""Helpdesk's active agents (user and name), as its agent UI lists them for assignment."""
	return frappe.get_all(
		"HD Agent",
		filters={"is_active": 1},
		fields=["user as name", "agent_name as full_name"],
		order_by="agent_name asc",
		limit=500,
	)


def is_agent(user: str | None = None) -> bool:
	from helpdesk.utils import is_agent as helpdesk_is_agent

	return bool(helpdesk_is_agent(user or frappe.session.user))


def helpdesk_sla_for(ticket) -> str | None:
	"""The HD Service Level Agreement Helpdesk itself would choose for the ticket (its conditions, default)."""
	from helpdesk.helpdesk.doctype.hd_service_level_agreement.utils import get_sla

	try:
		sla = get_sla(ticket)
	except frappe.DoesNotExistError:
		return None  # the site has no default SLA
	return sla.name if sla else None


def send_helpdesks_acknowledgement(ticket) -> None:
	"""Helpdesk's own acknowledgement, for tickets the agreement does not cover, where the site had it on
	(the app takes the setting over at install, so that covered tickets get one receipt, the app's)."""
	if ticket.via_customer_portal or not frappe.db.get_single_value(
		"After Sales Settings", "helpdesk_acknowledgement_was_on"
	):
		return
	try:
		ticket.send_acknowledgement_email()
	except Exception:
		frappe.log_error(title=f"HD Ticket {ticket.name}: Helpdesk's acknowledgement not sent")


def status_category(status: str | None) -> str | None:
	return frappe.get_cached_value("HD Ticket Status", status, "category") if status else None


def hd_sla_name(policy_name: str) -> str:
	return f"{SLA_PREFIX}{policy_name}"[:140]


def sync_policy(policy) -> str:
	"""Create or update the HD Service Level Agreement that mirrors an SLA Policy; returns its name."""
	name = hd_sla_name(policy.name)
	sla = frappe.get_doc(HD_SLA, name) if frappe.db.exists(HD_SLA, name) else frappe.new_doc(HD_SLA)
	sla.service_level = name
	sla.description = _("Kept in sync with SLA Policy {0} by After Sales; edit the policy instead.").format(
		policy.name
	)[:140]
	sla.document_type = "HD Ticket"
	sla.enabled = policy.enabled
	sla.default_sla = 0
	sla.apply_sla_for_resolution = 1
	sla.condition = f"doc.sla_policy == {policy.name!r}"
	sla.holiday_list = _holiday_list_for(policy)
	sla.set("priorities", [])
	for target in policy.targets:
		sla.append(
			"priorities",
			{
				"priority": target.priority,
				"response_time": target.respond_within,
				"resolution_time": target.resolve_within,
				"default_priority": int(target.urgency == "General fault"),
			},
		)
	# Helpdesk expects every enabled priority in an SLA; ones no urgency maps to take the least urgent targets.
	mapped = {target.priority for target in policy.targets}
	least_urgent = policy.get_target("Consultation") or policy.targets[-1]
	for priority in enabled_priorities():
		if priority not in mapped:
			sla.append(
				"priorities",
				{
					"priority": priority,
					"response_time": least_urgent.respond_within,
					"resolution_time": least_urgent.resolve_within,
				},
			)
	sla.set("support_and_resolution", [])
	for weekday, (start, end) in _working_days(policy).items():
		sla.append("support_and_resolution", {"workday": weekday, "start_time": start, "end_time": end})
	sla.flags.ignore_permissions = True
	sla.flags.from_after_sales = True
	sla.save()
	return sla.name


def delete_policy_sla(policy_name: str) -> None:
	name = hd_sla_name(policy_name)
	if frappe.db.exists(HD_SLA, name):
		fallback = frappe.db.get_value(HD_SLA, {"default_sla": 1}, "name")
		frappe.db.set_value("HD Ticket", {"sla": name}, "sla", fallback, update_modified=False)
		frappe.delete_doc(HD_SLA, name, ignore_permissions=True, force=True)
	if frappe.db.exists("HD Service Holiday List", name):
		frappe.delete_doc("HD Service Holiday List", name, ignore_permissions=True, force=True)


def delete_all_policy_slas() -> None:
	for name in frappe.get_all(HD_SLA, filters={"name": ("like", f"{SLA_PREFIX}%")}, pluck="name"):
		delete_policy_sla(name[len(SLA_PREFIX) :])
	if frappe.db.exists("HD Service Holiday List", ALWAYS_OPEN_HOLIDAY_LIST):
		frappe.delete_doc(
			"HD Service Holiday List", ALWAYS_OPEN_HOLIDAY_LIST, ignore_permissions=True, force=True
		)


def _working_days(policy) -> dict[str, tuple[str, str]]:
	"""Helpdesk takes one window per weekday: the policy's first start to its last end that day."""
	if policy.clock != "Business hours":
		return {day: (DAY_START, DAY_END) for day in WEEKDAYS}
	days: dict[str, tuple[str, str]] = {}
	for row in policy.working_hours:
		start, end = str(row.start_time), str(row.end_time)
		if end in ("0:00:00", "00:00:00"):
			end = DAY_END
		start = start.zfill(8)
		end = end.zfill(8)
		if row.weekday in days:
			start, end = min(start, days[row.weekday][0]), max(end, days[row.weekday][1])
		days[row.weekday] = (start, end)
	return {day: days[day] for day in WEEKDAYS if day in days}


def _holiday_list_for(policy) -> str:
	"""The holiday list Helpdesk's SLA for the policy runs on: the policy's own, plus the holidays of its
	statutory calendar in a list of the app's (Helpdesk knows no make-up working days; the app's own
	deadlines, which replace Helpdesk's on every save, count those too)."""
	from after_sales.after_sales.doctype.sla_policy.sla_policy import statutory_days

	statutory = policy.statutory_calendar if policy.clock == "Business hours" else None
	name = hd_sla_name(policy.name)
	if not statutory:
		if frappe.db.exists("HD Service Holiday List", name):
			frappe.db.set_value(
				HD_SLA, name, "holiday_list", policy.holiday_list or _always_open_holiday_list()
			)
			frappe.delete_doc("HD Service Holiday List", name, ignore_permissions=True, force=True)
		return policy.holiday_list or _always_open_holiday_list()
	days = {getdate(day): policy.holiday_list or "" for day in holidays(policy.holiday_list)}
	for day in statutory_days(statutory)[0]:
		days.setdefault(getdate(day), statutory)
	doc = (
		frappe.get_doc("HD Service Holiday List", name)
		if frappe.db.exists("HD Service Holiday List", name)
		else frappe.new_doc("HD Service Holiday List")
	)
	doc.holiday_list_name = name
	doc.from_date = min(days, default=getdate("2000-01-01"))
	doc.to_date = max(days, default=add_years(getdate(today()), 1))
	doc.description = _("Kept by After Sales from SLA Policy {0}").format(policy.name)[:140]
	doc.set(
		"holidays", [{"holiday_date": day, "description": source} for day, source in sorted(days.items())]
	)
	doc.flags.ignore_permissions = True
	doc.save()
	return doc.name


def _always_open_holiday_list() -> str:
	if not frappe.db.exists("HD Service Holiday List", ALWAYS_OPEN_HOLIDAY_LIST):
		frappe.get_doc(
			{
				"doctype": "HD Service Holiday List",
				"holiday_list_name": ALWAYS_OPEN_HOLIDAY_LIST,
				"from_date": getdate("2000-01-01"),
				"to_date": add_years(getdate(today()), 100),
				"description": "24x7: no holidays",
			}
		).insert(ignore_permissions=True)
	return ALWAYS_OPEN_HOLIDAY_LIST


def apply_agreement_status(ticket) -> None:
	"""Let Helpdesk's own status logic read the deadlines we set."""
	if ticket.sla and frappe.get_cached_value(HD_SLA, ticket.sla, "name"):
		frappe.get_cached_doc(HD_SLA, ticket.sla).handle_agreement_status(ticket)


# ---------------------------------------------------------------- ticket template (agent UI side panel)


def add_template_rows() -> None:
	"""Append our fields to Helpdesk's Default ticket template, leaving the site's own rows alone."""
	if not frappe.db.exists("HD Ticket Template", "Default"):
		return
	template = frappe.get_doc("HD Ticket Template", "Default")
	present = {row.fieldname for row in template.fields}
	added = False
	for fieldname, hide_from_customer in TEMPLATE_ROWS:
		if fieldname not in present:
			template.append("fields", {"fieldname": fieldname, "hide_from_customer": hide_from_customer})
			added = True
	if added:
		template.flags.ignore_permissions = True
		template.save()


def remove_template_rows() -> None:
	"""Remove our rows (before our fields go: a row naming a missing field breaks the template)."""
	ours = {fieldname for fieldname, _hide in TEMPLATE_ROWS}
	frappe.db.delete(
		"HD Ticket Template Field", {"parenttype": "HD Ticket Template", "fieldname": ("in", ours)}
	)
	frappe.clear_document_cache("HD Ticket Template", "Default")


# ---------------------------------------------------------------- acknowledgement


def helpdesk_acknowledgement_on() -> bool:
	return bool(frappe.db.get_single_value("HD Settings", "send_acknowledgement_email"))


def set_helpdesk_acknowledgement(on: bool) -> None:
	frappe.db.set_single_value("HD Settings", "send_acknowledgement_email", int(on))


def notify_many_in_agent_ui(notifications: list[tuple[str, str, str]]) -> None:
	"""`notify_in_agent_ui` for many (user, ticket, message) at once, in one statement (HD Notification's
	insert hooks act only on mentions)."""
	if not notifications:
		return
	insert_rows(
		"HD Notification",
		[
			{
				"user_from": "Administrator",
				"user_to": to,
				"notification_type": "Reaction",
				"reference_ticket": ticket,
				"message": message,
				"read": 0,
			}
			for to, ticket, message in notifications
		],
	)
