"""Attacks on the REST channel of a real running assistant (Rasa server + action server): no token, a wrong
token, another channel's sender id, a flood, deeply nested JSON, lone surrogates and broken UTF-8. Each is
refused with a 4xx or answered politely, and the server keeps serving. Log lines at INFO and above carry
no sender id, name, phone number or message text."""
from __future__ import annotations

import json
import re
import secrets
import urllib.error
import urllib.request
import uuid

import pytest
import yaml

from bot.channels.tokens import SENDER_PREFIX
from bot.pseudonym import pseudonym
from bot.services import ROOT
from tests.support.assistant import RunningAssistant

pytestmark = pytest.mark.slow
WEBHOOK = "/webhooks/rest/webhook"
PER_SENDER = 5  # messages per sender per window, for this module's assistant
LOG_KEY = secrets.token_urlsafe(32)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("rest-attacks")
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text()) or {}
    credentials["bot.channels.rest.GuardedRestInput"] = {"messages_per_sender": PER_SENDER,
                                                         "messages_per_address": 1000, "window_seconds": 60}
    path = workdir / "credentials.yml"
    path.write_text(yaml.safe_dump(credentials))
    running = RunningAssistant(workdir, extra_env={"LOG_PSEUDONYM_KEY": LOG_KEY}, credentials=str(path))
    with running.serving():
        yield running


def sender() -> str:
    return f"bridge-{uuid.uuid4().hex[:10]}"


def post(assistant, body: bytes, token: str | None = "valid", content_type="application/json"):
    given = assistant.rest_token if token == "valid" else token
    headers = {} if token is None else {"Authorization": f"Bearer {given}"}
    return assistant.post_raw(WEBHOOK, body, content_type=content_type, headers=headers)


def message(who: str, text: str) -> bytes:
    return json.dumps({"sender": who, "message": text}).encode()


def still_serving(assistant) -> None:
    assert assistant.texts(sender(), "hi"), "the server still answers"


@pytest.mark.parametrize("token", [None, "wrong-token-" + "x" * 40, ""])
def test_no_or_a_wrong_token_gets_401(assistant, token):
    who = sender()
    status, body = post(assistant, message(who, "hi"), token=token)
    assert status == 401 and "error" in json.loads(body)
    events = assistant.tracker(who).get("events") or []
    assert not any(e.get("event") == "user" for e in events), "nothing reached the conversation"


def test_the_token_in_the_query_string_is_not_accepted(assistant):
    status, _ = assistant.post_raw(f"{WEBHOOK}?token={assistant.rest_token}", message(sender(), "hi"))
    assert status == 401


@pytest.mark.parametrize("foreign", [f"{SENDER_PREFIX}{secrets.token_urlsafe(18)}", "WEB-abc", "wa-923001234567"])
def test_sender_ids_of_other_channels_get_403(assistant, foreign):
    status, body = post(assistant, message(foreign, "show me my answers"))
    assert status == 403 and "error" in json.loads(body)


def test_a_flood_from_one_sender_gets_429_with_retry_after(assistant):
    who = sender()
    statuses = [post(assistant, message(who, "hi"))[0] for _ in range(PER_SENDER + 2)]
    assert statuses[:PER_SENDER] == [200] * PER_SENDER and statuses[PER_SENDER:] == [429, 429]
    request = urllib.request.Request(assistant.url + WEBHOOK, data=message(who, "hi"), method="POST",
                                     headers={"Content-Type": "application/json", **assistant.rest_headers()})
    try:
        urllib.request.urlopen(request, timeout=30)
        raise AssertionError("expected 429")
    except urllib.error.HTTPError as error:
        assert error.code == 429 and 1 <= int(error.headers["Retry-After"]) <= 61
    still_serving(assistant)  # other senders go on


@pytest.mark.parametrize("body,expected", [
    pytest.param(b"[" * 60_000, 400, id="60k-nested-lists"),
    pytest.param(b'{"sender": "a", "message": "x", "m": ' + b'{"a": ' * 8_000 + b"1" + b"}" * 8_001, 400,
                 id="8k-nested-objects"),
    pytest.param(b"[" * 100_000, 413, id="100k-nested-lists-too-large"),
    pytest.param(b'{"sender": "a", "message": "\xff\xfe broken"}', 400, id="malformed-utf8"),
])
def test_hostile_bodies_get_4xx_and_the_server_keeps_serving(assistant, body, expected):
    status, answer = post(assistant, body)
    assert status == expected, answer[:300]
    still_serving(assistant)


@pytest.mark.parametrize("raw", [
    b'"hair \\ud800 loss"', b'"\\udfff"', b'"bal \xed\xa0\x80 gir rahe"', b'"\\ud83d"', b'"a\\u0000b"',
], ids=["lone-high", "lone-low", "surrogate-bytes", "half-emoji", "nul"])
def test_lone_surrogates_get_a_polite_reply_not_a_500(assistant, raw):
    who = sender()
    status, body = post(assistant, b'{"sender": "%s", "message": %s}' % (who.encode(), raw))
    assert status == 200, body[:300]
    replies = json.loads(body)
    assert replies and all(isinstance(r.get("text", ""), str) for r in replies)
    assert assistant.texts(who, "hi"), "the conversation goes on"


def test_no_log_line_at_info_or_above_names_the_patient(assistant):
    phone_sender = "923001234567"  # a WhatsApp bridge may well use the phone number as the sender id
    for text in ("hi", "yes", "Zubaida", "41"):
        assistant.texts(phone_sender, text)
    post(assistant, message("web-" + "s" * 24, "hello"))
    logs = "\n".join(p.read_text(errors="replace") for p in sorted(assistant.settings.log_dir.glob("*.log")))
    lines = [line for line in logs.splitlines() if not re.search(r"\bDEBUG\b", line)]
    for secret in (phone_sender, "Zubaida", "web-" + "s" * 24):
        assert not [line for line in lines if secret in line], f"{secret!r} in the logs"
    assert pseudonym("web-" + "s" * 24, LOG_KEY.encode()) in logs, "refusals are logged, pseudonymised"
