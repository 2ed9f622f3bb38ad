from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from after_sales.agreement.ics import fold, invitation

SHANGHAI = ZoneInfo("Asia/Shanghai")


def invite(**kwargs):
	values = {
		"uid": "TS-2026-00001-a@example.com",
		"start": datetime(2026, 12, 10, 9, 0, tzinfo=SHANGHAI),
		"end": datetime(2026, 12, 10, 12, 0, tzinfo=SHANGHAI),
		"summary": "ERP training, part 1",
		"stamp": datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc),
		"attendee": "a@example.com",
		"organizer": "trainer@example.com",
	}
	values.update(kwargs)
	return invitation(**values)


def test_agr8_online_invitation_parses_with_the_meeting_link():
	"""AGR-8: an online session's invitation carries its times (in UTC) and the meeting link."""
	text = invite(url="https://meet.example.com/erp", description="Join: https://meet.example.com/erp")
	event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
	assert event.decoded("DTSTART") == datetime(2026, 12, 10, 1, 0, tzinfo=timezone.utc)
	assert event.decoded("DTEND") == datetime(2026, 12, 10, 4, 0, tzinfo=timezone.utc)
	assert str(event["URL"]) == "https://meet.example.com/erp"
	assert str(event["ATTENDEE"]) == "mailto:a@example.com"
	assert str(event["SUMMARY"]) == "ERP training, part 1"
	assert text.endswith("\r\n") and "\r\n" in text


def test_agr8_onsite_invitation_carries_the_address_escaped():
	text = invite(location="上海市 浦东新区, Building 3; Room 2\nReception")
	event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
	assert str(event["LOCATION"]) == "上海市 浦东新区, Building 3; Room 2\nReception"


def test_cancellation():
	text = invite(cancelled=True, sequence=1)
	calendar = icalendar.Calendar.from_ical(text)
	assert str(calendar["METHOD"]) == "CANCEL"
	assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_end_before_start_and_naive_times_are_refused():
	with pytest.raises(ValueError):
		invite(end=datetime(2026, 12, 10, 8, 0, tzinfo=SHANGHAI))
	with pytest.raises(ValueError):
		invite(start=datetime(2026, 12, 10, 9, 0), end=datetime(2026, 12, 10, 10, 0))


@given(st.text(min_size=0, max_size=400))
def test_folded_lines_stay_within_75_octets_and_unfold_to_the_original(text):
	line = "DESCRIPTION:" + text.replace("\r", "").replace("\n", "")
	folded = fold(line)
	assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
	assert folded.replace("\r\n ", "") == line


def _normalised(text: str) -> str:
	"""What a TEXT value reads as once escaped: every line break an LF, other control characters gone."""
	text = text.replace("\r\n", "\n").replace("\r", "\n")
	return "".join(c for c in text if c in "\t\n" or not (ord(c) < 32 or ord(c) == 127))


def _properties(text: str) -> list[str]:
	unfolded = text.replace("\r\n ", "")
	return [line.split(":", 1)[0].split(";", 1)[0] for line in unfolded.split("\r\n") if line]


def test_agr8_no_value_can_start_a_property_of_its_own():
	"""Titles, addresses, links and addresses are typed by people: a line break in any of them stays
	inside its own value (RFC 5545 3.1), so nobody can add an ATTENDEE, change METHOD or the times."""
	evil = "x\r\nATTENDEE:mailto:eve@example.com\rMETHOD:CANCEL\nDTSTART:20000101T000000Z"
	text = invite(
		uid=f"TS-1{evil}",
		summary=evil,
		description=evil,
		location=evil,
		url=f"https://meet.example.com/{evil}",
		organizer=f"trainer@example.com{evil}",
		attendee=f"a@example.com{evil}",
	)
	expected = ["BEGIN", "VERSION", "PRODID", "CALSCALE", "METHOD", "BEGIN", "UID", "DTSTAMP", "DTSTART"]
	expected += ["DTEND", "SEQUENCE", "SUMMARY", "STATUS", "DESCRIPTION", "LOCATION", "URL", "ORGANIZER"]
	expected += ["ATTENDEE", "END", "END"]
	assert _properties(text) == expected
	calendar = icalendar.Calendar.from_ical(text)
	assert str(calendar["METHOD"]) == "REQUEST"
	event = calendar.walk("VEVENT")[0]
	assert event.decoded("DTSTART") == datetime(2026, 12, 10, 1, 0, tzinfo=timezone.utc)
	assert str(event["SUMMARY"]) == _normalised(evil)
	assert str(event["LOCATION"]) == _normalised(evil)
	assert "\n" not in str(event["ATTENDEE"]) and str(event["ATTENDEE"]).startswith("mailto:a@example.com")


def test_text_escapes_backslash_semicolon_comma_and_every_line_break():
	from after_sales.agreement.ics import escape_text

	assert escape_text("a\\b;c,d\r\ne\rf\ng\x00h\ti") == "a\\\\b\\;c\\,d\\ne\\nf\\ng" + "h\ti"


@given(st.text(min_size=1, max_size=200))
def test_any_text_round_trips_with_line_breaks_normalised(text):
	"""Whatever a field holds (lone CRs and control characters included), the invitation parses and its
	TEXT values read back as typed, line breaks as LF."""
	start = datetime(2026, 12, 10, 9, 0, tzinfo=SHANGHAI)
	ics = invite(summary=text, location=text, start=start, end=start + timedelta(hours=1))
	assert _properties(ics).count("SUMMARY") == 1
	event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
	assert str(event["SUMMARY"]) == _normalised(text)
	if _normalised(text):
		assert str(event["LOCATION"]) == _normalised(text)
