// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

// Counted from the tickets by the app (compliance_days.py): nothing here is saved by hand
frappe.ui.form.on("Compliance Day", {
	refresh(frm) {
		frm.disable_save();
		frm.set_intro(__("Counted from the tickets by the app; nobody edits this record."), "blue");
	},
});
