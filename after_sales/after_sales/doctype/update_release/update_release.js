// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.ui.form.on("Update Release", {
	setup(frm) {
		frm.set_query("product", () => ({ filters: { disabled: 0 } }));
	},
	refresh(frm) {
		if (frm.doc.release_type === "Security") {
			frm.dashboard.set_headline(__("Security release"), "red");
		}
		if (frm.doc.status === "Published") {
			frm.set_df_property("product", "read_only", 1);
			frm.set_df_property("version", "read_only", 1);
			const reach = frm.doc.entitled_customers
				? __("{0} of {1} entitled customers installed it ({2}%). The agreement cites 80%.", [
						frm.doc.installed_customers,
						frm.doc.entitled_customers,
						flt(frm.doc.reach_percent, 1),
				  ])
				: __("Reach: n/a (no customer was entitled on the publishing day).");
			frm.dashboard.add_comment(reach, frm.doc.reach_percent >= 80 ? "green" : "blue", true);
			const overdue = frm.doc.__onload && frm.doc.__onload.overdue_deliveries;
			if (overdue) {
				frm.dashboard.add_comment(
					__("{0} customers have not installed it yet, past the follow-up time.", [overdue]),
					"orange",
					true
				);
			}
			(frm.doc.deliveries || [])
				.filter((row) => row.note)
				.forEach((row) => frm.dashboard.add_comment(`${row.customer}: ${row.note}`, "red", true));
		}
		const can_publish =
			!frm.is_new() &&
			frm.doc.status === "Draft" &&
			(frappe.user.has_role("After Sales Manager") || frappe.user.has_role("System Manager"));
		const pending = (frm.doc.deliveries || []).filter((row) => row.status === "Pending" && !row.notified_on);
		if (frm.doc.status === "Published" && pending.length && frm.perm[0]?.write) {
			frm.add_custom_button(__("Notify Pending"), () =>
				frm.call("notify_pending").then((r) => {
					frappe.show_alert({
						message: __("{0} of {1} pending customers notified", [r.message, pending.length]),
						indicator: r.message ? "green" : "orange",
					});
					frm.reload_doc();
				})
			);
		}
		if (can_publish) {
			frm.add_custom_button(__("Publish"), () => {
				frappe.confirm(
					__("Publish {0} to every entitled customer? This cannot be undone.", [frm.doc.title]),
					() => frm.call("publish").then(() => frm.reload_doc())
				);
			}).addClass("btn-primary");
		}
	},
});
