// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.listview_settings["Service Contract"] = {
	add_fields: ["status", "free_service_end"],
	get_indicator(doc) {
		const colours = {
			Draft: "gray",
			Scheduled: "blue",
			Active: "green",
			Expiring: "orange",
			Expired: "red",
			Cancelled: "red",
			Renewed: "purple",
		};
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
