// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.query_reports["Contract Overview"] = {
	filters: [
		{ fieldname: "expiring_within", label: __("Expiring Within (Days)"), fieldtype: "Int", default: 30 },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "HD Customer" },
		{ fieldname: "product", label: __("Product"), fieldtype: "Link", options: "Software Product" },
		{ fieldname: "service_centre", label: __("Service Centre"), fieldtype: "Link", options: "HD Team" },
		{ fieldname: "status", label: __("Status"), fieldtype: "Select", options: "\nScheduled\nActive\nExpiring\nExpired\nRenewed" },
	],
};
