// What the browser tests share: named checks that report and go on, the browser as CI starts it, and the
// summary line .ci/browser-test reads. Needs playwright-core (NODE_PATH) and Debian's chromium.
const { chromium } = require("playwright-core");

function checks(suite) {
	const results = [];
	return {
		async check(name, fn) {
			try {
				await fn();
				results.push([name, true]);
				console.log(`ok   ${name}`);
			} catch (error) {
				results.push([name, false]);
				console.log(`FAIL ${name}: ${error.message}`);
			}
		},
		finish() {
			const failed = results.filter(([, ok]) => !ok).length;
			console.log(`${suite}: ${results.length - failed} passed, ${failed} failed`);
			process.exit(failed ? 1 : 0);
		},
		crashed(error) {
			console.error(error);
			console.log(`${suite}: 0 passed, 1 failed`);
			process.exit(1);
		},
	};
}

function expect(condition, message) {
	if (!condition) throw new Error(message);
}

function launch() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync"],
	});
}

module.exports = { checks, expect, launch };
