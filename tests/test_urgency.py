"""Urgency of a request: AGR-21 (urgent faults), AGR-22 (general faults), AGR-23 (consultations)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from after_sales.agreement.urgency import (
	DEFAULT_URGENT_KEYWORDS,
	Classification,
	Urgency,
	classify,
	find_urgent_keyword,
	parse_keywords,
)


def classify_text(
	subject: str | None = None,
	description: str | None = None,
	*,
	ticket_type: str | None = None,
	priority: str | None = None,
	keywords=DEFAULT_URGENT_KEYWORDS,
) -> Classification:
	return classify(
		ticket_type=ticket_type,
		priority=priority,
		subject=subject,
		description=description,
		keywords=keywords,
	)


def test_urgency_values_are_the_policy_row_labels():
	"""AGR-21..AGR-23: the three urgencies, spelled as the SLA Policy rows spell them."""
	assert [u.value for u in Urgency] == ["Urgent fault", "General fault", "Consultation"]
	assert Urgency.URGENT_FAULT == "Urgent fault"
	assert str(Urgency.CONSULTATION) == "Consultation"


def test_agr21_default_keywords_cover_the_agreements_examples():
	"""AGR-21 names "system crash" and "data loss", in English and Chinese."""
	for word in ("crash", "data loss", "崩溃", "数据丢失", "宕机"):
		assert word in DEFAULT_URGENT_KEYWORDS
	assert parse_keywords("\n".join(DEFAULT_URGENT_KEYWORDS)) == DEFAULT_URGENT_KEYWORDS


@pytest.mark.parametrize(
	("html", "expected"),
	[
		("<p>系统崩溃</p>", "崩溃"),
		('<div class="ql-editor"><p>今天上午<strong>数据丢失</strong>了</p></div>', "数据丢失"),
		("<p>服务器<b>宕</b>机</p>", "宕机"),  # inline tags do not split a word
		("<p>数据</p><p>丢失</p>", None),  # two paragraphs are not one word
		("<p>The server is&nbsp;down</p>", "down"),
		("<p>Everything crashed &amp; burned</p>", "crashed"),
		("<!-- crash --><p>all fine</p>", None),  # comments are not text
	],
)
def test_agr21_keywords_are_found_inside_helpdesk_html(html, expected):
	"""AGR-21: Helpdesk descriptions are HTML; tags are removed before matching."""
	assert find_urgent_keyword(html, DEFAULT_URGENT_KEYWORDS) == expected


@pytest.mark.parametrize(
	("text", "expected"),
	[
		("App CRASH on login", "crash"),
		("The Service Is Down", "down"),
		("we have DATA LOSS", "data loss"),
		("data\n  loss in the report", "data loss"),  # any whitespace between the words
		("系统down了", "down"),  # English next to Chinese is still a word
		("\uff23\uff52\uff41\uff53\uff48", "crash"),  # full-width letters typed with a Chinese input method
		("It can\u2019t start", "can't start"),  # typographic apostrophe
	],
)
def test_agr21_english_keywords_match_case_insensitively(text, expected):
	assert find_urgent_keyword(text, DEFAULT_URGENT_KEYWORDS) == expected


@pytest.mark.parametrize(
	"text",
	[
		"Please help me download the installer",
		"The drop-down list is empty",
		"Breakdown of the invoice",
		"Crashworthy design question",
		"downtime window planned for Sunday",
	],
)
def test_agr21_keywords_match_whole_words_only(text):
	"""AGR-21: "download" does not trigger "down" (ASCII keywords match on word boundaries)."""
	assert find_urgent_keyword(text, ["down", "crash"]) is None


def test_agr21_first_keyword_in_list_order_wins():
	assert find_urgent_keyword("down after a crash", ["crash", "down"]) == "crash"
	assert find_urgent_keyword("down after a crash", ["down", "crash"]) == "down"


def test_find_urgent_keyword_handles_empty_input():
	assert find_urgent_keyword(None, DEFAULT_URGENT_KEYWORDS) is None
	assert find_urgent_keyword("", DEFAULT_URGENT_KEYWORDS) is None
	assert find_urgent_keyword("system crash", []) is None
	assert find_urgent_keyword("system crash", ["", "  "]) is None


def test_a_typed_keyword_list_is_not_read_character_by_character():
	"""A single string of keywords is parsed as a list, so "a" in it does not match every text."""
	assert find_urgent_keyword("a normal question", "crash, outage") is None
	assert find_urgent_keyword("major outage", "crash, outage") == "outage"


def test_parse_keywords_splits_strips_and_dedupes():
	assert parse_keywords("崩溃\uff0c数据丢失; Crash\ncrash,  ,outage") == (
		"崩溃",
		"数据丢失",
		"Crash",
		"outage",
	)
	assert parse_keywords("宕机\uff1b瘫痪\u3001死机\r\n data   loss ;DATA LOSS") == (
		"宕机",
		"瘫痪",
		"死机",
		"data loss",
	)
	assert parse_keywords(None) == ()
	assert parse_keywords(" , ;\n") == ()


@given(st.lists(st.text(alphabet="abc崩溃 ,;\n", max_size=8), max_size=6))
@settings(deadline=None, max_examples=200)
def test_parse_keywords_is_idempotent(parts):
	once = parse_keywords(",".join(parts))
	assert parse_keywords("\n".join(once)) == once
	assert all(k and k == k.strip() for k in once)
	assert len({k.casefold() for k in once}) == len(once)


def test_agr21_keyword_in_subject_or_description_is_urgent():
	assert classify_text("System crash", None) == Classification(Urgency.URGENT_FAULT, "keyword:crash")
	assert classify_text("Question", "<p>系统崩溃</p>") == Classification(
		Urgency.URGENT_FAULT, "keyword:崩溃"
	)


def test_agr21_urgent_priority_is_urgent():
	result = classify_text("Printer problem", priority="Urgent")
	assert result == Classification(Urgency.URGENT_FAULT, "priority:Urgent")
	assert classify_text("x", priority="urgent ").urgency is Urgency.URGENT_FAULT
	custom = classify(
		ticket_type=None,
		priority="P1",
		subject="x",
		description=None,
		keywords=(),
		urgent_priorities=("P1",),
	)
	assert custom == Classification(Urgency.URGENT_FAULT, "priority:P1")


def test_agr23_consultation_type_is_a_consultation():
	result = classify_text("How do I export a report?", ticket_type="Consultation", priority="Low")
	assert result == Classification(Urgency.CONSULTATION, "type:Consultation")
	custom = classify(
		ticket_type="Question",
		priority=None,
		subject="x",
		description=None,
		keywords=(),
		consultation_types=("Question", "Training"),
	)
	assert custom.urgency is Urgency.CONSULTATION


def test_agr22_everything_else_is_a_general_fault():
	assert classify_text("Report shows wrong totals", ticket_type="Fault", priority="High") == Classification(
		Urgency.GENERAL_FAULT, "default"
	)
	assert classify_text(None, None).urgency is Urgency.GENERAL_FAULT


def test_agr21_rule_order_keyword_then_priority_then_type():
	"""A keyword beats a priority and a consultation type; an urgent priority beats a consultation type."""
	both = classify_text("Crash while asking", ticket_type="Consultation", priority="Urgent")
	assert both.reason == "keyword:crash"
	urgent_consultation = classify_text("A question", ticket_type="Consultation", priority="Urgent")
	assert urgent_consultation == Classification(Urgency.URGENT_FAULT, "priority:Urgent")
	download = classify_text("Cannot download the manual", ticket_type="Consultation")
	assert download.urgency is Urgency.CONSULTATION


def test_agr21_subject_is_searched_before_description():
	result = classify_text("Outage in Shanghai", "<p>after a crash</p>")
	assert result.reason == "keyword:outage"


def test_classification_is_immutable():
	result = classify_text("crash")
	with pytest.raises(AttributeError):
		result.urgency = Urgency.CONSULTATION  # type: ignore[misc]
