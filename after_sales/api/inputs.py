# Copyright (c) 2026, after_sales developers
# License: MIT. See license.txt
"""`api`: how every whitelisted function and document method of the app is exposed, so that bad input
is a clear, translated 4xx before the function runs: never a 500, never a half-done write.

Frappe 15 alone falls short in four places, each read in its source:

- `frappe.call` (used by `frappe/handler.py`) drops the arguments a function does not take, silently,
  and a missing argument is a bare TypeError: HTTP 500.
- The type check of `frappe/utils/typing_validations.py` answers 417, but in English only
  (`FrappeTypeError("Argument 'x' should be of type ...")`).
- Nothing bounds the length of a string.
- The HTTP method is checked on `/api/method` only: `GET /api/resource/<doctype>/<name>?run_method=<m>`
  (`frappe/api/v1.py` `execute_doc_method`) runs a document method on a GET, so a link could trigger it.

`api(methods=[...], allow_guest=..., max_length={...})` registers the function with `frappe.whitelist`
and checks, on every call, in this order:

1. the HTTP method, on every route (403, as Frappe's own check);
2. the arguments against the signature: an unknown one, a missing or blank required one (417);
3. the length of each string: at most `MAX_LENGTH` characters unless `max_length` allows more (417);
4. the types, with Frappe's own check on the undecorated function, its message translated (417).

Steps 3 and 4 run when Frappe's own type check would (in a request or a test), not for the app's
internal Python calls. A function that changes state says `methods=["POST"]`; one that only reads says
`methods=["GET", "POST"]`.
"""

import functools
import inspect
import re
from collections.abc import Callable
from typing import NoReturn

import frappe
from frappe import _
from frappe.exceptions import FrappeTypeError
from frappe.utils.typing_validations import transform_parameter_types

MAX_LENGTH = 1000  # the portal's forms say maxlength="1000" too

# What Frappe itself puts among a request's arguments (frappe/app.py, frappe/auth.py, frappe/sessions.py)
_FRAMEWORK_KEYS = frozenset({"cmd", "csrf_token", "sid", "_"})

_UNEXPECTED = "unexpected_arguments"


def api(
	*, methods: list[str], allow_guest: bool = False, max_length: dict[str, int] | None = None
) -> Callable:
	"""`frappe.whitelist(methods=..., allow_guest=...)` that refuses bad input with a translated 4xx."""
	methods = [method.upper() for method in methods]
	limits = max_length or {}

	def decorate(fn: Callable) -> Callable:
		signature = inspect.signature(fn)
		params = list(signature.parameters.values())
		if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
			raise TypeError(f"{fn.__qualname__}: an API function names each of its arguments")
		is_method = bool(params) and params[0].name == "self"

		@functools.wraps(fn)
		def checked(*args, **kwargs):
			_check_http_method(methods)
			bound = _bind(signature, is_method, args, kwargs)
			if _validating():
				_check_lengths(bound, limits)
				_check_types(fn, bound)
			return fn(*bound.args, **bound.kwargs)

		# frappe.call passes only the arguments a signature names: a catch-all makes it pass them all,
		# so that an unknown one is refused above instead of dropped.
		checked.__signature__ = signature.replace(
			parameters=[*params, inspect.Parameter(_UNEXPECTED, inspect.Parameter.VAR_KEYWORD)]
		)
		# Frappe's whitelist wraps this in its own type check, driven by __annotations__; ours (the same
		# check, on `fn`, with a translated message) runs inside, so Frappe's is given nothing to check.
		# The signature above still carries every annotation.
		checked.__annotations__ = {}
		return frappe.whitelist(allow_guest=allow_guest, methods=methods)(checked)

	return decorate


# the dates a request can sensibly name (a visit, a session): anything else is a typing slip, or a probe
EARLIEST, LATEST = "2000-01-01", "2100-01-01"


def moment(value: str, name: str):
	"""A date and time sent as text (the site's time zone, as Frappe stores it), or a translated 4xx."""
	from frappe.utils import get_datetime

	try:
		parsed = get_datetime(value) if re.match(r"^\s*\d{4}-\d{2}-\d{2}", value or "") else None
	except Exception:
		parsed = None
	if (
		parsed is None
		or parsed.tzinfo is not None
		or not (get_datetime(EARLIEST) <= parsed < get_datetime(LATEST))
	):
		_refuse(_("{0} is not a date and time between {1} and {2}.").format(name, EARLIEST, LATEST))
	return parsed


