// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.listview_settings["Monthly Service Report"] = {
	add_fields: ["status", "commitments_met", "commitments_measured"],
	get_indicator(doc) {
		if (doc.status === "Sent") return [__("Sent"), "green", "status,=,Sent"];
		if (doc.status === "Not Sent") return [__("Not Sent"), "red", "status,=,Not Sent"];
		return [__("Draft"), "orange", "status,=,Draft"];
	},
};
