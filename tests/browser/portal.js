// Portal browser test (AGR-25, AGR-17, AGR-11, AGR-8): run by .ci/frappe-suite against `bench serve` on 127.0.0.1.
// Usage: node portal.js <base url> <seed json file> <artefacts dir>   (needs playwright-core and Debian's chromium)
const fs = require("fs");
const path = require("path");
const { checks, expect, launch } = require("./lib");

const [base, seedFile, artefacts] = process.argv.slice(2);
const seed = JSON.parse(fs.readFileSync(seedFile, "utf8"));
const { check, finish, crashed } = checks("browser");

(async () => {
	fs.mkdirSync(artefacts, { recursive: true });
	const browser = await launch();
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await context.newPage();
	const shot = (name) => page.screenshot({ path: path.join(artefacts, `${name}.png`), fullPage: true });
	const alice = seed.alice;

	await check("a guest is sent to the login page", async () => {
		await page.goto(`${base}/my-service`);
		expect(page.url().includes("/login"), `landed on ${page.url()}`);
	});

	await check("the contact logs in", async () => {
		await page.goto(`${base}/login`);
		await page.fill("#login_email", alice.email);
		await page.fill("#login_password", seed.password);
		await page.click(".btn-login");
		await page.waitForURL((u) => !u.toString().includes("/login"), { timeout: 20000 });
	});

	await check("My Service shows its contract, not the other customer's", async () => {
		await page.goto(`${base}/my-service`);
		const text = await page.innerText(".after-sales-portal");
		await shot("my-service");
		expect(text.includes(alice.contract), "own contract missing");
		expect(!text.includes(seed.bob.contract), "the other customer's contract is shown");
		expect(/30/.test(text), "commitments missing");
	});

	await check("My Requests is Helpdesk's portal; an old /my-requests link lands there", async () => {
		await page.goto(`${base}/my-service`);
		const nav = await page.$$eval(".as-nav a", (anchors) => anchors.map((a) => [a.textContent.trim(), a.getAttribute("href")]));
		expect(nav.some(([title, href]) => title === "My Requests" && href === "/helpdesk/my-tickets"), JSON.stringify(nav));
		expect(!nav.some(([, href]) => href === "/my-requests"), `the retired page is linked: ${JSON.stringify(nav)}`);
		const response = await page.request.get(`${base}/my-requests`, { maxRedirects: 0 });
		const location = new URL(response.headers().location || "", base).pathname;
		expect([301, 302].includes(response.status()), `status ${response.status()}`);
		expect(location === "/helpdesk/my-tickets", `redirected to ${location}`);
		await page.goto(`${base}/my-requests`);
		expect(new URL(page.url()).pathname.startsWith("/helpdesk/my-tickets"), `landed on ${page.url()}`);
		// the list itself is Helpdesk's (tests/browser/helpdesk.js): only let it load for the screenshot
		await page.waitForLoadState("networkidle", { timeout: 10000 }).catch(() => {});
		await shot("my-requests-redirected");
	});

	await check("Updates marks the security release installed", async () => {
		await page.goto(`${base}/my-updates`);
		const text = await page.innerText(".after-sales-portal");
		expect(text.includes("Security"), "security mark missing");
		await page.click(`#release-${seed.release} .as-install`);
		await page.waitForTimeout(1500);
		const after = await page.innerText(`#release-${seed.release}`);
		await shot("my-updates-installed");
		expect(after.includes("Installed"), "not installed");
	});

	await check("Training rates the session once", async () => {
		await page.goto(`${base}/my-training`);
		await page.check(`#session-${seed.session} input[name="rating"][value="4"]`);
		await page.fill(`#session-${seed.session} input[name="comment"]`, "Useful");
		await page.click(`#session-${seed.session} button[type="submit"]`);
		await page.waitForTimeout(1500);
		const after = await page.innerText(`#session-${seed.session}`);
		await shot("my-training-rated");
		expect(after.includes("4/5"), `rating not shown: ${after}`);
	});

	await check("My Service lists its monthly report; its PDF opens, the other customer's is refused", async () => {
		await page.goto(`${base}/my-service`);
		const links = await page.$$eval("a", (anchors) => anchors.map((a) => decodeURI(a.getAttribute("href") || "")));
		expect(links.includes(alice.report_pdf), `no link to ${alice.report_pdf} in ${JSON.stringify(links)}`);
		expect(!links.includes(seed.bob.report_pdf), "the other customer's report is listed");
		const own = await page.request.get(`${base}${encodeURI(alice.report_pdf)}`);
		const body = await own.body();
		expect(own.status() === 200 && body.slice(0, 4).toString() === "%PDF", `own PDF gave ${own.status()}`);
		const other = await page.request.get(`${base}${encodeURI(seed.bob.report_pdf)}`);
		expect(other.status() === 403, `the other customer's PDF gave ${other.status()}`);
	});

	await check("REST: /api/resource lists only its own contracts", async () => {
		const response = await page.request.get(`${base}/api/resource/Service Contract?limit_page_length=0`);
		const names = (await response.json()).data.map((row) => row.name);
		expect(names.includes(alice.contract) && !names.includes(seed.bob.contract), JSON.stringify(names));
		const other = await page.request.get(`${base}/api/resource/Service Contract/${seed.bob.contract}`);
		expect(other.status() === 403, `single read of the other customer's contract gave ${other.status()}`);
	});

	await check("a forged confirmation for the other customer is refused with 403", async () => {
		const csrf = await page.evaluate(() => window.frappe && frappe.csrf_token);
		const response = await page.request.post(`${base}/api/method/after_sales.api.portal.confirm_solution`, {
			headers: { "X-Frappe-CSRF-Token": csrf || "" },
			form: { ticket: seed.bob.ticket, solved: "1" },
		});
		expect(response.status() === 403, `status ${response.status()}`);
	});

	await browser.close();
	finish();
})().catch(crashed);
