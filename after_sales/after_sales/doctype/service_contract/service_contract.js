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
		if (frm.doc.docstatus === 1 && frm.doc.status !== "Renewed" && frappe.model.can_create("Service Contract")) {
			frm.add_custom_button(__("Renew"), () =>
				frm.call("make_renewal").then(({ message }) => frappe.set_route("Form", "Service Contract", message))
			);
		}
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
	onload_post_render(frm) {
		const used = frm.doc.__onload && frm.doc.__onload.onsite_visits_used;
		if (used !== undefined && frm.doc.docstatus === 1) {
			const included = frm.doc.onsite_visits_included || 0;
			frm.dashboard.add_indicator(
				__("On-site visits: {0} of {1} used", [used, included]),
				used > included ? "red" : "blue"
			);
		}
	},
	customer(frm) {
		frm.clear_table("contacts");
		frm.refresh_field("contacts");
	},
});
