// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.query_reports["Service Volume and Satisfaction"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			// values the server groups by, labels in the user's language
			options: [
				{ value: "month", label: __("Month") },
				{ value: "request_channel", label: __("Channel") },
				{ value: "ticket_type", label: __("Service Type") },
			],
			default: "month",
			reqd: 1,
		},
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.get_today(), -12) },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "HD Customer" },
		{ fieldname: "service_contract", label: __("Contract"), fieldtype: "Link", options: "Service Contract" },
		{ fieldname: "product", label: __("Product"), fieldtype: "Link", options: "Software Product" },
		{ fieldname: "service_centre", label: __("Service Centre"), fieldtype: "Link", options: "HD Team" },
		{ fieldname: "request_channel", label: __("Channel"), fieldtype: "Select", options: "\nE-mail\nPortal\nPhone\nChat" },
		{ fieldname: "ticket_type", label: __("Service Type"), fieldtype: "Link", options: "HD Ticket Type" },
		{ fieldname: "urgency", label: __("Urgency"), fieldtype: "Select", options: "\nUrgent fault\nGeneral fault\nConsultation" },
	],
};
