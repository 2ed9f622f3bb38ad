// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt
//
// The agreement on a ticket in Helpdesk's customer portal (/helpdesk/my-tickets/<n>): the request's urgency
// and each commitment met, due or missed in the customer's words (AGR-15, AGR-21..24), and the proposed
// solution, which the contact confirms or rejects (AGR-17).
//
// An HD Form Script owned by the after_sales app (after_sales/helpdesk_ui/__init__.py installs it and
// `bench migrate` restores it). It reads through after_sales.api.portal.ticket_view and answers through
// after_sales.api.portal.confirm_solution: the server checks that the ticket is one of the contact's
// customers'. On a ticket without agreement terms it adds nothing.

const AS_PORTAL = "after_sales.api.portal.";

async function setupForm({ doc, call, toast, $dialog }) {
	const name = doc && doc.name;
	if (!name || typeof call !== "function" || typeof $dialog !== "function") return { actions: [] };
	asShowNotice(toast);
	let view;
	try {
		view = await call(AS_PORTAL + "ticket_view", { ticket: name });
	} catch (error) {
		return { actions: [] };
	}
	if (!view || !view.applies) return { actions: [] };
	const ctx = { name, view, call, toast, $dialog };
	const actions = [];
	if (view.can_confirm) {
		actions.push({
			label: __("Proposed solution: your answer"),
			variant: "solid",
			theme: "blue",
			class: "as-answer",
			onClick: asOnce(() => asAnswerDialog(ctx)),
		});
	}
	return { actions: [...actions, ...asCommitmentActions(ctx)] };
}

function asCommitmentLabel(c, lang) {
	if (c.state === "due") return __("{0}: due by {1}", [c.label, asTime(c.due, lang)]);
	return __("{0}: {1}", [c.label, c.state_label]);
}

function asCommitmentActions(ctx) {
	const { view } = ctx;
	const open = asOnce(() => asCommitmentsDialog(ctx));
	const urgency = view.urgency_label || __("Service request");
	const label = (c) => asCommitmentLabel(c, view.lang);
	const commitments = asTargetActions(view.commitments, label, urgency, "as-commitment", open);
	if (asNarrow()) return commitments;
	return [{ label: urgency, variant: "outline", class: "as-urgency", onClick: open }, ...commitments];
}

function asCommitmentsDialog({ view, $dialog }) {
	const rows = view.commitments
		.map(
			(c) => `<li style="display:flex;justify-content:space-between;gap:1rem;padding:3px 0;"><span>${asEscape(
				c.label
			)}</span><span class="${
				c.state === "met" ? "text-ink-green-3" : c.state === "missed" ? "text-ink-red-3" : "text-ink-gray-5"
			}">${asEscape(c.state === "due" ? __("due by {0}", [asTime(c.due, view.lang)]) : c.state_label)}</span></li>`
		)
		.join("");
	$dialog({
		title: __("Our commitments on this request"),
		html: `<div class="as-commitments text-base text-ink-gray-8">
			<p class="text-p-sm text-ink-gray-7">${asEscape(__("Urgency"))}: <b>${asEscape(view.urgency_label || "-")}</b>${
			view.step_label ? " · " + asEscape(__("Step")) + ": " + asEscape(view.step_label) : ""
		}</p>
			<ul style="list-style:none;padding:0;margin:.5rem 0 0 0;">${rows}</ul></div>`,
		actions: [{ label: __("Close"), variant: "subtle", onClick: (c) => c.close() }],
	});
}

function asAnswerDialog(ctx) {
	const id = "as-answer-" + Math.random().toString(36).slice(2, 10);
	ctx.$dialog({
		title: __("Proposed solution"),
		html: `<div id="${id}" class="as-form" style="display:flex;flex-direction:column;gap:.75rem;">
			<p class="as-solution text-base text-ink-gray-8" style="white-space:pre-wrap;">${asEscape(ctx.view.proposed_solution)}</p>
			<label style="display:flex;flex-direction:column;gap:.25rem;"><span class="text-p-sm text-ink-gray-5">${asEscape(
				__("Comment (optional)")
			)}</span><textarea class="form-textarea w-full" rows="3" name="comment"></textarea></label></div>`,
		actions: [
			asAnswer(ctx, id, __("Confirm solution"), 1, "solid"),
			asAnswer(ctx, id, __("Not solved"), 0, "subtle"),
		],
	});
}

function asAnswer(ctx, formId, label, solved, variant) {
	return {
		label,
		variant,
		theme: solved ? "gray" : "red",
		onClick: async (dialog) => {
			const root = document.getElementById(formId);
			const comment = root ? root.querySelector("[name=comment]").value : "";
			try {
				await ctx.call(AS_PORTAL + "confirm_solution", { ticket: ctx.name, solved, comment: comment || null });
			} catch (error) {
				ctx.toast.error(asMessage(error));
				return;
			}
			dialog.close();
			asReload(solved ? __("Thank you: the solution is confirmed.") : __("Thank you: we will work on another solution."));
		},
	};
}
