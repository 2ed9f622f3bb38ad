// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.listview_settings["Service Follow-up"] = {
	add_fields: ["status", "due_on", "outcome"],
	get_indicator(doc) {
		if (doc.status === "Open") {
			return doc.due_on <= frappe.datetime.get_today()
				? [__("Due"), "orange", "status,=,Open|due_on,<=,Today"]
				: [__("Scheduled"), "blue", "status,=,Open"];
		}
		if (doc.status === "Done") {
			return [__(doc.outcome || "Done"), doc.outcome === "Recurred" ? "red" : "green", "status,=,Done"];
		}
		return [__("Cancelled"), "gray", "status,=,Cancelled"];
	},
};
