"""iCalendar (RFC 5545) invitations for training sessions (AGR-8). Pure Python: no frappe import.

Every value comes from a record someone typed (title, address, link, e-mail addresses), so none may end
a content line early and start a property of its own: TEXT values are escaped (3.3.11), URI and
CAL-ADDRESS values lose any control character (3.3.3, 3.3.13)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

CRLF = "\r\n"

# CONTROL characters other than HTAB (RFC 5545 3.1): not allowed in any value, line breaks included
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def escape_text(value: str) -> str:
	"""TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon and comma escaped; any line break
	(CRLF, LF or a lone CR) becomes the two characters \\n; other control characters are dropped."""
	text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
	text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
	return _CONTROLS.sub("", text)


def uri(value: str) -> str:
	"""A URI or CAL-ADDRESS value (RFC 5545 3.3.3, 3.3.13): no escaping exists, so control characters
	(line breaks included) are dropped and surrounding blanks trimmed."""
	return _CONTROLS.sub("", value or "").strip()


def fold(line: str) -> str:
	"""Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
	out, current, size = [], "", 0
	for char in line:
		width = len(char.encode("utf-8"))
		limit = 75 if not out else 74  # continuation lines start with one space
		if size + width > limit:
			out.append(current)
			current, size = "", 0
		current += char
		size += width
	out.append(current)
	return (CRLF + " ").join(out)


def utc_stamp(moment: datetime) -> str:
	if moment.tzinfo is None:
		raise ValueError("expected an aware datetime")
	return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def invitation(
	*,
	uid: str,
	start: datetime,
	end: datetime,
	summary: str,
	description: str = "",
	location: str = "",
	url: str = "",
	organizer: str = "",
	attendee: str = "",
	stamp: datetime,
	sequence: int = 0,
	cancelled: bool = False,
) -> str:
	"""A one-event METHOD:REQUEST (or CANCEL) calendar; datetimes must be aware."""
	if end <= start:
		raise ValueError("the event must end after it starts")
	lines = [
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//after_sales//Training Session//EN",
		"CALSCALE:GREGORIAN",
		f"METHOD:{'CANCEL' if cancelled else 'REQUEST'}",
		"BEGIN:VEVENT",
		f"UID:{escape_text(uid)}",
		f"DTSTAMP:{utc_stamp(stamp)}",
		f"DTSTART:{utc_stamp(start)}",
		f"DTEND:{utc_stamp(end)}",
		f"SEQUENCE:{int(sequence)}",
		f"SUMMARY:{escape_text(summary)}",
		f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
	]
	if description:
		lines.append(f"DESCRIPTION:{escape_text(description)}")
	if location:
		lines.append(f"LOCATION:{escape_text(location)}")
	if url:
		lines.append(f"URL:{uri(url)}")
	if organizer:
		lines.append(f"ORGANIZER:mailto:{uri(organizer)}")
	if attendee:
		lines.append(f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:{uri(attendee)}")
	lines += ["END:VEVENT", "END:VCALENDAR"]
	return CRLF.join(fold(line) for line in lines) + CRLF
