// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.query_reports["Release Adoption"] = {
	filters: [
		{ fieldname: "product", label: __("Product"), fieldtype: "Link", options: "Software Product" },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "HD Customer" },
		{ fieldname: "date", label: __("Contracts Active On"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "releases_behind" && data && data.releases_behind > 0) {
			value = `<span style="color: var(--red-600)">${value}</span>`;
		}
		return value;
	},
};
