// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt
//
// The agreement's service process on the ticket page of Helpdesk's agent UI (/helpdesk/tickets/<n>):
// the three targets' deadlines with their state (AGR-15, AGR-21..24) and the agent's steps (AGR-16..18),
// the urgency (AGR-21..23), the contract's terms and a Training ticket's session (AGR-8).
//
// An HD Form Script owned by the after_sales app (after_sales/helpdesk_ui/__init__.py installs it and
// `bench migrate` restores it). Helpdesk runs it as `new Function(script + "return setupForm")()` and shows
// the actions it returns in the ticket's header. Every step calls the app's server methods
// (after_sales.api.ticket.*), which check the agent's permissions and the agreement's rules; the script
// decides nothing. On a ticket without agreement terms it adds nothing.

const AS_METHOD = "after_sales.api.ticket.";

async function setupForm({ doc, call, toast, $dialog }) {
	// read here, before any await, so that the agent UI runs this again when the ticket changes
	const name = doc && doc.name;
	const version = doc && doc.modified;
	if (!name || !version || typeof call !== "function" || typeof $dialog !== "function") {
		return { actions: [] };
	}
	asShowNotice(toast);
	let view;
	try {
		view = await call(AS_METHOD + "service_process", { ticket: name });
	} catch (error) {
		return { actions: [] }; // not a ticket this user may follow: Helpdesk as it is
	}
	if (!view) return { actions: [] };
	const ctx = { name, view, call, toast, $dialog };
	return { actions: [...asDeadlineActions(ctx), ...asProcessActions(ctx)] };
}

// ---------------------------------------------------------------- deadlines (AGR-15, AGR-21..24)

function asDeadlineLabel(target, lang) {
	if (target.state === "met" || target.state === "paused" || (target.state === "missed" && target.reached_on)) {
		return __("{0}: {1}", [target.label, target.state_label]);
	}
	return __("{0} by {1}", [target.label, asTime(target.due, lang)]);
}

function asDeadlineActions(ctx) {
	const { view } = ctx;
	if (!view.applies || !view.targets.length) return [];
	const open = asOnce(() => asTimelineDialog(ctx));
	return asTargetActions(view.targets, (t) => asDeadlineLabel(t, view.lang), __("Deadlines"), "as-deadline", open);
}

function asTimelineDialog({ view, $dialog }) {
	const steps = view.timeline
		.map(
			(s) => `<li style="display:flex;justify-content:space-between;gap:1rem;padding:2px 0;${
				s.current ? "font-weight:600;" : ""
			}${s.on ? "" : "opacity:.55;"}"><span>${asEscape(s.label)}</span><span class="text-ink-gray-5">${
				s.on ? asEscape(asTime(s.on, view.lang)) : "-"
			}</span></li>`
		)
		.join("");
	const targets = view.targets
		.map(
			(t) => `<li style="display:flex;justify-content:space-between;gap:1rem;padding:2px 0;"><span>${asEscape(
				t.label
			)}: ${asEscape(asTime(t.due, view.lang))}</span><span class="${
				t.state === "met" ? "text-ink-green-3" : t.state === "missed" ? "text-ink-red-3" : "text-ink-gray-5"
			}">${asEscape(t.state_label)}${t.reached_on ? " · " + asEscape(asTime(t.reached_on, view.lang)) : ""}</span></li>`
		)
		.join("");
	const d = view.diagnosis || {};
	const diagnosis = d.mode
		? `<p class="text-p-sm text-ink-gray-7" style="margin-top:.75rem;"><b>${asEscape(__("Diagnosis"))}:</b> ${asEscape(
				__(d.mode)
		  )}${
				d.mode === "On-site"
					? " · " + asEscape(asTime(d.visit_date, view.lang)) + " · " + asEscape(d.engineer) + " · " + asEscape(d.address)
					: ""
		  }</p>`
		: "";
	const solution = view.proposed_solution
		? `<p class="text-p-sm text-ink-gray-7" style="margin-top:.5rem;white-space:pre-wrap;"><b>${asEscape(
				__("Proposed Solution")
		  )}:</b> ${asEscape(view.proposed_solution)}</p>`
		: "";
	$dialog({
		title: __("Service process"),
		html: `<div class="as-timeline text-base text-ink-gray-8">
			<ol style="list-style:none;padding:0;margin:0;">${steps}</ol>
			<div style="margin-top:.75rem;border-top:1px solid var(--outline-gray-2, #e5e5e5);padding-top:.5rem;">
			<ul style="list-style:none;padding:0;margin:0;">${targets}</ul></div>${diagnosis}${solution}</div>`,
		actions: [{ label: __("Close"), variant: "subtle", onClick: (c) => c.close() }],
	});
}

