"""Urgency of a service request (AGR-21..AGR-23). Pure Python: no frappe import.

The agreement promises a response within 30 minutes for urgent faults ("e.g. system crash, data
loss", AGR-21), within 1 hour for general faults (AGR-22) and within 24 hours for non-urgent
consultations (AGR-23). ``classify`` decides which promise applies to a request.

Keyword matching (``find_urgent_keyword``):

- text and keywords are compared after Unicode NFKC normalisation and case folding, so "CRASH",
  "Crash" and its full-width form (U+FF23 ...) all match "crash";
- HTML tags and comments are removed and entities decoded first (Helpdesk descriptions are HTML,
  e.g. ``<p>系统崩溃</p>``); block tags (p, div, br, li, ...) separate words, inline tags do not;
- an edge of a keyword that is an ASCII letter, digit or underscore must sit on a word boundary in
  the text: the neighbouring character must not be an ASCII letter, digit, underscore or hyphen.
  So "down" matches "server down" and "系统down了" but neither "download" nor "drop-down";
- other edges (Chinese keywords) match as plain substrings: "崩溃" matches "系统崩溃了";
- whitespace inside a keyword matches any run of whitespace ("data loss" matches "data\\n loss").
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from after_sales.agreement.compat import StrEnum

__all__ = [
	"DEFAULT_URGENT_KEYWORDS",
	"Classification",
	"Urgency",
	"classify",
	"find_urgent_keyword",
	"parse_keywords",
]


class Urgency(StrEnum):
	"""The three kinds of request the agreement gives response times for."""

	URGENT_FAULT = "Urgent fault"  # AGR-21: respond within 30 minutes
	GENERAL_FAULT = "General fault"  # AGR-22: respond within 1 hour
	CONSULTATION = "Consultation"  # AGR-23: respond within 24 hours


# AGR-21 names "system crash" and "data loss" as urgent faults; the rest are the usual words for the
# same situations (service down, cannot start, corrupted data), in English and Chinese.
DEFAULT_URGENT_KEYWORDS: tuple[str, ...] = (
	"crash",
	"crashed",
	"crashes",
	"crashing",
	"data loss",
	"lost data",
	"data lost",
	"down",
	"outage",
	"corrupt",
	"corrupted",
	"corruption",
	"cannot start",
	"can't start",
	"won't start",
	"fails to start",
	"崩溃",
	"数据丢失",
	"丢失数据",
	"数据损坏",
	"宕机",
	"瘫痪",
	"无法启动",
	"死机",
	"闪退",
)

# Newlines, commas, semicolons and the Chinese enumeration comma, in ASCII and full width.
_KEYWORD_SEPARATORS = re.compile("[\r\n,;\uff0c\uff1b\u3001]+")
_WHITESPACE = re.compile(r"\s+")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.DOTALL | re.IGNORECASE)
_BLOCK_TAG = re.compile(
	r"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|tr|td|th|table|thead|tbody|h[1-6]|blockquote|pre|section|"
	r"article|header|footer|figure|figcaption|img)\b[^<>]*>",
	re.IGNORECASE,
)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _normalise(text: str) -> str:
	return unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")


def _plain_text(text: str) -> str:
	"""`text` with HTML comments, scripts and tags removed and entities decoded."""
	if "<" in text:
		text = _COMMENT.sub(" ", text)
		text = _SCRIPT.sub(" ", text)
		text = _BLOCK_TAG.sub("\n", text)
		text = _ANY_TAG.sub("", text)
	if "&" in text:
		text = html.unescape(text)
	return text


def parse_keywords(text: str | None) -> tuple[str, ...]:
	"""Keywords from a list typed by a user.

	Splits on newlines, commas, semicolons and the Chinese comma, semicolon and enumeration comma
	(U+FF0C, U+FF1B, U+3001); strips each keyword and collapses inner whitespace; drops empty ones; removes
	duplicates case-insensitively, keeping the first spelling and the order.
	"""
	if not text:
		return ()
	seen: set[str] = set()
	result: list[str] = []
	for part in _KEYWORD_SEPARATORS.split(text):
		keyword = _WHITESPACE.sub(" ", part).strip()
		if not keyword:
			continue
		key = _normalise(keyword)
		if key in seen:
			continue
		seen.add(key)
		result.append(keyword)
	return tuple(result)


@lru_cache(maxsize=2048)
def _keyword_pattern(keyword: str) -> re.Pattern[str] | None:
	normal = _normalise(keyword).strip()
	if not normal:
		return None
	body = r"\s+".join(re.escape(word) for word in normal.split())
	if normal[0] in _ASCII_WORD:
		body = r"(?<![0-9a-z_\-])" + body
	if normal[-1] in _ASCII_WORD:
		body += r"(?![0-9a-z_\-])"
	return re.compile(body)


def find_urgent_keyword(text: str | None, keywords: Iterable[str]) -> str | None:
	"""The first of `keywords` (in their order) that occurs in `text`, as given; None if none does.

	`text` may be HTML. Matching rules are in the module docstring. A single string passed as
	`keywords` is read as a typed list (see ``parse_keywords``), not as a sequence of characters.
	"""
	if not text:
		return None
	if isinstance(keywords, str):
		keywords = parse_keywords(keywords)
	haystack = _normalise(_plain_text(text))
	for keyword in keywords:
		if not keyword:
			continue
		pattern = _keyword_pattern(keyword)
		if pattern is not None and pattern.search(haystack):
			return keyword.strip()
	return None


@dataclass(frozen=True)
class Classification:
	"""An urgency and why: "keyword:<keyword>", "priority:<priority>", "type:<ticket type>" or "default"."""

	urgency: Urgency
	reason: str


def _same(value: str | None, choices: Iterable[str]) -> bool:
	if not value or not value.strip():
		return False
	wanted = _normalise(value.strip())
	return any(choice and _normalise(choice.strip()) == wanted for choice in choices)


def classify(
	*,
	ticket_type: str | None,
	priority: str | None,
	subject: str | None,
	description: str | None,
	keywords: Iterable[str],
	consultation_types: Iterable[str] = ("Consultation",),
	urgent_priorities: Iterable[str] = ("Urgent",),
) -> Classification:
	"""The urgency of a request (AGR-21..AGR-23). The first rule that applies wins:

	1. an urgent keyword in the subject or the description -> urgent fault, reason "keyword:<keyword>"
	(AGR-21 names "system crash, data loss"; the subject is searched first);
	2. a priority in `urgent_priorities` -> urgent fault, reason "priority:<priority>";
	3. a ticket type in `consultation_types` -> consultation (AGR-23), reason "type:<ticket type>";
	4. otherwise a general fault (AGR-22), reason "default".

	An urgent keyword thus outranks a consultation type: a "consultation" reporting a crash is an urgent
	fault. Priorities and types are compared ignoring case and surrounding spaces.
	"""
	if isinstance(keywords, str):
		keywords = parse_keywords(keywords)
	else:
		keywords = tuple(keywords)
	for text in (subject, description):
		keyword = find_urgent_keyword(text, keywords)
		if keyword is not None:
			return Classification(Urgency.URGENT_FAULT, f"keyword:{keyword}")
	if priority and _same(priority, urgent_priorities):
		return Classification(Urgency.URGENT_FAULT, f"priority:{priority.strip()}")
	if ticket_type and _same(ticket_type, consultation_types):
		return Classification(Urgency.CONSULTATION, f"type:{ticket_type.strip()}")
	return Classification(Urgency.GENERAL_FAULT, "default")
