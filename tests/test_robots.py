"""Group robots (issue 20; AGR-15, AGR-21..24): each platform's message and signature, its rate limit and the
back-off after a failure, and no secret in an error text."""

import base64
import hashlib
import hmac
from datetime import datetime, timedelta
from itertools import pairwise
from urllib.parse import parse_qs, urlsplit

import pytest

from after_sales.agreement import robots

NOW = datetime(2026, 2, 13, 23, 0, 5)


def test_wecom_markdown_unsigned():
	url, body = robots.request(robots.WECOM, "https://wecom.example/send?key=K", None, "T", "**x**", NOW)
	assert url == "https://wecom.example/send?key=K"
	assert body == {"msgtype": "markdown", "markdown": {"content": "**x**"}}


def test_dingtalk_signature_is_the_documented_hmac_in_the_query():
	secret = "SECabc123"
	url, body = robots.request(
		robots.DINGTALK, "https://ding.example/robot/send?access_token=t0k3n", secret, "T", "m", NOW
	)
	query = parse_qs(urlsplit(url).query)
	timestamp = query["timestamp"][0]
	assert timestamp == str(int(NOW.timestamp() * 1000))
	expected = base64.b64encode(
		hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
	).decode()
	assert query["sign"] == [expected]
	assert query["access_token"] == ["t0k3n"]
	assert body["markdown"] == {"title": "T", "text": "m"}


def test_feishu_signature_is_the_documented_hmac_in_the_body():
	secret = "feishu-secret"
	url, body = robots.request(robots.FEISHU, "https://open.feishu.example/hook/abc", secret, "T", "m", NOW)
	timestamp = int(NOW.timestamp())
	key = f"{timestamp}\n{secret}".encode()
	assert body["timestamp"] == str(timestamp)
	assert body["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
	assert body["card"]["elements"] == [{"tag": "markdown", "content": "m"}]
	assert url == "https://open.feishu.example/hook/abc"


def test_long_messages_are_cut_to_what_wecom_takes():
	_url, body = robots.request(robots.WECOM, "https://w.example", None, "T", "响" * 5000, NOW)
	assert len(body["markdown"]["content"].encode()) <= 4096 * 3
	assert len(body["markdown"]["content"]) == robots.MAX_CONTENT


@pytest.mark.parametrize(
	("platform", "status", "answer", "ok"),
	[
		(robots.WECOM, 200, {"errcode": 0, "errmsg": "ok"}, True),
		(robots.WECOM, 200, {"errcode": 45009, "errmsg": "api freq out of limit"}, False),
		(robots.DINGTALK, 200, {"errcode": 310000, "errmsg": "sign not match"}, False),
		(robots.FEISHU, 200, {"code": 0}, True),
		(robots.FEISHU, 200, {"StatusCode": 0}, True),
		(robots.FEISHU, 200, {"code": 19021, "msg": "sign match fail"}, False),
		(robots.DINGTALK, 500, {"errcode": 0}, False),
		(robots.WECOM, 200, "not json", False),
	],
)
def test_only_the_platforms_own_ok_counts_as_delivered(platform, status, answer, ok):
	assert robots.accepted(platform, status, answer) is ok


def test_back_off_then_give_up():
	waits = [robots.retry_at(n, NOW) for n in range(1, len(robots.BACKOFF_MINUTES) + 2)]
	assert waits[:-1] == [NOW + timedelta(minutes=m) for m in robots.BACKOFF_MINUTES]
	assert waits[-1] is None
	assert all(a < b for a, b in pairwise(waits[:-1]))


def test_rate_limits_per_platform():
	assert robots.room_this_minute(robots.WECOM, 0) == 20
	assert robots.room_this_minute(robots.DINGTALK, 25) == 0
	assert robots.room_this_minute(robots.FEISHU, 40) == 60


def test_errors_never_carry_the_webhook_key_or_the_secret():
	url = "https://qyapi.example/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
	text = f"HTTPSConnectionPool: Max retries exceeded with url: {url} (secret SECxyz987)"
	clean = robots.redact(text, url, "SECxyz987")
	assert "693a91f6" not in clean and "SECxyz987" not in clean
	assert "Max retries exceeded" in clean


def test_an_unknown_platform_is_refused():
	with pytest.raises(ValueError):
		robots.request("Slack", "https://x.example", None, "T", "m", NOW)
