// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.ui.form.on("Service Contract", {
	setup(frm) {
		frm.set_query("sla_policy", () => ({ filters: { enabled: 1 } }));
		frm.set_query("product", () => ({ filters: { disabled: 0 } }));
		frm.set_query("contact", "contacts", () => ({
			query: "frappe.contacts.doctype.contact.contact.contact_query",
			filters: { link_doctype: "HD Customer", link_name: frm.doc.customer },
		}));
	},
	onload(frm) {
		if (frm.is_new() && !frm.doc.sla_policy) {
			frappe.db
				.get_value("SLA Policy", { is_default: 1, enabled: 1 }, "name")
				.then(({ message }) => message && frm.set_value("sla_policy", message.name));
		}
	},
	refresh(frm) {
		if (frm.doc.free_service_end && frm.doc.docstatus === 1) {
			const days = frappe.datetime.get_day_diff(frm.doc.free_service_end, frappe.datetime.get_today());
			const message =
				days >= 0
					? __("Free service until {0} ({1} days left).", [
							frappe.datetime.str_to_user(frm.doc.free_service_end),
							days,
					  ])
					: __("Free service ended on {0}; service continues under the paid contract.", [
							frappe.datetime.str_to_user(frm.doc.free_service_end),
					  ]);
			frm.dashboard.set_headline(message, days >= 0 ? "green" : "blue");
		}
	},
	customer(frm) {
		frm.clear_table("contacts");
		frm.refresh_field("contacts");
	},
});
