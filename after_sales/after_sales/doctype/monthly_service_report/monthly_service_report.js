// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt

frappe.ui.form.on("Monthly Service Report", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.set_intro(
			frm.doc.status === "Sent"
				? __("Sent to the customer on {0}. The figures are frozen.", [
						frappe.datetime.str_to_user(frm.doc.sent_on),
				  ])
				: __("Figures taken on {0}. Refresh them before sending if tickets changed since.", [
						frappe.datetime.str_to_user(frm.doc.compiled_on),
				  ]),
			frm.doc.status === "Sent" ? "green" : "blue"
		);
		if (frm.doc.status !== "Sent" && frm.perm[0]?.write) {
			frm.add_custom_button(__("Refresh Figures"), () =>
				frm.call("refresh_figures").then(() => frm.reload_doc())
			);
			frm.add_custom_button(__("Send Now"), () =>
				frappe.confirm(
					__("E-mail this report as a PDF to the contacts of {0}?", [frm.doc.customer.bold()]),
					() =>
						frm.call("send_now").then((r) => {
							frappe.show_alert({
								message: __("Sent to {0}", [r.message.split("\n").join(", ")]),
								indicator: "green",
							});
							frm.reload_doc();
						})
				)
			);
		}
		frm.add_custom_button(__("PDF"), () => {
			// the PDF as e-mailed once sent, else rendered now exactly as it would be sent
			window.open(
				`/api/method/after_sales.service_reports.download_pdf?name=${encodeURIComponent(frm.doc.name)}`
			);
		});
	},
});
