// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.views.calendar["Training Session"] = {
	field_map: {
		start: "starts_on",
		end: "ends_on",
		id: "name",
		title: "title",
	},
	gantt: false,
	filters: [
		{ fieldtype: "Link", fieldname: "trainer", options: "User", label: __("Trainer") },
		{ fieldtype: "Link", fieldname: "customer", options: "HD Customer", label: __("Customer") },
	],
	get_events_method: "frappe.desk.calendar.get_events",
};
