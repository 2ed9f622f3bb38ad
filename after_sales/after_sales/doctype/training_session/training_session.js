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
	is_internal(frm) {
		if (frm.doc.is_internal) frm.set_value("customer", null);
	},
});
