"""The secure web channel against the real Rasa server: sessions, tokens, origins, limits, bad input."""
from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from tests.web.webclient import SECRET, bot_says

pytestmark = pytest.mark.slow

GREET = {"payload": "/greet", "hidden": True}
YES = {"payload": '/inform{"choice":"yes"}', "title": "Yes, I agree"}


def claims(token: str) -> dict:
    return jwt.decode(token, SECRET, algorithms=["HS256"], audience="skn-web")


def test_a_session_is_a_server_chosen_id_inside_a_signed_expiring_token(client):
    status, body, _ = client.call("POST", "/session", {"sender": "someone-else"})
    assert status == 201
    issued = claims(body["token"])
    assert issued["sub"].startswith("web-") and issued["sub"] != "someone-else"
    assert issued["exp"] == body["expires_at"] > time.time() + 3600
    assert claims(client.session())["sub"] != issued["sub"]


def test_the_sender_id_never_comes_from_the_client(client, web_assistant):
    token = client.session()
    status, _, _ = client.call("POST", "/message", {**GREET, "sender": "victim-1"}, token=token)
    assert status == 200
    assert not [e for e in web_assistant.tracker("victim-1")["events"] if e["event"] == "user"]
    assert [e for e in web_assistant.tracker(claims(token)["sub"])["events"] if e["event"] == "user"]


def _sign(payload: dict, key: str = SECRET, **header) -> str:
    return jwt.encode(payload, key, algorithm="HS256", headers=header or None)


def _tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=="))
    data["sub"] = data["sub"] + "x"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


@pytest.mark.parametrize("kind", ["missing", "garbage", "forged", "tampered", "expired", "other audience",
                                  "unsigned", "not a web sender"])
def test_a_message_without_a_valid_token_is_refused(client, kind):
    good = client.session()
    sub = claims(good)["sub"]
    now = int(time.time())
    tokens = {
        "missing": None,
        "garbage": "not-a-token",
        "forged": _sign({"sub": sub, "aud": "skn-web", "iat": now, "exp": now + 600}, key="a-key-of-the-attackers-own-making-0123456789"),
        "tampered": _tampered(good),
        "expired": _sign({"sub": sub, "aud": "skn-web", "iat": now - 7200, "exp": now - 60}),
        "other audience": _sign({"sub": sub, "aud": "rasa", "iat": now, "exp": now + 600}),
        "unsigned": jwt.encode({"sub": sub, "aud": "skn-web", "iat": now, "exp": now + 600}, None, algorithm="none"),
        "not a web sender": _sign({"sub": "default", "aud": "skn-web", "iat": now, "exp": now + 600}),
    }
    for path, method, body in (("/message", "POST", GREET), ("/history", "GET", None)):
        status, reply, _ = client.call(method, path, body, token=tokens[kind])
        assert status == 401, (kind, path, reply)
        assert reply["error"] == "invalid_session"
    if kind == "expired":
        assert reply["reason"] == "expired"


def test_replies_come_back_and_the_history_is_what_the_patient_saw(client):
    token = client.session()
    greeting = client.send(token, **GREET)
    assert greeting[0]["text"] == bot_says("consent", "ask")
    assert [b["title"] for b in greeting[0]["buttons"]][0] == "Yes, I agree"
    client.send(token, **YES)
    client.send(token, text="Ayesha")
    history = client.history(token)
    assert [m["from"] for m in history] == ["bot", "user", "bot", "user", "bot"]  # the hidden greeting is left out
    assert history[1]["text"] == "Yes, I agree"  # the button's title, not its payload
    assert history[0]["buttons"] == greeting[0]["buttons"]
    assert history[3]["text"] == "Ayesha"
    assert all(m["time"].endswith("+00:00") for m in history)


def test_a_new_connection_with_the_same_token_still_gets_replies(client):
    """What rasa#13027 breaks for socket.io: after a reload the bot's replies must still arrive."""
    token = client.session()
    client.send(token, **GREET)
    client.send(token, **YES)
    assert client.history(token)  # what the reloaded page does first
    replies = client.send(token, text="Bilal")
    assert replies and "old" in replies[0]["text"].lower()


def test_the_history_is_only_the_tokens_own_session(client):
    first, second = client.session(), client.session()
    client.send(first, **GREET)
    client.send(first, **YES)
    client.send(first, text="Mehwish")
    assert client.history(second) == []
    assert "Mehwish" not in json.dumps(client.history(second))
    assert "Mehwish" in json.dumps(client.history(first))


def test_only_allowed_origins_get_cors_headers(client, site_origin):
    status, _, headers = client.call("POST", "/session")
    assert status == 201 and headers["Access-Control-Allow-Origin"] == site_origin

    status, _, headers = client.call("OPTIONS", "/message")
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == site_origin
    assert "Authorization" in headers["Access-Control-Allow-Headers"]

    for method, path in (("POST", "/session"), ("OPTIONS", "/message"), ("POST", "/message"), ("GET", "/history")):
        status, body, headers = client.call(method, path, GREET if method == "POST" else None,
                                            origin="http://evil.example")
        assert status == 403, (method, path)
        assert "Access-Control-Allow-Origin" not in headers
    assert body["error"] == "origin_not_allowed"

    # Lookalikes of the allowed origin are other origins.
    for origin in (site_origin + ".evil.example", site_origin.replace("http:", "https:"), "null"):
        assert client.call("POST", "/session", origin=origin)[0] == 403, origin


def test_messages_over_the_size_limit_are_refused(client):
    token = client.session()
    status, body, _ = client.call("POST", "/message", {"text": "a" * 2001}, token=token)
    assert status == 413 and body["error"] == "too_large" and body["max_chars"] == 2000
    status, _, _ = client.call("POST", "/message", raw=b'{"text": "' + b"a" * 40_000 + b'"}', token=token)
    assert status == 413
    assert client.call("POST", "/message", {"text": "a" * 2000}, token=token)[0] == 200


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'{"text": 5}', b'{"text": "   "}', b"{}", b"\xff\xfe\x00",
                                 b'{"payload": null, "text": null}', b""])
def test_malformed_requests_get_a_clear_400(client, raw):
    token = client.session()
    status, body, _ = client.call("POST", "/message", raw=raw, token=token)
    assert status == 400, body
    assert body["error"] in {"bad_json", "bad_request"} and body["message"]
    assert client.send(token, **GREET)  # and the server is fine


def test_a_flood_from_one_session_is_slowed_down(client):
    token, other = client.session(), client.session()
    # Malformed messages count too (and do not reach the NLU), so the flood is cheap to send here.
    statuses = [client.call("POST", "/message", raw=b"{", token=token)[0] for _ in range(30)]
    assert set(statuses) == {400}
    status, body, headers = client.call("POST", "/message", GREET, token=token)
    assert status == 429 and body["error"] == "rate_limited"
    assert 1 <= int(headers["Retry-After"]) <= 61
    assert client.send(other, **GREET)  # another session is not affected
