app_name = "after_sales"
app_title = "After Sales"
app_publisher = "after_sales developers"
app_description = "Runs a software supplier's after-sales service agreement inside Frappe Helpdesk"
app_email = "after-sales@example.com"
app_license = "mit"

# Helpdesk must be installed first. The org/repo form keeps Frappe 15 from looking the
# app up online at install time (a bare name is resolved through the network).
required_apps = ["frappe/helpdesk"]

export_python_type_annotations = True
require_type_annotated_api_methods = True

# Installation
# ------------
after_install = "after_sales.install.after_install"
after_migrate = "after_sales.install.after_migrate"
before_uninstall = "after_sales.install.before_uninstall"

# Records the app owns, always filtered to its own names.
fixtures = [
	{
		"dt": "Role",
		"filters": [["role_name", "in", ["After Sales Manager", "Service Engineer"]]],
	},
	{
		"dt": "HD Ticket Type",
		"filters": [
			[
				"name",
				"in",
				[
					"Installation",
					"Configuration",
					"Training",
					"Consultation",
					"Fault",
					"Upgrade",
					"Customisation",
				],
			]
		],
	},
]

# Document events on Helpdesk's doctypes (thin handlers in overrides/)
# ---------------
doc_events = {
	"HD Ticket": {
		"before_insert": "after_sales.overrides.hd_ticket.before_insert",
		"before_validate": "after_sales.overrides.hd_ticket.before_validate",
		"before_save": "after_sales.overrides.hd_ticket.before_save",
		"after_insert": "after_sales.overrides.hd_ticket.after_insert",
		"on_update": "after_sales.overrides.hd_ticket.on_update",
		# after every save and db_set: the days whose compliance counts a change made stale
		"on_change": "after_sales.overrides.hd_ticket.on_change",
		"on_trash": "after_sales.overrides.hd_ticket.on_trash",
	},
	# the app's own HD Form Scripts (helpdesk_ui/): written by install and migrate, never by hand
	"HD Form Script": {
		"before_validate": "after_sales.helpdesk_ui.guard",
	},
}

doctype_js = {"HD Ticket": "public/js/hd_ticket.js"}

# Customer portal (www/my-*.html), in the site's portal menu; a customer's tickets are Helpdesk's own
# portal pages, which show the agreement through the app's form script (helpdesk_ui/)
# ---------------
standard_portal_menu_items = [
	{"title": "My Service", "route": "/my-service", "reference_doctype": "Service Contract"},
	{"title": "My Requests", "route": "/helpdesk/my-tickets", "reference_doctype": "HD Ticket"},
	{"title": "Updates", "route": "/my-updates", "reference_doctype": "Update Release"},
	{"title": "Training", "route": "/my-training", "reference_doctype": "Training Session"},
	{"title": "Follow-ups", "route": "/my-follow-ups", "reference_doctype": "Service Follow-up"},
]

# The app's own ticket list, retired: links to it (old e-mails, bookmarks) land on Helpdesk's portal
website_redirects = [{"source": "/my-requests", "target": "/helpdesk/my-tickets"}]

# Who sees what (AGR-25): rules only on the app's own doctypes (permissions.py)
# ---------------
permission_query_conditions = {
	"Service Contract": "after_sales.permissions.service_contract_query",
	"Service Follow-up": "after_sales.permissions.service_follow_up_query",
	"Update Release": "after_sales.permissions.update_release_query",
	"Training Session": "after_sales.permissions.training_session_query",
	"Monthly Service Report": "after_sales.permissions.monthly_service_report_query",
	# child tables: Frappe checks their rows against the parent's role only (permissions.CHILD_CRITERIA)
	**{
		child: "after_sales.permissions.child_query"
		for child in (
			"Training Attendee",
			"Update Release Delivery",
			"Service Contract Contact",
			"Service Contract Ticket Type",
			"Monthly Service Report Line",
			"SLA Policy Target",
			"SLA Working Hours",
			"SLA Follow-up Rule",
			"Statutory Calendar Day",
		)
	},
	# Helpdesk 1.28's customer members: a contact lists its own customers' people only
	"HD Customer Member": "after_sales.permissions.customer_member_query",
	# Contact's own child tables (permissions.CONTACT_CHILDREN)
	**{
		child: "after_sales.permissions.contact_child_query"
		for child in ("Contact Email", "Contact Phone", "Dynamic Link")
	},
}

has_permission = {
	# only the app's own two records (helpdesk_ui.NAMES); Helpdesk has no rule of its own on this doctype
	"HD Form Script": "after_sales.helpdesk_ui.has_permission",
	"Service Contract": "after_sales.permissions.has_permission",
	"Service Follow-up": "after_sales.permissions.has_permission",
	"Update Release": "after_sales.permissions.has_permission",
	"Training Session": "after_sales.permissions.has_permission",
	"Monthly Service Report": "after_sales.permissions.has_permission",
}

# Framework reads that Frappe 15 serves without permissions (counts): the same methods, with them
# (overrides/framework_reads.py says why)
override_whitelisted_methods = {
	"frappe.client.get_count": "after_sales.overrides.framework_reads.get_count",
	"frappe.desk.listview.get_group_by_count": "after_sales.overrides.framework_reads.get_group_by_count",
	"frappe.desk.form.load.getdoc": "after_sales.overrides.framework_reads.getdoc",
	"frappe.desk.form.load.get_docinfo": "after_sales.overrides.framework_reads.get_docinfo",
	"frappe.client.validate_link": "after_sales.overrides.framework_reads.validate_link",
	# Frappe's reports and dashboard charts, read from the site's replica when it has one (replica.py)
	"frappe.desk.query_report.run": "after_sales.replica.run",
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": "after_sales.replica.chart",
}

# Frappe 15's list queries let a sub-query through in a sort or grouping (overrides/framework_sql.py):
# the check it meant, put in place at the start of every request and job
before_request = ["after_sales.overrides.framework_sql.install"]
before_job = ["after_sales.overrides.framework_sql.install"]

# Scheduled tasks
# ---------------
scheduler_events = {
	"cron": {
		"* * * * *": [
			"after_sales.watchdog.watch_tickets",
			"after_sales.compliance_days.recount",
			# group robots' messages due again (a retry, the next minute under a platform's limit)
			"after_sales.robot_delivery.send_due",
		]
	},
	"daily": [
		"after_sales.tasks.refresh_contract_statuses",
		"after_sales.tasks.send_contract_notices",
		"after_sales.follow_ups.send_due",
		"after_sales.tasks.check_satisfaction",
		# each statutory calendar's next year, once the holidays library has it (December: say if it has not)
		"after_sales.after_sales.doctype.statutory_calendar.statutory_calendar.update_from_library",
	],
	# AGR-27: each customer's report on last month, e-mailed on the 1st (one background job per customer)
	"monthly_long": ["after_sales.service_reports.send_monthly"],
	# Agreement Compliance's day counts, all counted anew: heals writes that bypassed the document API
	"daily_long": ["after_sales.compliance_days.rebuild"],
}

# Testing
# -------
before_tests = "after_sales.tests.utils.before_tests"
