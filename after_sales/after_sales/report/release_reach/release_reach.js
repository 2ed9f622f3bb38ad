// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.query_reports["Release Reach"] = {
	filters: [
		{ fieldname: "product", label: __("Product"), fieldtype: "Link", options: "Software Product" },
		{ fieldname: "from_date", label: __("Released From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Released To"), fieldtype: "Date" },
	],
};
