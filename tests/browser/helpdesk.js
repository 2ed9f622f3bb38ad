// Helpdesk's own ticket pages, driven in headless Chromium (AGR-14..19, AGR-21..24, AGR-8, AGR-25):
// an agent takes one ticket through every step of the service process from the agent UI's ticket header
// (/helpdesk/tickets/<n>), the customer answers the proposed solution in Helpdesk's portal
// (/helpdesk/my-tickets/<n>), and the ticket's stored state is read back through REST after each step.
// Screenshots at desktop and phone width, in English and Chinese, with the browser in the site's time zone.
// Run by .ci/browser-test. Usage: node helpdesk.js <base url> <seed json file> <artefacts dir>
const fs = require("fs");
const path = require("path");
const { checks, expect, launch } = require("./lib");

const [base, seedFile, artefacts] = process.argv.slice(2);
const seed = JSON.parse(fs.readFileSync(seedFile, "utf8"));
const hd = seed.helpdesk;
const { check, finish, crashed } = checks("helpdesk pages");
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

// Errors the page raises and console errors, except the missing realtime server's and Helpdesk's own (a
// telemetry call Frappe 15 does not have; the SLA badge of a status it does not colour). A refused request
// (4xx: a rule or a permission, shown to the user in a toast) is logged by Chromium as a console error too:
// it is kept apart, so that the checks can tell a refusal they provoked from a script error.
function watch(page, label, errors) {
	page.on("pageerror", (error) => errors.push({ label, http: false, text: error.message }));
	page.on("console", (message) => {
		if (message.type() !== "error") return;
		const text = message.text();
		const location = (message.location() && message.location().url) || "";
		if (/ERR_CONNECTION_REFUSED|socket\.io/.test(text + location)) return;
		if (/telemetry|pulse/.test(location)) return;
		if (/Cannot destructure property 'color'/.test(text)) return;
		const http = /Failed to load resource: the server responded with a status of 4\d\d/.test(text);
		if (http && !/after_sales/.test(location)) return; // Helpdesk's own calls
		errors.push({ label, http, text: `${text} ${location}` });
	});
}

async function session(browser, user, viewport, label, errors) {
	const context = await browser.newContext({ viewport, timezoneId: hd.time_zone, locale: "en-US" });
	const page = await context.newPage();
	watch(page, label, errors);
	const login = await page.request.post(`${base}/api/method/login`, { form: { usr: user, pwd: seed.password } });
	expect(login.ok(), `${user} could not log in: ${login.status()}`);
	return { context, page };
}

async function stored(page, ticket) {
	const response = await page.request.get(`${base}/api/resource/HD Ticket/${ticket}`);
	expect(response.ok(), `reading ticket ${ticket} gave ${response.status()}`);
	return (await response.json()).data;
}

async function openTicket(page, route, ready) {
	await page.goto(`${base}${route}`, { waitUntil: "domcontentloaded" });
	await page.waitForSelector(ready, { timeout: 30000 });
	await page.waitForTimeout(500);
}

// The agent header's menu on a phone. Helpdesk 1.25 shows the app's "Deadlines" group as a labelled menu;
// 1.28 folds every custom action of its mobile header into one unlabelled "..." menu, the header's last
// button (MobileTicketAgent.vue). Opens it and returns the texts of its items.
const PHONE_HEADER = "header.h-12";
async function openPhoneMenu(page, route, label) {
	await page.goto(`${base}${route}`, { waitUntil: "domcontentloaded" });
	await page.waitForFunction(
		([text, header]) =>
			[...document.querySelectorAll("button")].some((b) => b.innerText.trim() === text) ||
			(document.querySelector(header) || { querySelectorAll: () => [] }).querySelectorAll("button").length >= 2,
		[label, PHONE_HEADER],
		{ timeout: 30000 },
	);
	await page.waitForTimeout(500);
	const labelled = page.locator("button", { hasText: label });
	if (await labelled.count()) await labelled.first().click();
	else await page.locator(`${PHONE_HEADER} button`).last().click();
	await page.getByRole("menuitem").first().waitFor({ timeout: 10000 });
	return page.getByRole("menuitem").allInnerTexts();
}

// Open the "Step: ..." dropdown of the agent header and pick an item; its dialog opens
async function pick(page, item) {
	await page.locator("button", { hasText: /^\s*(Step: |步骤：|步骤: )/ }).first().click();
	await page.getByRole("menuitem", { name: item }).click();
	await page.waitForSelector("[role=dialog] .as-form, [role=dialog]", { timeout: 10000 });
}

