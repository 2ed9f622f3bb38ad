// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.listview_settings["Update Release"] = {
	add_fields: ["status", "release_type"],
	get_indicator(doc) {
		if (doc.status === "Published") {
			return doc.release_type === "Security"
				? [__("Published (security)"), "red", "status,=,Published"]
				: [__("Published"), "green", "status,=,Published"];
		}
		return [__("Draft"), "gray", "status,=,Draft"];
	},
};