def report_filters(filters) -> frappe._dict:
	"""A report's filters as Desk's filter bar sends them, or a translated 4xx: one dict of single values
	(the app's reports take no lists), and dates between EARLIEST and LATEST. Every report's `execute`
	starts here, whichever endpoint calls it (run, export, a prepared report)."""
	from datetime import date

	from frappe.utils import getdate

	if isinstance(filters, str):
		try:
			filters = frappe.parse_json(filters)
		except ValueError:
			filters = None if not filters.strip() else filters
	filters = filters or {}  # none at all: null, "", [] or {}
	if not isinstance(filters, dict):
		_refuse(_("A report's filters are a set of named values."))
	clean = frappe._dict()
	for key, value in filters.items():
		if value is not None and not isinstance(value, str | int | float | date):
			_refuse(_("The filter {0} takes a single value.").format(key))
		if value and isinstance(value, str) and len(value) > MAX_LENGTH:
			_refuse(_("The filter {0} is too long.").format(key))
		if value and (key == "date" or key.endswith("_date")):
			try:
				day = getdate(value)
			except (ValueError, TypeError, OverflowError):
				day = None
			if day is None or not (getdate(EARLIEST) <= day < getdate(LATEST)):
				_refuse(_("{0} is not a date between {1} and {2}.").format(key, EARLIEST, LATEST))
			value = day
		clean[key] = value
	return clean


def _refuse(message: str) -> NoReturn:
	frappe.throw(message, frappe.ValidationError, title=_("Invalid request"))


def _check_http_method(methods: list[str]) -> None:
	request = getattr(frappe.local, "request", None)
	method = getattr(request, "method", None)
	if method and method.upper() not in methods:
		frappe.throw(
			_("This action needs a {0} request.").format(" / ".join(methods)),
			frappe.PermissionError,
			title=_("Method Not Allowed"),
		)


def _validating() -> bool:
	"""When Frappe's own type check runs (frappe.whitelist: in a request or a test)."""
	return bool(getattr(frappe.local, "request", None) or frappe.local.flags.in_test)


def _bind(signature: inspect.Signature, is_method: bool, args: tuple, kwargs: dict) -> inspect.BoundArguments:
	kwargs = {key: value for key, value in kwargs.items() if key not in _FRAMEWORK_KEYS}
	positional = [p for p in signature.parameters.values() if p.kind != p.KEYWORD_ONLY]
	if is_method and len(args) == len(positional) + 1 and args[-1] is None:
		# frappe.handler.run_doc_method passes `args` positionally when they are not a dict: None there
		# means that the caller (Desk's frm.call) sent none
		args = args[:-1]
	if len(args) > len(positional):
		_refuse(_("Too many arguments."))
	unknown = sorted(set(kwargs) - set(signature.parameters))
	if unknown:
		_refuse(_("Unknown argument: {0}.").format(", ".join(unknown)))
	try:
		bound = signature.bind_partial(*args, **kwargs)
	except TypeError:  # one argument given both by position and by name
		_refuse(_("Invalid arguments."))
	for param in signature.parameters.values():
		if param.default is not param.empty:
			continue
		value = bound.arguments.get(param.name)
		if value is None or (isinstance(value, str) and not value.strip()):
			_refuse(_("Missing argument: {0}.").format(param.name))
	return bound


def _check_lengths(bound: inspect.BoundArguments, limits: dict[str, int]) -> None:
	for name, value in bound.arguments.items():
		limit = limits.get(name, MAX_LENGTH)
		if isinstance(value, str) and len(value) > limit:
			_refuse(_("{0} is too long: at most {1} characters.").format(name, limit))


def _check_types(fn: Callable, bound: inspect.BoundArguments) -> None:
	"""Frappe's own check and conversion (so "1" becomes 1 for an int), one argument at a time so the
	message can name it."""
	for name, value in list(bound.arguments.items()):
		if name == "self" or name not in fn.__annotations__:
			continue
		try:
			_args, converted = transform_parameter_types(fn, (), {name: value})
		except FrappeTypeError:
			expected = inspect.formatannotation(fn.__annotations__[name])
			_refuse(_("{0} has the wrong type: {1} expected.").format(name, expected))
		bound.arguments[name] = converted[name]
