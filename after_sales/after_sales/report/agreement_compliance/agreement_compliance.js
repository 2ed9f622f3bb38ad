// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.query_reports["Agreement Compliance"] = {
	filters: [
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.get_today(), -1) },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "HD Customer" },
		{ fieldname: "service_contract", label: __("Contract"), fieldtype: "Link", options: "Service Contract" },
		{ fieldname: "product", label: __("Product"), fieldtype: "Link", options: "Software Product" },
		{ fieldname: "service_centre", label: __("Service Centre"), fieldtype: "Link", options: "HD Team" },
		{ fieldname: "urgency", label: __("Urgency"), fieldtype: "Select", options: "\nUrgent fault\nGeneral fault\nConsultation" },
		{ fieldname: "request_channel", label: __("Channel"), fieldtype: "Select", options: "\nE-mail\nPortal\nPhone\nChat" },
	],
};
