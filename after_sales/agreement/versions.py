"""Ordering of release version numbers (Update Release, AGR-11). Pure Python: no frappe import.

Accepted form (at most 40 characters, surrounding spaces ignored)::

	[v|V] release [[-|.|_] label] [+ build]

- release: numbers separated by dots, e.g. ``2.10`` or ``3.0.1``; compared numerically, component by
  component, so 2.10 > 2.9; trailing zeros do not count (1.0 == 1.0.0 == 1) and leading zeros neither.
- label: letters and digits, in parts separated by ``.``, ``-`` or ``_`` (``rc1``, ``beta.2``). A label
  marks a pre-release, which comes before the release itself (1.2.0-rc1 < 1.2.0), except a label
  starting with ``post``, ``p``, ``sp``, ``patch`` or ``hotfix``, which marks a post-release after it
  (2.0 < 2.0-sp1 < 2.1). Labels compare part by part: numbers numerically and before words;
  the words dev < a = alpha < b = beta < c = rc = pre = preview < any other word (alphabetically);
  a label that is a prefix of another comes first (rc < rc.1). Letters are compared ignoring case.
  Numbers have at most 18 digits (leading zeros aside).
- build: ignored when comparing (as in Semantic Versioning): 1.0+20260101 == 1.0.

Anything else (empty, not starting with a digit after the optional "v", characters outside
``0-9 A-Z a-z . + - _``, empty parts such as "1..2") is not a version: ``version_key`` raises
ValueError and ``is_valid_version`` returns False.
"""

from __future__ import annotations

import re

__all__ = [
	"MAX_VERSION_LENGTH",
	"is_valid_version",
	"sortable_version",
	"version_key",
]

MAX_VERSION_LENGTH = 40

_PART = r"[0-9A-Za-z]+"
_VERSION = re.compile(
	rf"[vV]?(?P<release>[0-9]+(?:\.[0-9]+)*)"
	rf"(?:[-._]?(?P<label>{_PART}(?:[-._]{_PART})*))?"
	rf"(?:\+(?P<build>{_PART}(?:[-._+]{_PART})*))?"
)
_TOKEN = re.compile(r"[0-9]+|[a-z]+")

_PRE, _FINAL, _POST = 0, 1, 2
_POST_WORDS = frozenset({"post", "p", "sp", "patch", "hotfix"})
_WORD_RANK = {
	"dev": 0,
	"a": 1,
	"alpha": 1,
	"b": 2,
	"beta": 2,
	"c": 3,
	"rc": 3,
	"pre": 3,
	"preview": 3,
}
_OTHER_WORD = 4
_MAX_DIGITS = 18
_NUMBER_LIMIT = 10**_MAX_DIGITS

VersionKey = tuple[tuple[int, ...], int, tuple[tuple[int, int, str], ...]]


def version_key(version: str) -> VersionKey:
	"""A key that orders versions as described in the module docstring; equal keys = same version.

	Raises ValueError if `version` is not a version number.
	"""
	if not isinstance(version, str):
		raise ValueError(f"a version must be text, got {type(version).__name__}")
	text = version.strip()
	if not text:
		raise ValueError("a version cannot be empty")
	if len(text) > MAX_VERSION_LENGTH:
		raise ValueError(f"a version has at most {MAX_VERSION_LENGTH} characters")
	match = _VERSION.fullmatch(text)
	if match is None:
		raise ValueError(
			f"{version!r} is not a version: use numbers separated by dots, such as 2.10 or 3.0.1, "
			"optionally followed by a label such as -rc1"
		)
	numbers = [_number(part) for part in match["release"].split(".")]
	while numbers and numbers[-1] == 0:
		numbers.pop()
	label = match["label"]
	if not label:
		return tuple(numbers), _FINAL, ()
	words = _TOKEN.findall(label.lower())
	phase = _POST if words[0] in _POST_WORDS else _PRE
	tokens: list[tuple[int, int, str]] = []
	for word in words:
		if word.isdigit():
			tokens.append((0, _number(word), ""))
		elif word in _WORD_RANK:
			tokens.append((1, _WORD_RANK[word], ""))  # a == alpha, b == beta, c == rc == pre == preview
		else:
			tokens.append((1, _OTHER_WORD, word))
	return tuple(numbers), phase, tuple(tokens)


def _number(digits: str) -> int:
	number = int(digits)
	if number >= _NUMBER_LIMIT:
		raise ValueError(f"a number in a version has at most {_MAX_DIGITS} digits")
	return number


def is_valid_version(v: str) -> bool:
	"""Whether `v` is a version number ``version_key`` accepts."""
	try:
		version_key(v)
	except ValueError:
		return False
	return True


_LENGTH_DIGITS = "123456789abcdefghijklmnopqrstuvwxyz"


def _encode_number(number: int) -> str:
	digits = str(number)
	return _LENGTH_DIGITS[len(digits) - 1] + digits


def sortable_version(version: str) -> str:
	"""`version` as a short string of digits and lower-case letters that sorts like ``version_key``.

	Two versions give the same string exactly when they are the same version, and comparing the strings
	character by character (in Python, or in a database's case-insensitive collation, where digits sort
	before letters) orders them like ``version_key``. At most 140 characters (a Frappe Data field).
	Raises ValueError if `version` is not a version.
	"""
	numbers, phase, tokens = version_key(version)
	parts = [_encode_number(number) for number in numbers]
	parts.append("0")  # ends the release: sorts before any further number
	parts.append(str(phase))
	for kind, value, word in tokens:
		if kind == 0:
			parts.append("1" + _encode_number(value))
		else:
			parts.append(str(2 + value) + word + "0")
	parts.append("0")  # ends the label: sorts before any further part
	return "".join(parts)