// ---------------------------------------------------------------- the agent's steps (AGR-16..18)

function asProcessActions(ctx) {
	const { view } = ctx;
	const steps = [];
	const next = view.next_steps || [];
	if (next.includes("diagnose")) {
		const label = view.diagnosis && view.diagnosis.mode ? __("Change diagnosis") : __("Record diagnosis");
		steps.push({ label, icon: "search", onClick: () => asDiagnosisDialog(ctx, label) });
	}
	if (next.includes("propose")) {
		const label = view.proposed_solution ? __("Propose another solution") : __("Propose solution");
		steps.push({ label, icon: "edit-3", onClick: () => asProposalDialog(ctx, label) });
	}
	if (next.includes("confirm")) {
		steps.push({ label: __("Record customer's confirmation"), icon: "user-check", onClick: () => asConfirmationDialog(ctx) });
	}
	if (next.includes("verify")) {
		steps.push({ label: __("Record verification"), icon: "check-circle", onClick: () => asVerificationDialog(ctx) });
	}
	const agreement = [];
	if (view.can_change_urgency) {
		agreement.push({ label: __("Change urgency"), icon: "alert-triangle", onClick: () => asUrgencyDialog(ctx) });
	}
	if (view.can_reapply) {
		agreement.push({ label: __("Re-apply contract terms"), icon: "refresh-cw", onClick: () => asReapplyDialog(ctx) });
	}
	if (view.training && view.training.session) {
		agreement.push({
			label: __("Open training session"),
			icon: "calendar",
			onClick: () => window.open("/app/training-session/" + encodeURIComponent(view.training.session), "_blank"),
		});
	} else if (view.training && view.training.can_schedule) {
		agreement.push({ label: __("Schedule training"), icon: "calendar", onClick: () => asTrainingDialog(ctx) });
	}
	if (view.applies) {
		agreement.push({ label: __("Service process"), icon: "list", onClick: () => asTimelineDialog(ctx) });
	}
	const groups = [];
	const button = view.step_label ? __("Step: {0}", [view.step_label]) : __("Service process");
	if (steps.length) groups.push({ group: __("Service process"), buttonLabel: button, items: steps });
	// where the agreement does not apply, nothing (a ticket whose terms failed: only their re-application)
	if (agreement.length && (view.applies || view.can_reapply)) {
		groups.push({ group: __("Agreement"), buttonLabel: button, items: agreement });
	}
	return groups;
}

