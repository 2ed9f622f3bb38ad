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


# ---------------------------------------------------------------- agents, teams, priorities, holidays


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
	sla.holiday_list = policy.holiday_list or _always_open_holiday_list()
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
