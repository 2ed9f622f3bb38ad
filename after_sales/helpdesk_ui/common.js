// Copyright (c) 2026, after_sales developers
// License: MIT. See license.txt
//
// What the app's HD Form Scripts share: after_sales/helpdesk_ui/__init__.py puts this before each script
// in the record Helpdesk runs (`new Function(script + "return setupForm")()`, in its own scope).

const AS_NOTICE = "after_sales:notice";
// a target's state (ticket_views.py) as a button's colour
const AS_THEMES = { met: "green", missed: "red", due: "blue", paused: "gray" };
// Helpdesk's SPA translates with window.__ (the site's translations, this app's zh.csv among them)
const __ = (message, args) => asFormat(typeof window.__ === "function" ? window.__(message) : message, args);

// Helpdesk's CustomActions (its portal, and its agent UI on a phone) binds a button's onClick twice
// (@click and v-bind): one click must still open one dialog.
function asOnce(fn) {
	let last = 0;
	return (...args) => {
		const now = Date.now();
		if (now - last < 500) return undefined;
		last = now;
		return fn(...args);
	};
}

// Targets (ticket_views.py) as header actions: a coloured button each on a wide screen, one menu named
// `menu` on a phone (Helpdesk's header has no room for more there).
function asTargetActions(rows, label, menu, className, onClick) {
	if (asNarrow()) {
		return [{ group: menu, buttonLabel: menu, items: rows.map((row) => ({ label: label(row), onClick })) }];
	}
	return rows.map((row) => ({
		label: label(row),
		theme: AS_THEMES[row.state] || "gray",
		variant: "subtle",
		class: `${className} ${className}-${row.name}`,
		onClick,
	}));
}

function asMessage(error) {
	const messages = (error && error.messages) || [];
	const text = messages.length ? messages.join("\n") : (error && error.message) || String(error);
	// the server's message may carry markup (frappe.bold): its text only, parsed inert (no script runs)
	const parsed = new DOMParser().parseFromString(text, "text/html");
	return (parsed.body && parsed.body.textContent) || text;
}

// Helpdesk reloads a ticket on its realtime event, which a site without a socket server never sends:
// the page is reloaded instead, and the notice shown once it is back.
function asReload(notice) {
	try {
		window.sessionStorage.setItem(AS_NOTICE, notice);
	} catch (error) {
		// private mode: no notice
	}
	window.location.reload();
}

function asShowNotice(toast) {
	let notice = null;
	try {
		notice = window.sessionStorage.getItem(AS_NOTICE);
		window.sessionStorage.removeItem(AS_NOTICE);
	} catch (error) {
		return;
	}
	if (notice && toast && toast.success) toast.success(notice);
}

function asNarrow() {
	return window.matchMedia && window.matchMedia("(max-width: 767px)").matches;
}

function asEscape(value) {
	return String(value == null ? "" : value).replace(
		/[&<>"']/g,
		(c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]
	);
}

function asFormat(message, args) {
	return String(message).replace(/{(\d+)}/g, (m, i) => (args && args[i] !== undefined ? args[i] : m));
}

// An ISO time with its offset, shown in the browser's time zone, as Helpdesk's SPA shows its own times:
// the time alone today, with the day otherwise.
function asTime(iso, lang) {
	if (!iso) return "-";
	const date = new Date(iso);
	const today = date.toDateString() === new Date().toDateString();
	const options = today ? { hour: "2-digit", minute: "2-digit" } : { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" };
	try {
		return date.toLocaleString(lang || undefined, options);
	} catch (error) {
		return date.toLocaleString();
	}
}
