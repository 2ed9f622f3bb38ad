"""The Simplified Chinese translation: the agreement's parties (AGR-1) speak Chinese (the original is the
软件售后服务方案协议), so every string the app shows has a row in after_sales/translations/zh.csv."""

import ast
import csv
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).parent.parent
APP = ROOT / "after_sales"
ZH = APP / "translations" / "zh.csv"

_JS_CALL = re.compile(
	r"""(?<![\w$.])__\(\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)""", re.DOTALL
)
_JINJA_CALL = re.compile(r"""(?<![\w$.])_\(\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}
_PLACEHOLDER = re.compile(r"\{\d*\}")
_TAG = re.compile(r"</?\s*([A-Za-z][\w-]*)")


def _unescape(literal: str) -> str:
	"""The text of a quoted JS/Jinja literal (quotes included), with backslash escapes resolved."""
	return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), literal[1:-1], flags=re.DOTALL)


def _python_strings(path: Path) -> list[str]:
	tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
	found = []
	for node in ast.walk(tree):
		if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
			if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
				found.append(node.args[0].value)
	return found


def _js_strings(text: str) -> list[str]:
	return [_unescape(m.group(1)) for m in _JS_CALL.finditer(text)]


def _jinja_strings(text: str) -> list[str]:
	return [_unescape(m.group(1)) for m in _JINJA_CALL.finditer(text)]


def _load(path: Path):
	return json.loads(path.read_text(encoding="utf-8"))


def _options(options: str | None) -> list[str]:
	return [line.strip() for line in (options or "").split("\n") if line.strip()]


def _field_strings(fields: list[dict]) -> list[str]:
	found = []
	for f in fields:
		found += [f.get("label") or "", f.get("description") or ""]
		if f.get("fieldtype") == "Select":
			found += _options(f.get("options"))
	return found


def extract_strings(app: Path = APP) -> set[str]:
	"""Every user-facing string the app adds: `_()` in Python and Jinja, `__()` in JavaScript, doctype,
	report and workspace JSON, the role and ticket type fixtures and the custom HD Ticket fields."""
	found: list[str] = []
	for path in sorted(app.rglob("*.py")):
		found += _python_strings(path)
	for path in sorted(app.rglob("*.js")):
		found += _js_strings(path.read_text(encoding="utf-8"))
	for folder in ("www", "templates"):
		for path in sorted((app / folder).rglob("*.html")):
			text = path.read_text(encoding="utf-8")
			found += _jinja_strings(text) + _js_strings(text)
	module = app / "after_sales"
	for path in sorted(module.glob("doctype/*/*.json")):
		doc = _load(path)
		found.append(doc.get("name") or "")
		found += _field_strings(doc.get("fields") or [])
	for path in sorted(module.glob("report/*/*.json")):
		found.append(_load(path).get("name") or "")
	for path in sorted(module.glob("print_format/*/*.html")):
		found += _jinja_strings(path.read_text(encoding="utf-8"))
	for path in sorted(module.glob("print_format/*/*.json")):
		found.append(_load(path).get("name") or "")
	for folder in ("number_card", "dashboard_chart"):
		for path in sorted(module.glob(f"{folder}/*/*.json")):
			doc = _load(path)
			found.append(doc.get("label") or doc.get("chart_name") or "")
	for path in sorted(module.glob("workspace/*/*.json")):
		doc = _load(path)
		found.append(doc.get("label") or "")
		found += [entry.get("label") or "" for entry in doc.get("links", []) + doc.get("shortcuts", [])]
	for row in _load(app / "fixtures" / "role.json"):
		found.append(row.get("role_name") or row.get("name") or "")
	for row in _load(app / "fixtures" / "hd_ticket_type.json"):
		found += [row.get("name") or "", row.get("description") or ""]

	from after_sales.ticket_fields import ticket_custom_fields

	found += _field_strings(ticket_custom_fields()["HD Ticket"])
	return {s for s in found if s and re.search(r"[^\W\d_]", s)}


def read_rows(path: Path = ZH) -> list[list[str]]:
	with path.open(encoding="utf-8", newline="") as f:
		return [row for row in csv.reader(f) if row]


def translations(path: Path = ZH) -> dict[str, str]:
	return {row[0]: row[1] for row in read_rows(path) if len(row) >= 2}


def _tags(text: str) -> Counter:
	return Counter(m.group(0).replace(" ", "").lower() for m in _TAG.finditer(text))


def test_extractor_reads_every_kind_of_source(tmp_path):
	strings = extract_strings()
	for expected in (
		"Service Contract",  # doctype name
		"After Sales Manager",  # role
		"Urgent fault",  # Select option
		"Closed with feedback",  # custom HD Ticket field option
		"Installation",  # HD Ticket Type
		"Alerts sent",  # JavaScript
		"Not solved",  # Jinja
		"Our Commitments",  # print format
		"Tickets at Risk",  # number card
	):
		assert expected in strings
	assert _js_strings(r"""__("a \"b\"") + __('it\'s') + __(`c`) + x.__("no")""") == ['a "b"', "it's", "c"]
	source = tmp_path / "sample.py"
	source.write_text('_("abc" "def")\n_(\'it\\\'s\')\n_(name)\nfrappe._("x")\n', encoding="utf-8")
	assert _python_strings(source) == ["abcdef", "it's"]
	assert _jinja_strings("""{{ _("x").format(1) }} {{ _('y') }} {{ _(t.status) }}""") == ["x", "y"]


def test_every_string_has_a_chinese_translation():
	"""AGR-1: the agreement's parties speak Chinese, so nothing the app shows stays English-only."""
	zh = translations()
	missing = sorted(s for s in extract_strings() if not zh.get(s, "").strip())
	assert not missing, f"{len(missing)} strings without a Chinese translation: {missing[:50]}"


def test_translations_keep_placeholders_and_tags():
	"""A translation keeps every `{n}` placeholder and every HTML tag, or the message breaks."""
	for row in read_rows():
		source, translation = row[0], row[1]
		assert set(_PLACEHOLDER.findall(source)) == set(_PLACEHOLDER.findall(translation)), row
		assert _tags(source) == _tags(translation), row


def test_csv_is_well_formed():
	rows = read_rows()
	assert rows
	for row in rows:
		assert len(row) in (2, 3), row
		assert row[0].strip() and row[1].strip(), row
	keys = Counter((row[0], row[2] if len(row) == 3 else "") for row in rows)
	duplicates = [key for key, count in keys.items() if count > 1]
	assert not duplicates, duplicates
