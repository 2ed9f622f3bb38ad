// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.listview_settings["Training Session"] = {
	add_fields: ["status", "mode"],
	get_indicator(doc) {
		const colours = { Planned: "blue", Completed: "green", Cancelled: "red" };
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