async function submit(page, label) {
	const navigation = page.waitForEvent("load", { timeout: 30000 });
	await page.locator("[role=dialog] button", { hasText: label }).last().click();
	await navigation;
	await page.waitForSelector(".as-deadline, .as-commitment, .as-urgency", { timeout: 30000 });
	await page.waitForTimeout(500);
}

(async () => {
	fs.mkdirSync(artefacts, { recursive: true });
	const browser = await launch();
	const errors = [];
	const agent = await session(browser, hd.agent, DESKTOP, "agent", errors);
	const customer = await session(browser, seed.alice.email, DESKTOP, "customer", errors);
	const page = agent.page;
	const shot = (p, name) => p.screenshot({ path: path.join(artefacts, `helpdesk-${name}.png`) });
	const ticket = hd.process_ticket;
	const agentRoute = `/helpdesk/tickets/${ticket}`;
	const portalRoute = `/helpdesk/my-tickets/${ticket}`;

	await check("the agent UI shows the three deadlines with their state (AGR-15, AGR-21..24)", async () => {
		await openTicket(page, agentRoute, ".as-deadline");
		await shot(page, "agent-1-acknowledged");
		const labels = await page.locator(".as-deadline").allInnerTexts();
		expect(labels.length === 3, `deadlines: ${JSON.stringify(labels)}`);
		expect(/^Acknowledge: Met/.test(labels[0]), `acknowledge: ${labels[0]}`);
		expect(/^Response by /.test(labels[1]) && /^Resolution by /.test(labels[2]), JSON.stringify(labels));
		const doc = await stored(page, ticket);
		expect(doc.service_step === "Acknowledged" && doc.acknowledge_status === "Met", doc.service_step);
	});

	await check("the agent records an on-site diagnosis from the ticket header (AGR-16)", async () => {
		await pick(page, "Record diagnosis");
		const dialog = page.locator("[role=dialog]");
		await dialog.locator("select[name=mode]").selectOption("On-site");
		await dialog.locator("input[name=visit_date]").fill("2030-03-04T10:30");
		await dialog.locator("select[name=engineer]").selectOption(hd.agent);
		await dialog.locator("textarea[name=address]").fill("1 Harbour Road, Shanghai");
		await shot(page, "agent-2-diagnosis-dialog");
		await submit(page, "Save");
		const doc = await stored(page, ticket);
		expect(doc.service_step === "Diagnosed", `step ${doc.service_step}`);
		expect(doc.diagnosis_mode === "On-site" && doc.visit_engineer === hd.agent, JSON.stringify(doc.diagnosis_mode));
		// the browser runs in the site's time zone: the visit is stored at the time typed
		expect(doc.visit_date === "2030-03-04 10:30:00", `visit ${doc.visit_date}`);
		expect(doc.visit_address === "1 Harbour Road, Shanghai", doc.visit_address);
		await shot(page, "agent-3-diagnosed");
	});

	await check("a refused step keeps its dialog and shows the server's message", async () => {
		await pick(page, "Propose solution");
		await page.locator("[role=dialog] button", { hasText: "Propose" }).last().click();
		await page.waitForSelector("text=Describe the proposed solution.", { timeout: 10000 });
		const refusals = errors.filter((e) => e.http);
		expect(refusals.length === 1 && /propose_solution/.test(refusals[0].text), JSON.stringify(refusals));
		errors.splice(errors.indexOf(refusals[0]), 1);
		expect(await page.locator("[role=dialog] textarea[name=solution]").isVisible(), "the dialog closed");
		await page.keyboard.press("Escape");
		const doc = await stored(page, ticket);
		expect(!doc.solution_proposed_on, "a solution was proposed without text");
	});

	await check("the agent proposes a solution (AGR-17)", async () => {
		await openTicket(page, agentRoute, ".as-deadline");
		await pick(page, "Propose solution");
		await page.locator("[role=dialog] textarea[name=solution]").fill("Re-run the export with the fixed template");
		await submit(page, "Propose");
		const doc = await stored(page, ticket);
		expect(doc.service_step === "Solution proposed", `step ${doc.service_step}`);
		expect(doc.proposed_solution === "Re-run the export with the fixed template", doc.proposed_solution);
		await shot(page, "agent-4-proposed");
	});

	await check("the customer reads its commitments and rejects the solution in Helpdesk's portal (AGR-17)", async () => {
		const p = customer.page;
		await openTicket(p, portalRoute, ".as-answer");
		const commitments = await p.locator(".as-commitment").allInnerTexts();
		expect(commitments.length === 3 && /^Receipt confirmed: met/.test(commitments[0]), JSON.stringify(commitments));
		expect((await p.locator(".as-urgency").innerText()).includes("Urgent fault"), "urgency missing");
		await shot(p, "portal-1-proposed");
		await p.locator(".as-answer").click();
		await p.waitForSelector("[role=dialog] .as-solution");
		expect((await p.locator("[role=dialog] .as-solution").innerText()).includes("fixed template"), "solution not shown");
		await p.locator("[role=dialog] textarea[name=comment]").fill("Still fails for March");
		await shot(p, "portal-2-answer-dialog");
		await submit(p, "Not solved");
		const doc = await stored(page, ticket);
		expect(!doc.solution_proposed_on && doc.service_step === "Diagnosed", `step ${doc.service_step}`);
		expect(await p.locator(".as-answer").count() === 0, "still asks for an answer");
	});

	await check("the agent proposes another solution and the customer confirms it in the portal (AGR-17)", async () => {
		await openTicket(page, agentRoute, ".as-deadline");
		await pick(page, "Propose another solution");
		await page.locator("[role=dialog] textarea[name=solution]").fill("Patch 2.1.3 fixes the March export");
		await submit(page, "Propose");
		const p = customer.page;
		await openTicket(p, portalRoute, ".as-answer");
		await p.locator(".as-answer").click();
		await p.waitForSelector("[role=dialog] .as-solution");
		await submit(p, "Confirm solution");
		await shot(p, "portal-3-confirmed");
		const doc = await stored(page, ticket);
		expect(doc.service_step === "Solution confirmed", `step ${doc.service_step}`);
		expect(doc.solution_confirmed_by === seed.alice.email && doc.solution_confirmed_via === "Portal", doc.solution_confirmed_by);
	});

	await check("the agent records the verification (AGR-18)", async () => {
		await openTicket(page, agentRoute, ".as-deadline");
		await pick(page, "Record verification");
		await page.locator("[role=dialog] textarea[name=note]").fill("March export re-run; totals match the ledger");
		await submit(page, "Save");
		const doc = await stored(page, ticket);
		expect(doc.service_step === "Executed and verified" && doc.verified_on, `step ${doc.service_step}`);
		expect(doc.verification_note === "March export re-run; totals match the ledger", doc.verification_note);
	});

	await check("the agent changes the urgency with a reason; the deadlines follow (AGR-21..23)", async () => {
		const before = await stored(page, ticket);
		await pick(page, "Change urgency");
		const dialog = page.locator("[role=dialog]");
		await dialog.locator("select[name=urgency]").selectOption("Consultation");
		await dialog.locator("textarea[name=reason]").fill("Only a question about the export format");
		await submit(page, "Change urgency");
		const doc = await stored(page, ticket);
		expect(doc.urgency === "Consultation" && doc.urgency_set_by_agent === 1, `urgency ${doc.urgency}`);
		expect(doc.response_by !== before.response_by, "the response deadline did not follow");
		await shot(page, "agent-5-verified");
	});

	await check("the agent re-applies the contract's terms", async () => {
		await pick(page, "Re-apply contract terms");
		await submit(page, "Re-apply");
		const doc = await stored(page, ticket);
		expect(doc.service_contract === seed.alice.contract && doc.sla_policy, `contract ${doc.service_contract}`);
	});

	await check("the timeline shows every step with its time", async () => {
		await page.locator(".as-deadline").first().click();
		await page.waitForSelector("[role=dialog] .as-timeline");
		const text = await page.locator("[role=dialog] .as-timeline").innerText();
		for (const step of ["Reported", "Acknowledged", "Diagnosed", "Solution confirmed", "Executed and verified"]) {
			expect(text.includes(step), `${step} missing`);
		}
		await shot(page, "agent-6-timeline");
		await page.keyboard.press("Escape");
	});

	await check("the agent records a confirmation the customer gave by phone (AGR-17)", async () => {
		const other = hd.phone_ticket;
		await openTicket(page, `/helpdesk/tickets/${other}`, ".as-deadline");
		await pick(page, "Record diagnosis");
		await submit(page, "Save");
		await pick(page, "Propose solution");
		await page.locator("[role=dialog] textarea[name=solution]").fill("Round at the line, not the total");
		await submit(page, "Propose");
		await pick(page, "Record customer's confirmation");
		const dialog = page.locator("[role=dialog]");
		await dialog.locator("input[name=confirmed_by]").fill("Alice, by phone at 10:05");
		await dialog.locator("select[name=via]").selectOption("Phone");
		await submit(page, "Record confirmation");
		const doc = await stored(page, other);
		expect(doc.diagnosis_mode === "Remote" && doc.service_step === "Solution confirmed", `step ${doc.service_step}`);
		expect(doc.solution_confirmed_via === "Phone" && doc.solution_confirmed_by === "Alice, by phone at 10:05", doc.solution_confirmed_via);
	});

	await check("the agent schedules the training a Training ticket asks for (AGR-8)", async () => {
		const training = hd.training_ticket;
		await openTicket(page, `/helpdesk/tickets/${training}`, ".as-deadline");
		await pick(page, "Schedule training");
		const dialog = page.locator("[role=dialog]");
		await dialog.locator("input[name=starts_on]").fill("2030-05-06T09:00");
		await dialog.locator("input[name=ends_on]").fill("2030-05-06T12:00");
		await dialog.locator("input[name=meeting_link]").fill("https://meet.example.com/accountants");
		await submit(page, "Schedule");
		const sessions = await page.request.get(
			`${base}/api/resource/Training Session?filters=${encodeURIComponent(JSON.stringify([["ticket", "=", training]]))}&fields=${encodeURIComponent('["name","starts_on","mode"]')}`
		);
		const rows = (await sessions.json()).data || [];
		expect(rows.length === 1 && rows[0].starts_on === "2030-05-06 09:00:00", JSON.stringify(rows));
		await page.locator("button", { hasText: /^\s*Step: / }).first().click();
		expect(await page.getByRole("menuitem", { name: "Open training session" }).isVisible(), "no link to the session");
		await page.keyboard.press("Escape");
	});

	await check("a ticket without agreement terms stays Helpdesk's own: nothing added, no error", async () => {
		const before = errors.length;
		await openTicket(page, `/helpdesk/tickets/${hd.plain_ticket}`, "text=A question from someone without a contract");
		await page.waitForTimeout(2000);
		expect(await page.locator(".as-deadline").count() === 0, "deadlines shown");
		expect(await page.locator("button", { hasText: /^\s*Step: / }).count() === 0, "process menu shown");
		expect(errors.length === before, JSON.stringify(errors.slice(before)));
		await shot(page, "agent-7-no-terms");
	});

	await check("phone width: the agent's deadlines and steps fold into menus", async () => {
		const phone = await session(browser, hd.agent, PHONE, "agent-phone", errors);
		const items = await openPhoneMenu(phone.page, agentRoute, "Deadlines");
		await shot(phone.page, "agent-8-phone");
		const deadlines = items.filter((item) => /Acknowledge|Response|Resolution/.test(item));
		expect(deadlines.length >= 3, `deadlines missing: ${items.join(" | ")}`);
		await phone.context.close();
	});

	await check("Chinese: the agent's header and the customer's commitments are translated", async () => {
		const zh = await session(browser, hd.agent_zh, DESKTOP, "agent-zh", errors);
		await openTicket(zh.page, agentRoute, ".as-deadline");
		const labels = (await zh.page.locator(".as-deadline").allInnerTexts()).join(" ");
		expect(/确认受理|响应|解决/.test(labels), `not translated: ${labels}`);
		await shot(zh.page, "agent-9-zh");
		const zhPhone = await session(browser, hd.agent_zh, PHONE, "agent-zh-phone", errors);
		const zhItems = await openPhoneMenu(zhPhone.page, agentRoute, "时限");
		await shot(zhPhone.page, "agent-10-zh-phone");
		expect(zhItems.some((item) => /确认受理|响应|解决/.test(item)), `not translated: ${zhItems.join(" | ")}`);
		const portal = await session(browser, hd.alice_zh, DESKTOP, "customer-zh", errors);
		await openTicket(portal.page, portalRoute, ".as-commitment");
		const commitments = (await portal.page.locator(".as-commitment").allInnerTexts()).join(" ");
		expect(/已达标|已超时|截止/.test(commitments), `not translated: ${commitments}`);
		await shot(portal.page, "portal-4-zh");
		const portalPhone = await session(browser, hd.alice_zh, PHONE, "customer-zh-phone", errors);
		await openTicket(portalPhone.page, portalRoute, "button:has-text('咨询')");
		await shot(portalPhone.page, "portal-5-zh-phone");
		for (const s of [zh, zhPhone, portal, portalPhone]) await s.context.close();
	});

	await check("the other customer's ticket shows nothing of the agreement to this contact (AGR-25)", async () => {
		const csrf = await customer.page.evaluate(() => window.csrf_token);
		const response = await customer.page.request.post(`${base}/api/method/after_sales.api.portal.ticket_view`, {
			headers: { "Content-Type": "application/json", "X-Frappe-CSRF-Token": csrf || "" },
			data: { ticket: seed.bob.ticket },
		});
		expect(response.status() === 403, `status ${response.status()}`);
	});

	await check("no script error in the browser console on any page", async () => {
		expect(errors.length === 0, errors.map((e) => `${e.label}: ${e.text}`).join("\n"));
	});

	await browser.close();
	finish();
})().catch(crashed);
