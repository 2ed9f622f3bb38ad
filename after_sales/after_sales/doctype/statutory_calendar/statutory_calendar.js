// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.ui.form.on("Statutory Calendar", {
	refresh(frm) {
		if (frm.is_new()) return;
		const holidays = (frm.doc.days || []).filter((row) => row.kind === "Holiday").length;
		const working = (frm.doc.days || []).length - holidays;
		frm.set_intro(
			__("{0} holidays and {1} make-up working days. Business-hours SLA Policies that name this calendar count them in every deadline.", [
				holidays,
				working,
			]),
			"blue"
		);
		if (!frm.perm[0]?.write) return;
		frm.add_custom_button(__("Add a Year from the Library"), () =>
			frappe.prompt(
				{
					fieldname: "year",
					fieldtype: "Int",
					label: __("Year"),
					reqd: 1,
					default: new Date().getFullYear() + 1,
				},
				({ year }) =>
					frm.call("add_year_from_library", { year }).then((r) => {
						frappe.show_alert({
							message: __("{0} days added", [r.message.added]),
							indicator: "green",
						});
						frm.reload_doc();
					}),
				__("Add a Year from the Library"),
				__("Add")
			)
		);
	},
});
