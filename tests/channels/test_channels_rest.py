"""The REST channel's checks: token, foreign sender ids, rate limits, malformed and hostile bodies."""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

import pytest

from bot.channels.limits import CHANNEL_SENDER_PREFIXES, foreign_channel
from bot.channels.rest import (
    MAX_BODY_BYTES, MAX_MESSAGE_CHARS, BadRequest, GuardedRestInput, authorised, parse_body, storable_text, too_deep,
)
from bot.channels.tokens import SENDER_PREFIX

TOKEN = "t" * 40


def test_a_good_body():
    assert parse_body(b'{"sender": "abc-1", "message": "hi"}') == ("abc-1", "hi")


@pytest.mark.parametrize("body,status", [
    (b"", 400), (b"{not json", 400), (b"[]", 400), (b"\xff\xfe", 400), (b'"text"', 400),
    (b'{"message": "hi"}', 400), (b'{"sender": 5, "message": "hi"}', 400), (b'{"sender": "", "message": "x"}', 400),
    (b'{"sender": "a b<script>", "message": "x"}', 400), (b'{"sender": "a", "message": null}', 400),
    (('{"sender": "a", "message": "%s"}' % ("x" * (MAX_MESSAGE_CHARS + 1))).encode(), 413),
    pytest.param(b"[" * 60_000, 400, id="60k-nested-lists"),
    pytest.param(b'{"sender": "a", "message": "x", "m": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_001, 400,
                 id="5k-nested-objects"),
    pytest.param(b"[" * (MAX_BODY_BYTES + 1), 413, id="oversized"),
], ids=lambda value: repr(value)[:40])
def test_bad_bodies(body, status):
    with pytest.raises(BadRequest) as error:
        parse_body(body)
    assert error.value.status == status


def test_nesting_is_measured_outside_strings_only():
    assert not too_deep(b'{"sender": "a", "message": "[[[[[[[[[[{{{{{{{{ \\" [[[[["}')
    assert too_deep(b'{"a": [[[[[1]]]]]}', limit=4)
    assert not too_deep(b'{"a": [[[1]]]}', limit=4)


@pytest.mark.parametrize("raw,expected", [
    (b'{"sender": "a", "message": "hair \\ud800 loss"}', "hair \ufffd loss"),  # a lone surrogate escape
    (b'{"sender": "a", "message": "x\\udfff"}', "x\ufffd"),
    (b'{"sender": "a", "message": "hair \xed\xa0\x80 loss"}', "hair \ufffd loss"),  # surrogate as raw bytes
    (b'{"sender": "a", "message": "\\ud83d\\ude00 ok"}', "\U0001F600 ok"),  # a real pair stays an emoji
    (b'{"sender": "a", "message": "a\\u0000b\\u0007c\\nd"}', "ab" + "c\nd"),
])
def test_text_that_cannot_be_stored_is_cleaned(raw, expected):
    sender, text = parse_body(raw)
    assert text == expected
    text.encode("utf-8")  # storable


def test_storable_text_leaves_ordinary_text_alone():
    assert storable_text("Bal gir rahe hain 😟\tسر") == "Bal gir rahe hain 😟\tسر"


def test_the_token_is_always_required():
    assert authorised(f"Bearer {TOKEN}", TOKEN)
    assert authorised(f"bearer  {TOKEN}", TOKEN)
    assert not authorised(None, TOKEN)
    assert not authorised("Bearer wrong", TOKEN)
    assert not authorised(f"Basic {TOKEN}", TOKEN)
    assert not authorised("Bearer ", "")  # no configured token never means "open"
    with pytest.raises(ValueError):
        GuardedRestInput("")


def test_sender_ids_of_other_channels_are_recognised():
    assert CHANNEL_SENDER_PREFIXES["web"] == SENDER_PREFIX
    assert foreign_channel("web-abc", "rest") == "web"
    assert foreign_channel("WEB-abc", "rest") == "web"
    assert foreign_channel("wa-923001234567", "rest") == "whatsapp"
    assert foreign_channel("web-abc", "web") is None
    assert foreign_channel("bridge-42", "rest") is None and foreign_channel("webby", "rest") is None


