// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt
// The agreement's process on the HD Ticket form in Desk: a timeline and the agent's actions (AGR-14..19).

const AS_STEPS = [
	["Reported", "opening_date"],
	["Acknowledged", "acknowledged_on"],
	["Diagnosed", "diagnosed_on"],
	["Solution proposed", "solution_proposed_on"],
	["Solution confirmed", "solution_confirmed_on"],
	["Executed and verified", "verified_on"],
	["Closed with feedback", "feedback_closed_on"],
];

function as_call(frm, method, args) {
	return frappe
		.call({ method: "after_sales.api.ticket." + method, args: { ticket: frm.doc.name, ...args } })
		.then(() => frm.reload_doc());
}

function as_render_timeline(frm) {
	const field = frm.get_field("service_timeline");
	if (!field) return;
	const current = AS_STEPS.findIndex(([step]) => step === frm.doc.service_step);
	const items = AS_STEPS.map(([step, fieldname], i) => {
		const when = frm.doc[fieldname];
		const done = i <= current;
		const label = when ? frappe.datetime.str_to_user(when) : "";
		return `<div class="as-step ${done ? "as-done" : ""}" style="display:flex;gap:8px;align-items:center;margin:4px 0;">
			<span class="indicator-pill ${done ? "green" : "gray"}" style="min-width:12px;">${i + 1}</span>
			<span style="${i === current ? "font-weight:600;" : ""}">${__(step)}</span>
			<span class="text-muted small">${label}</span></div>`;
	});
	const deadlines = [
		[__("Acknowledge by"), frm.doc.acknowledge_by, frm.doc.acknowledge_status],
		[__("Respond by"), frm.doc.response_by, frm.doc.response_status],
		[__("Resolve by"), frm.doc.resolution_by, frm.doc.resolution_status],
	]
		.filter(([, when]) => when)
		.map(
			([label, when, status]) =>
				`<div>${label}: <b>${frappe.datetime.str_to_user(when)}</b> ${
					status ? `<span class="indicator-pill ${status === "Met" ? "green" : "red"}">${__(status)}</span>` : ""
				}</div>`
		);
	field.$wrapper.html(
		`<div>${items.join("")}</div><div style="margin-top:8px;">${deadlines.join("")}</div><div class="as-alerts"></div>`
	);
	if (frm.is_new()) return;
	frappe.db
		.get_list("SLA Alert Log", {
			filters: { ticket: frm.doc.name },
			fields: ["fired_on", "target", "kind", "status", "recipients"],
			order_by: "fired_on asc",
			limit: 50,
		})
		.then((rows) => {
			if (!rows.length) return;
			const lines = rows.map(
				(r) =>
					`<div class="small">${frappe.datetime.str_to_user(r.fired_on)}: ${__(r.kind)} (${__(r.target)}), ${__(
						r.status
					)}${r.recipients ? " - " + frappe.utils.escape_html(r.recipients) : ""}</div>`
			);
			field.$wrapper
				.find(".as-alerts")
				.html(`<div style="margin-top:8px;"><b>${__("Alerts sent")}</b>${lines.join("")}</div>`);
		});
	frappe.db
		.get_list("Service Follow-up", {
			filters: { ticket: frm.doc.name },
			fields: ["name", "due_on", "status", "outcome"],
			order_by: "due_on asc",
		})
		.then((rows) => {
			if (!rows.length) return;
			const lines = rows.map(
				(r) =>
					`<div class="small"><a href="/app/service-follow-up/${r.name}">${r.name}</a>: ${__("due")} ${frappe.datetime.str_to_user(
						r.due_on
					)}, ${__(r.status)}${r.outcome ? " - " + __(r.outcome) : ""}</div>`
			);
			field.$wrapper.append(`<div style="margin-top:8px;"><b>${__("Follow-ups")}</b>${lines.join("")}</div>`);
		});
}

frappe.ui.form.on("HD Ticket", {
	refresh(frm) {
		as_render_timeline(frm);
		if (frm.is_new()) return;
		if (frm.doc.service_entitlement === "No active contract") {
			frm.dashboard.set_headline(__("No active service contract: sales has been told."), "orange");
		}
		// the steps that make sense now, by the same rule as the agent UI and the server (process.next_steps)
		if (!frappe.user.has_role(["Agent", "Agent Manager", "Administrator"])) return;
		frappe
			.xcall("after_sales.api.ticket.service_process", { ticket: frm.doc.name })
			.then((view) => as_add_steps(frm, view));
	},
});

function as_add_steps(frm, view) {
	const next = view.next_steps || [];
	const group = __("Service Process");
	if (next.includes("diagnose")) {
		frm.add_custom_button(
			__("Record Diagnosis"),
			() => {
				const d = new frappe.ui.Dialog({
					title: __("Initial Diagnosis"),
					fields: [
						{ fieldname: "mode", fieldtype: "Select", label: __("Diagnosis"), options: "Remote\nOn-site", reqd: 1 },
						{ fieldname: "visit_date", fieldtype: "Datetime", label: __("Visit Date"), depends_on: 'eval:doc.mode=="On-site"' },
						{ fieldname: "engineer", fieldtype: "Link", options: "User", label: __("Engineer"), depends_on: 'eval:doc.mode=="On-site"' },
						{ fieldname: "address", fieldtype: "Small Text", label: __("Address"), depends_on: 'eval:doc.mode=="On-site"' },
					],
					primary_action_label: __("Save"),
					primary_action: (values) => as_call(frm, "record_diagnosis", values).then(() => d.hide()),
				});
				d.show();
			},
			group
		);
	}
	if (next.includes("propose")) {
		frm.add_custom_button(
			__("Propose Solution"),
			() =>
				frappe.prompt(
					{ fieldname: "solution", fieldtype: "Small Text", label: __("Proposed Solution"), reqd: 1 },
					(v) => as_call(frm, "propose_solution", v),
					__("Propose Solution")
				),
			group
		);
	}
	if (next.includes("confirm")) {
		frm.add_custom_button(
			__("Record Customer Confirmation"),
			() =>
				frappe.prompt(
					[
						{ fieldname: "confirmed_by", fieldtype: "Data", label: __("Confirmed By"), reqd: 1, default: frm.doc.raised_by },
						{
							fieldname: "via",
							fieldtype: "Select",
							label: __("Confirmed Via"),
							options: (view.confirmation_channels || []).map((c) => c.value).join("\n"),
						},
					],
					(v) => as_call(frm, "confirm_solution", v),
					__("Customer Confirmed the Solution")
				),
			group
		);
	}
	if (next.includes("verify")) {
		frm.add_custom_button(
			__("Record Verification"),
			() =>
				frappe.prompt(
					{ fieldname: "note", fieldtype: "Small Text", label: __("Verification Note"), reqd: 1 },
					(v) => as_call(frm, "record_verification", v),
					__("Executed and Verified")
				),
			group
		);
	}
	if (view.can_reapply) {
		frm.add_custom_button(__("Re-apply Contract Terms"), () => as_call(frm, "reapply", {}), group);
	}
	if (view.training && (view.training.session || view.training.can_schedule)) {
		frm.add_custom_button(__("Schedule Training"), () =>
			frappe
				.call("after_sales.api.training.make_training_session", { ticket: frm.doc.name })
				.then(({ message }) => {
					const doc = frappe.model.sync(message)[0];
					frappe.set_route("Form", doc.doctype, doc.name);
				})
		);
	}
}