function asDiagnosisDialog(ctx, title) {
	const d = ctx.view.diagnosis || {};
	const id = asId();
	const engineers = (ctx.view.engineers || [])
		.map(
			(e) =>
				`<option value="${asEscape(e.name)}"${e.name === d.engineer ? " selected" : ""}>${asEscape(
					e.full_name
				)}</option>`
		)
		.join("");
	const mode = d.mode || "Remote";
	const html = `<div id="${id}" class="as-form" style="display:flex;flex-direction:column;gap:.75rem;">
		${asField(__("Diagnosis"), `<select class="form-select w-full" name="mode">
			<option value="Remote"${mode === "Remote" ? " selected" : ""}>${asEscape(__("Remote"))}</option>
			<option value="On-site"${mode === "On-site" ? " selected" : ""}>${asEscape(__("On-site"))}</option></select>`)}
		<div class="as-onsite" style="display:${mode === "On-site" ? "flex" : "none"};flex-direction:column;gap:.75rem;">
		${asField(__("Visit Date"), `<input class="form-input w-full" type="datetime-local" name="visit_date" value="${asEscape(
			asLocalInput(d.visit_date)
		)}">`)}
		${asField(__("Engineer"), `<select class="form-select w-full" name="engineer"><option value=""></option>${engineers}</select>`)}
		${asField(__("Address"), `<textarea class="form-textarea w-full" rows="3" name="address">${asEscape(d.address || "")}</textarea>`)}
		</div></div>`;
	ctx.$dialog({
		title,
		html,
		actions: [
			asSubmit(ctx, id, __("Save"), "record_diagnosis", (form) => {
				const values = { mode: form.mode.value };
				if (values.mode === "On-site") {
					values.visit_date = asSiteTime(form.visit_date.value, ctx.view.time_zone);
					values.engineer = form.engineer.value;
					values.address = form.address.value;
				}
				return values;
			}),
		],
	});
	asWhenShown(id, (root) => {
		const select = root.querySelector("[name=mode]");
		select.addEventListener("change", () => {
			root.querySelector(".as-onsite").style.display = select.value === "On-site" ? "flex" : "none";
		});
	});
}

function asProposalDialog(ctx, title) {
	const id = asId();
	ctx.$dialog({
		title,
		html: `<div id="${id}" class="as-form">${asField(
			__("Proposed Solution"),
			`<textarea class="form-textarea w-full" rows="5" name="solution"></textarea>`
		)}<p class="text-p-sm text-ink-gray-5" style="margin-top:.5rem;">${asEscape(
			__("The customer confirms it on the ticket in the portal, or tells you (AGR-17).")
		)}</p></div>`,
		actions: [asSubmit(ctx, id, __("Propose"), "propose_solution", (form) => ({ solution: form.solution.value }))],
	});
}

function asConfirmationDialog(ctx) {
	const id = asId();
	const channels = (ctx.view.confirmation_channels || [])
		.map((c) => `<option value="${asEscape(c.value)}">${asEscape(c.label)}</option>`)
		.join("");
	ctx.$dialog({
		title: __("Customer Confirmed the Solution"),
		html: `<div id="${id}" class="as-form" style="display:flex;flex-direction:column;gap:.75rem;">
			<p class="text-p-sm text-ink-gray-7" style="white-space:pre-wrap;">${asEscape(ctx.view.proposed_solution || "")}</p>
			${asField(__("Confirmed By"), `<input class="form-input w-full" name="confirmed_by" value="${asEscape(ctx.view.raised_by || "")}">`)}
			${asField(__("Confirmed Via"), `<select class="form-select w-full" name="via">${channels}</select>`)}</div>`,
		actions: [
			asSubmit(ctx, id, __("Record confirmation"), "confirm_solution", (form) => ({
				confirmed_by: form.confirmed_by.value,
				via: form.via.value,
			})),
		],
	});
}

function asVerificationDialog(ctx) {
	const id = asId();
	ctx.$dialog({
		title: __("Executed and Verified"),
		html: `<div id="${id}" class="as-form">${asField(
			__("Verification Note"),
			`<textarea class="form-textarea w-full" rows="4" name="note"></textarea>`
		)}</div>`,
		actions: [asSubmit(ctx, id, __("Save"), "record_verification", (form) => ({ note: form.note.value }))],
	});
}

function asUrgencyDialog(ctx) {
	const id = asId();
	const options = ctx.view.urgencies
		.filter((u) => u.value !== ctx.view.urgency)
		.map((u) => `<option value="${asEscape(u.value)}">${asEscape(u.label)}</option>`)
		.join("");
	ctx.$dialog({
		title: __("Change urgency"),
		html: `<div id="${id}" class="as-form" style="display:flex;flex-direction:column;gap:.75rem;">
			<p class="text-p-sm text-ink-gray-7">${asEscape(__("Now: {0}", [ctx.view.urgency_label || "-"]))}</p>
			${asField(__("Urgency"), `<select class="form-select w-full" name="urgency">${options}</select>`)}
			${asField(__("Reason"), `<textarea class="form-textarea w-full" rows="3" name="reason"></textarea>`)}</div>`,
		actions: [
			asSubmit(ctx, id, __("Change urgency"), "change_urgency", (form) => ({
				urgency: form.urgency.value,
				reason: form.reason.value,
			})),
		],
	});
}

function asReapplyDialog(ctx) {
	ctx.$dialog({
		title: __("Re-apply contract terms"),
		message: __("The customer's current contract and policy replace this ticket's terms; its deadlines follow."),
		actions: [asSubmit(ctx, null, __("Re-apply"), "reapply", () => ({}))],
	});
}

function asTrainingDialog(ctx) {
	const id = asId();
	const html = `<div id="${id}" class="as-form" style="display:flex;flex-direction:column;gap:.75rem;">
		${asField(__("Starts On"), `<input class="form-input w-full" type="datetime-local" name="starts_on">`)}
		${asField(__("Ends On"), `<input class="form-input w-full" type="datetime-local" name="ends_on">`)}
		${asField(__("Mode"), `<select class="form-select w-full" name="mode">
			<option value="Online">${asEscape(__("Online"))}</option><option value="On-site">${asEscape(__("On-site"))}</option></select>`)}
		<div class="as-online">${asField(__("Meeting Link"), `<input class="form-input w-full" name="meeting_link">`)}</div>
		<div class="as-onsite" style="display:none;">${asField(
			__("Location"),
			`<textarea class="form-textarea w-full" rows="2" name="location"></textarea>`
		)}</div></div>`;
	ctx.$dialog({
		title: __("Schedule training"),
		html,
		actions: [
			asSubmit(
				ctx,
				id,
				__("Schedule"),
				"schedule_training",
				(form) => ({
					starts_on: asSiteTime(form.starts_on.value, ctx.view.time_zone),
					ends_on: asSiteTime(form.ends_on.value, ctx.view.time_zone),
					mode: form.mode.value,
					meeting_link: form.mode.value === "Online" ? form.meeting_link.value : null,
					location: form.mode.value === "On-site" ? form.location.value : null,
				}),
				"after_sales.api.training."
			),
		],
	});
	asWhenShown(id, (root) => {
		const select = root.querySelector("[name=mode]");
		select.addEventListener("change", () => {
			root.querySelector(".as-online").style.display = select.value === "Online" ? "" : "none";
			root.querySelector(".as-onsite").style.display = select.value === "On-site" ? "" : "none";
		});
	});
}

// ---------------------------------------------------------------- helpers

// A dialog's primary action: read the form, call the method, then reload the ticket with a notice.
// A refusal (a rule, a permission, bad input) shows the server's translated message and keeps the dialog.
function asSubmit(ctx, formId, label, method, read, prefix) {
	return {
		label,
		variant: "solid",
		onClick: async (dialog) => {
			const root = formId ? document.getElementById(formId) : null;
			const form = root ? asFormValues(root) : {};
			let args;
			try {
				args = read(form);
			} catch (error) {
				ctx.toast.error(error.message || String(error));
				return;
			}
			try {
				await ctx.call((prefix || AS_METHOD) + method, { ticket: ctx.name, ...args });
			} catch (error) {
				ctx.toast.error(asMessage(error));
				return;
			}
			dialog.close();
			asReload(__("Saved: {0}", [label]));
		},
	};
}

function asFormValues(root) {
	const form = {};
	root.querySelectorAll("[name]").forEach((el) => (form[el.name] = el));
	return form;
}

function asField(label, control) {
	return `<label style="display:flex;flex-direction:column;gap:.25rem;"><span class="text-p-sm text-ink-gray-5">${asEscape(
		label
	)}</span>${control}</label>`;
}

function asWhenShown(id, fn, tries = 0) {
	const root = document.getElementById(id);
	if (root) return fn(root);
	if (tries < 100) window.setTimeout(() => asWhenShown(id, fn, tries + 1), 20);
}

function asId() {
	return "as-form-" + Math.random().toString(36).slice(2, 10);
}

// An ISO time as a datetime-local input's value (the browser's time zone).
function asLocalInput(iso) {
	if (!iso) return "";
	const d = new Date(iso);
	const pad = (n) => String(n).padStart(2, "0");
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// A datetime-local input's value (the browser's time zone) as the site stores times (its own time zone).
function asSiteTime(value, timeZone) {
	if (!value) return null;
	const date = new Date(value);
	if (isNaN(date.getTime())) return null;
	const parts = {};
	new Intl.DateTimeFormat("en-CA", {
		timeZone: timeZone || undefined,
		year: "numeric",
		month: "2-digit",
		day: "2-digit",
		hour: "2-digit",
		minute: "2-digit",
		second: "2-digit",
		hourCycle: "h23",
	})
		.formatToParts(date)
		.forEach((p) => (parts[p.type] = p.value));
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
