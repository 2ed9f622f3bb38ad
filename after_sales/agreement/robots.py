"""Group robots of the messengers Chinese service teams live in: WeCom (企业微信), DingTalk (钉钉) and Feishu
(飞书). Pure Python: no frappe import. Each takes a JSON message on a webhook URL; DingTalk and Feishu can
sign it with a secret (HMAC-SHA256 over a timestamp and the secret, base64).

What each platform documents, and what this module follows:

- WeCom: ``{"msgtype": "markdown", "markdown": {"content": ...}}`` on the URL (its key is the secret part of
  the URL); no signature; at most 20 messages a minute per robot; answers ``{"errcode": 0}``.
- DingTalk: ``{"msgtype": "markdown", "markdown": {"title": ..., "text": ...}}``; signed by adding
  ``timestamp`` (milliseconds) and ``sign`` = base64(HMAC-SHA256(key=secret, msg="{timestamp}\\n{secret}"))
  to the URL's query; at most 20 a minute; answers ``{"errcode": 0}``.
- Feishu: an interactive card with a markdown element; signed by ``timestamp`` (seconds) and ``sign`` =
  base64(HMAC-SHA256(key="{timestamp}\\n{secret}", msg="")) in the body; at most 100 a minute (5 a
  second); answers ``{"code": 0}`` (older robots ``{"StatusCode": 0}``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, quote_plus, urlencode, urlsplit, urlunsplit

WECOM, DINGTALK, FEISHU = "WeCom", "DingTalk", "Feishu"
PLATFORMS = (WECOM, DINGTALK, FEISHU)
# Messages a robot takes per minute (each platform's documented limit)
PER_MINUTE = {WECOM: 20, DINGTALK: 20, FEISHU: 100}
# Minutes to wait before each new attempt after a failure; after the last, the delivery has failed
BACKOFF_MINUTES = (1, 2, 5, 15, 60)
MAX_CONTENT = 3800  # WeCom's markdown takes at most 4096 bytes; Chinese text is 3 bytes a character


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
	digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
	return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
	digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
	return base64.b64encode(digest).decode()


def request(platform: str, url: str, secret: str | None, title: str, markdown: str, now: datetime):
	"""The (url, JSON body) to POST for a markdown message titled `title`, signed where there is a secret."""
	text = markdown if len(markdown) <= MAX_CONTENT else markdown[: MAX_CONTENT - 1] + "…"
	if platform == WECOM:
		return url, {"msgtype": "markdown", "markdown": {"content": text}}
	if platform == DINGTALK:
		body = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
		if secret:
			timestamp = int(now.timestamp() * 1000)
			url = _with_query(url, timestamp=str(timestamp), sign=dingtalk_sign(secret, timestamp))
		return url, body
	if platform == FEISHU:
		body = {
			"msg_type": "interactive",
			"card": {
				"header": {"title": {"tag": "plain_text", "content": title}},
				"elements": [{"tag": "markdown", "content": text}],
			},
		}
		if secret:
			timestamp = int(now.timestamp())
			body = {"timestamp": str(timestamp), "sign": feishu_sign(secret, timestamp), **body}
		return url, body
	raise ValueError(f"unknown robot platform {platform!r}")


def _with_query(url: str, **params: str) -> str:
	parts = urlsplit(url)
	query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
	query += list(params.items())
	return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote_plus)))


def accepted(platform: str, status: int, answer: object) -> bool:
	"""Whether the platform took the message: HTTP 200 and its own code 0."""
	if status != 200 or not isinstance(answer, dict):
		return False
	if platform == FEISHU:
		return answer.get("code", answer.get("StatusCode")) == 0
	return answer.get("errcode") == 0


def retry_at(attempts: int, now: datetime) -> datetime | None:
	"""When to try again after `attempts` failed attempts; None when it is time to give up."""
	if attempts < 1 or attempts > len(BACKOFF_MINUTES):
		return None
	return now + timedelta(minutes=BACKOFF_MINUTES[attempts - 1])


def room_this_minute(platform: str, sent_last_minute: int) -> int:
	"""How many more messages the robot takes now, under its platform's limit."""
	return max(PER_MINUTE[platform] - sent_last_minute, 0)


def redact(text: str, *secrets: str | None) -> str:
	"""An error text fit for a log: without the webhook URL's key or the signing secret."""
	for secret in secrets:
		if secret:
			text = text.replace(secret, "***")
			for part in _url_secrets(secret):
				text = text.replace(part, "***")
	return text


def _url_secrets(url: str) -> list[str]:
	"""The parts of a webhook URL that authorise it: its query values and its last path segment."""
	parts = urlsplit(url)
	found = [value for _key, value in parse_qsl(parts.query) if len(value) >= 8]
	last = parts.path.rstrip("/").rsplit("/", 1)[-1]
	if len(last) >= 8:
		found.append(last)
	return found
