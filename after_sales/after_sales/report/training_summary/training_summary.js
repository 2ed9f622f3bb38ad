// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.query_reports["Training Summary"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			// values the server groups by, labels in the user's language
			options: [
				{ value: "customer", label: __("Customer") },
				{ value: "trainer", label: __("Trainer") },
				{ value: "product", label: __("Product") },
			],
			default: "customer",
			reqd: 1,
		},
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date" },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "HD Customer" },
		{ fieldname: "product", label: __("Product"), fieldtype: "Link", options: "Software Product" },
		{ fieldname: "trainer", label: __("Trainer"), fieldtype: "Link", options: "User" },
		{ fieldname: "mode", label: __("Mode"), fieldtype: "Select", options: "\nOnline\nOn-site" },
	],
};