def test_from_credentials_takes_the_token_from_the_environment_and_limits_from_credentials(monkeypatch):
    monkeypatch.setenv("REST_CHANNEL_TOKEN", TOKEN)
    channel = GuardedRestInput.from_credentials({"messages_per_sender": 3, "messages_per_address": 7,
                                                 "window_seconds": 10})
    assert channel.token == TOKEN
    assert (channel.sender_limit.limit, channel.address_limit.limit, channel.sender_limit.window) == (3, 7, 10)


# -- the request handler, without a server --------------------------------------------------------------------
@dataclass
class FakeRequest:
    body: bytes
    headers: dict = field(default_factory=dict)
    ip: str = "10.0.0.1"


def post(channel, sender="bridge-1", message="hi", token=TOKEN, ip="10.0.0.1", body=None):
    received = []

    async def on_new_message(message):
        received.append(message)
        await message.output_channel.send_text_message(message.sender_id, "hello")

    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    raw = body if body is not None else json.dumps({"sender": sender, "message": message}).encode()
    resp = asyncio.run(channel._answer(FakeRequest(raw, headers, ip), on_new_message))
    return resp, received


def test_an_authorised_message_is_answered():
    resp, received = post(GuardedRestInput(TOKEN))
    assert resp.status == 200 and json.loads(resp.body) == [{"recipient_id": "bridge-1", "text": "hello"}]
    assert [(m.sender_id, m.text, m.input_channel) for m in received] == [("bridge-1", "hi", "rest")]


@pytest.mark.parametrize("token", [None, "wrong-token", ""])
def test_no_or_a_wrong_token_gets_401_and_nothing_reaches_rasa(token):
    resp, received = post(GuardedRestInput(TOKEN), token=token)
    assert resp.status == 401 and "error" in json.loads(resp.body) and received == []


@pytest.mark.parametrize("sender", [f"{SENDER_PREFIX}abc123", "wa-923001234567"])
def test_sender_ids_of_other_channels_get_403(sender):
    resp, received = post(GuardedRestInput(TOKEN), sender=sender)
    assert resp.status == 403 and received == []


def test_a_flood_from_one_sender_gets_429_with_retry_after_and_other_senders_go_on():
    channel = GuardedRestInput(TOKEN, messages_per_sender=3, window_seconds=60)
    statuses = [post(channel, sender="flooder")[0].status for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    resp, _ = post(channel, sender="flooder")
    assert 1 <= int(resp.headers["Retry-After"]) <= 61
    assert post(channel, sender="someone-else")[0].status == 200


def test_many_senders_from_one_address_are_limited_per_address():
    channel = GuardedRestInput(TOKEN, messages_per_sender=100, messages_per_address=4)
    statuses = [post(channel, sender=f"s{i}", ip="10.0.0.9")[0].status for i in range(6)]
    assert statuses == [200] * 4 + [429] * 2
    assert post(channel, sender="s99", ip="10.0.0.10")[0].status == 200


def test_hostile_bodies_get_4xx_and_never_reach_rasa():
    channel = GuardedRestInput(TOKEN)
    hostile = ((b"[" * 100_000, 413), (b"[" * 60_000, 400), (b"\xff\xfe\x00", 400), (b"x" * (MAX_BODY_BYTES + 1), 413))
    for body, status in hostile:
        resp, received = post(channel, body=body)
        assert (resp.status, received) == (status, [])


def test_a_lone_surrogate_reaches_rasa_as_a_replacement_character():
    resp, received = post(GuardedRestInput(TOKEN), body=b'{"sender": "bridge-1", "message": "hair \\ud800"}')
    assert resp.status == 200 and received[0].text == "hair \ufffd"


def test_a_failure_inside_rasa_gets_503_not_500(caplog):
    async def broken(message):
        raise RuntimeError("tracker store down")

    channel = GuardedRestInput(TOKEN)
    raw = json.dumps({"sender": "923001234567", "message": "my name is Sara"}).encode()
    resp = asyncio.run(channel._answer(FakeRequest(raw, {"Authorization": f"Bearer {TOKEN}"}), broken))
    assert resp.status == 503
    assert "923001234567" not in caplog.text and "Sara" not in caplog.text
