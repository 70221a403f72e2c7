"""The web channel's and demo site's parts on their own: tokens, origins, rate limits, transcripts, the site."""
from __future__ import annotations

import time
import urllib.error
import urllib.request

import jwt
import pytest

from bot.channels.limits import DEFAULT_ORIGINS, OriginPolicy, RateLimiter, parse_origins
from bot.channels.tokens import InvalidToken, TokenIssuer
from bot.channels.transcript import transcript
from bot.site.server import SiteServer, content_security_policy

SECRET = "unit-test-secret-0123456789abcdef"


def test_a_token_carries_a_fresh_random_sender_and_verifies():
    issuer = TokenIssuer(SECRET, ttl_seconds=60)
    token, sender, expires = issuer.issue()
    assert sender.startswith("web-") and len(sender) > 20
    assert issuer.verify(token) == sender
    assert time.time() < expires <= time.time() + 61
    assert issuer.issue()[1] != sender


@pytest.mark.parametrize("token", [None, "", "abc", "a.b.c"])
def test_junk_tokens_are_invalid(token):
    with pytest.raises(InvalidToken):
        TokenIssuer(SECRET).verify(token)


def test_expired_and_foreign_tokens_are_invalid():
    now = int(time.time())
    expired = jwt.encode({"sub": "web-x", "aud": "skn-web", "iat": now - 100, "exp": now - 1}, SECRET, algorithm="HS256")
    with pytest.raises(InvalidToken, match="expired"):
        TokenIssuer(SECRET).verify(expired)
    token, _, _ = TokenIssuer("another-secret-0123456789abcdef-0123").issue()
    with pytest.raises(InvalidToken, match="invalid"):
        TokenIssuer(SECRET).verify(token)


def test_a_short_secret_is_refused():
    with pytest.raises(ValueError):
        TokenIssuer("short")


def test_origins_parse_and_match_exactly():
    assert parse_origins(None) == frozenset(DEFAULT_ORIGINS)
    allowed = parse_origins(" https://skn.pk/, https://www.skn.pk ,")
    assert allowed == {"https://skn.pk", "https://www.skn.pk"}
    policy = OriginPolicy(allowed)
    assert policy.allows("https://skn.pk") and policy.allows("HTTPS://WWW.SKN.PK") and policy.allows(None)
    for origin in ("http://skn.pk", "https://skn.pk.evil.example", "https://evilskn.pk", "null", ""):
        assert not policy.allows(origin), origin


def test_the_rate_limit_is_a_sliding_window_per_key_and_forgets_idle_keys():
    now = [0.0]
    limiter = RateLimiter(limit=3, window=60, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")
    assert 1 <= limiter.retry_after("a") <= 61
    now[0] = 59.0
    assert not limiter.allow("a")
    now[0] = 60.5
    assert limiter.allow("a")
    now[0] = 500.0
    limiter.allow("c")
    assert set(limiter._hits) == {"c"}


def test_the_transcript_shows_what_the_patient_saw():
    events = [
        {"event": "action", "name": "action_session_start", "timestamp": 1.0},
        {"event": "user", "text": "/greet", "timestamp": 2.0, "metadata": {"web": {"hidden": True}}},
        {"event": "bot", "text": "Hello <b>", "timestamp": 3.0,
         "data": {"buttons": [{"title": "Yes", "payload": "/affirm", "extra": "x"}]}, "metadata": {"internal": 1}},
        {"event": "user", "text": '/inform{"choice":"yes"}', "timestamp": 4.0, "metadata": {"web": {"shown": "Yes"}}},
        {"event": "slot", "name": "consent", "value": True, "timestamp": 4.1},
        {"event": "user", "text": "Sara", "timestamp": 5.0},
        {"event": "bot", "text": None, "timestamp": 6.0, "data": {}},
    ]
    assert transcript(events) == [
        {"from": "bot", "time": "1970-01-01T00:00:03+00:00", "text": "Hello <b>",
         "buttons": [{"title": "Yes", "payload": "/affirm"}]},
        {"from": "user", "text": "Yes", "time": "1970-01-01T00:00:04+00:00"},
        {"from": "user", "text": "Sara", "time": "1970-01-01T00:00:05+00:00"},
    ]


@pytest.fixture
def demo_site(tmp_path):
    (tmp_path / "widget.js").write_text("/* widget */")
    server = SiteServer("127.0.0.1", 0, 'http://127.0.0.1:5005/"><script>', widget_dir=tmp_path)
    server.start_in_thread()
    yield server
    server.shutdown()
    server.server_close()


def _get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_the_demo_site_serves_pages_and_widget_under_a_strict_csp(demo_site):
    for path in ("/", "/treatments.html", "/widget/widget.js", "/site.css"):
        status, body, headers = _get(demo_site.url + path)
        assert status == 200, path
        assert headers["Content-Security-Policy"] == content_security_policy("http://127.0.0.1:5005")
        assert headers["X-Content-Type-Options"] == "nosniff"
    status, body, headers = _get(demo_site.url + "/")
    assert b'data-server="http://127.0.0.1:5005/&quot;&gt;&lt;script&gt;"' in body  # escaped into the attribute
    assert b"{{SERVER_URL}}" not in body
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert "connect-src 'self' http://127.0.0.1:5005;" in headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/nope.html", "/widget/../server.py", "/%2e%2e/server.py", "/widget/.hidden",
                                  "/../../credentials.yml", "/widget/"])
def test_the_demo_site_serves_nothing_else(demo_site, path):
    assert _get(demo_site.url + path)[0] == 404


def test_a_photo_is_placed_in_the_transcript_where_it_came():
    import datetime as dt

    from bot.channels.transcript import transcript

    at = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc).timestamp()
    events = [
        {"event": "bot", "text": "In your own words ...", "timestamp": at},
        {"event": "user", "text": "thin at the crown", "timestamp": at + 0.9},  # the same second as the photo
    ]
    sent = [dt.datetime(2026, 11, 26, 10, 0, 0, 500000, tzinfo=dt.timezone.utc), dt.datetime(2026, 11, 26, 10, 5)]
    placed = transcript(events, sent)
    assert [m.get("text", "photo") for m in placed] == ["In your own words ...", "photo", "thin at the crown", "photo"]
    assert placed[1] == {"from": "user", "photo": True, "time": "2026-11-26T10:00:00+00:00"}
    assert placed[3]["time"] == "2026-11-26T10:05:00+00:00", "a time without a zone is UTC (as stored)"
