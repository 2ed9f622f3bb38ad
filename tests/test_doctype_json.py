"""Checks of the app's doctype JSON that need no Frappe: what Desk shows matches the pure core."""

import json
from pathlib import Path

import pytest

from after_sales.agreement.entitlement import ContractStatus
from after_sales.agreement.urgency import DEFAULT_URGENT_KEYWORDS, Urgency

DOCTYPES = Path(__file__).parent.parent / "after_sales" / "after_sales" / "doctype"


def load(name: str) -> dict:
	folder = name.lower().replace(" ", "_").replace("-", "_")
	return json.loads((DOCTYPES / folder / f"{folder}.json").read_text(encoding="utf-8"))


def field(doctype: str, fieldname: str) -> dict:
	return next(f for f in load(doctype)["fields"] if f["fieldname"] == fieldname)


ALL = sorted(p.parent.name for p in DOCTYPES.glob("*/*.json"))


@pytest.mark.parametrize("folder", ALL)
def test_field_order_matches_fields(folder):
	doc = json.loads((DOCTYPES / folder / f"{folder}.json").read_text(encoding="utf-8"))
	assert doc["module"] == "After Sales"
	names = [f["fieldname"] for f in doc["fields"]]
	assert len(names) == len(set(names)), "duplicate fieldnames"
	assert doc["field_order"] == names
	for f in doc["fields"]:
		if f["fieldtype"] in ("Link", "Table", "Table MultiSelect", "Select"):
			assert f.get("options"), f["fieldname"]


def test_agr21_default_keywords_in_the_form_match_the_core():
	"""AGR-21: a new policy starts with the same urgent keywords the core knows (Chinese included)."""
	default = field("SLA Policy", "urgent_keywords")["default"].split("\n")
	assert tuple(default) == DEFAULT_URGENT_KEYWORDS
	assert "崩溃" in default and "数据丢失" in default


def test_agr21_23_urgency_options_match_the_core():
	options = field("SLA Policy Target", "urgency")["options"].split("\n")
	assert options == [u.value for u in Urgency]


def test_contract_status_options_match_the_core():
	options = field("Service Contract", "status")["options"].split("\n")
	assert set(options) == {s.value for s in ContractStatus}


def test_agr5_policy_clock_defaults_to_24x7():
	"""AGR-5: the clock runs around the clock unless a contract says otherwise."""
	assert field("SLA Policy", "clock")["default"] == "24x7"


def test_agr2_free_service_defaults_to_twelve_months():
	assert field("Service Contract", "free_service_months")["default"] == "12"
