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


@given(st.text(min_size=1, max_size=200).filter(lambda t: "\r" not in t))
def test_any_summary_round_trips(summary):
	start = datetime(2026, 12, 10, 9, 0, tzinfo=SHANGHAI)
	text = invite(summary=summary, start=start, end=start + timedelta(hours=1))
	event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
	assert str(event["SUMMARY"]) == summary
