// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.ui.form.on("Training Session", {
	setup(frm) {
		frm.set_query("product", () => ({ filters: { disabled: 0 } }));
		frm.set_query("contact", "attendees", () =>
			frm.doc.customer
				? {
						query: "frappe.contacts.doctype.contact.contact.contact_query",
						filters: { link_doctype: "HD Customer", link_name: frm.doc.customer },
				  }
				: {}
		);
	},
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.status === "Planned" && (frm.doc.attendees || []).some((row) => !row.invited_on)) {
			frm.add_custom_button(__("Send Invitations"), () =>
				frm.call("send_invitations").then(({ message }) => {
					frappe.show_alert({ message: __("{0} invitations sent", [message]), indicator: "green" });
					frm.reload_doc();
				})
			);
		}
		if (frm.doc.status === "Completed") {
			frm.add_custom_button(__("Ask for Feedback"), () =>
				frm.call("request_feedback").then(({ message }) => {
					frappe.show_alert({ message: __("{0} feedback requests sent", [message]), indicator: "green" });
					frm.reload_doc();
				})
			);
		}
	},
	is_internal(frm) {
		if (frm.doc.is_internal) frm.set_value("customer", null);
	},
});
