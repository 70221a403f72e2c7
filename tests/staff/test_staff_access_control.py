"""Nobody anonymous gets anything but the login page: every route of the app, enumerated from its router so
a route added later cannot be forgotten. Also bearer tokens, logout, login throttling, expiry and cookie flags."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import update

from bot.staff.accounts import create_token, revoke_token, set_active
from bot.staff.app import create_app
from bot.staff.auth import is_public
from bot.settings import StaffSettings
from bot.store.staff_models import StaffSession, StaffUser
from bot.store.db import write_session

from staff_helpers import PASSWORD, Client, make_intake

PUBLIC = {("GET", "/staff/health"), ("GET", "/staff/static/<name:str>"), ("GET", "/staff/login"),
          ("POST", "/staff/login")}
_app_counter = iter(range(10_000))


def app_routes():
    """(method, uri template) of every route, from a fresh app's router."""
    app = create_app(StaffSettings(database_url="sqlite://", tracker_db_url="sqlite://"),
                     name=f"staff_routes_{next(_app_counter)}")
    app.router.finalize()
    routes = []
    for route in app.router.routes:
        for method in route.methods:
            routes.append((method, route.uri, is_public(route.handler)))
    app.ctx.engine.dispose()
    return sorted(routes)


ROUTES = app_routes()


def concrete(uri: str, intake_id: int, note_id: int = 1, request_id: int = 1, reference: str = "ANQN22") -> str:
    return (uri.replace("<intake_id:id>", str(intake_id)).replace("<note_id:id>", str(note_id))
            .replace("<request_id:id>", str(request_id)).replace("<name:str>", "staff.css")
            .replace("<reference:str>", reference))  # a booking reference (the anonymous test books ANQN22)


def test_only_the_login_page_health_and_stylesheet_are_public():
    assert {(m, u) for m, u, public in ROUTES if public} == PUBLIC
    assert len(ROUTES) >= 29  # sanity: the enumeration found the app's routes


def _assert_refused(answer, marker: str):
    assert answer.status_code in (401, 303, 403), (answer.request.method, answer.url, answer.status_code)
    if answer.status_code == 303:
        assert answer.headers["Location"].startswith("/staff/login")
    assert marker not in answer.text


@pytest.mark.parametrize("method, uri", [(m, u) for m, u, public in ROUTES if not public])
def test_every_route_refuses_an_anonymous_request(anonymous, session_factory, method, uri):
    intake_id = make_intake(session_factory, "conv-anon", first_name="Zulekha",
                            booking={"reference": "ANQN22", "phone": "+923001112223"})
    answer = anonymous.http.request(method, anonymous.base + concrete(uri, intake_id), allow_redirects=False,
                                    data={"body": "x", "status": "reviewed"})
    _assert_refused(answer, "Zulekha")


@pytest.mark.parametrize("method, uri", [(m, u) for m, u, public in ROUTES if not public])
def test_every_route_refuses_a_forged_or_ended_session(staff_server, users, session_factory, method, uri):
    intake_id = make_intake(session_factory, "conv-forged", first_name="Zulekha")
    client = Client(staff_server.url)
    client.login("bob")
    client.post("/staff/logout")  # the old cookie value is now worthless
    client.http.cookies.set("skn_staff_session", client.http.cookies.get("skn_staff_session") or "forged-token",
                            path="/staff")
    for cookie in ("made-up-session-id", None):
        if cookie:
            client.http.cookies.set("skn_staff_session", cookie, path="/staff")
        answer = client.http.request(method, client.base + concrete(uri, intake_id), allow_redirects=False,
                                     headers={"Authorization": "Bearer skn_staff_not-a-token"} if cookie is None else {})
        _assert_refused(answer, "Zulekha")


def test_public_routes_serve_no_patient_data(anonymous, session_factory):
    make_intake(session_factory, "conv-public", first_name="Zulekha")
    for path in ("/staff/health", "/staff/static/staff.css", "/staff/login"):
        answer = anonymous.get(path)
        assert answer.status_code == 200 and "Zulekha" not in answer.text
    assert anonymous.get("/staff/static/settings.py").status_code == 404  # only the listed files
    assert anonymous.get("/staff/no-such-page").status_code == 303  # unknown paths: log in first


def test_login_logout_and_cookie_flags(staff_server, users):
    client = Client(staff_server.url)
    answer = client.login("alice")
    assert answer.status_code == 303
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/staff" in cookie
    assert "Secure" not in cookie  # plain http locally; STAFF_SECURE_COOKIES=1 behind https
    assert client.get("/staff/intakes").status_code == 200
    session_value = client.http.cookies.get("skn_staff_session")
    assert client.post("/staff/logout").status_code == 303
    replay = Client(staff_server.url)
    replay.http.cookies.set("skn_staff_session", session_value, path="/staff")
    assert replay.get("/staff/intakes").status_code == 303  # the server forgot the session


def test_wrong_password_and_unknown_user_look_the_same(staff_server, users):
    wrong = Client(staff_server.url).login("alice", "wrong password here")
    unknown = Client(staff_server.url).login("nobody", "wrong password here")
    assert wrong.status_code == unknown.status_code == 401
    strip = lambda html: re.sub(r'value="[^"]*"', "", html)  # noqa: E731 - tokens differ, nothing else
    assert strip(wrong.text) == strip(unknown.text)


def test_repeated_failures_throttle_the_account_at_that_address_only(staff_server, users):
    for _ in range(5):
        assert Client(staff_server.url).login("bob", "not the password!").status_code == 401
    assert Client(staff_server.url).login("bob").status_code == 401  # even the right password, for now
    assert Client(staff_server.url).login("alice").status_code == 303  # others are not affected


def test_idle_and_absolute_expiry(staff_server, users, session_factory):
    client = Client(staff_server.url)
    client.login("bob")
    assert client.get("/staff/intakes").status_code == 200
    with write_session(session_factory) as session:
        session.execute(update(StaffSession).values(
            last_seen_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=31)))
    assert client.get("/staff/intakes").status_code == 303
    client.login("bob")
    with write_session(session_factory) as session:
        session.execute(update(StaffSession).values(expires_at=dt.datetime.now(dt.timezone.utc)))
    assert client.get("/staff/intakes").status_code == 303


def test_disabled_user_loses_sessions(staff_server, users, session_factory):
    client = Client(staff_server.url)
    client.login("bob")
    set_active(session_factory, "bob", False)
    assert client.get("/staff/intakes").status_code == 303
    assert Client(staff_server.url).login("bob").status_code == 401


def test_api_token(staff_server, users, session_factory):
    make_intake(session_factory, "conv-token", first_name="Tokenia")
    token_id, token = create_token(session_factory, "bob", "reporting script")
    http = Client(staff_server.url).http
    answer = http.get(staff_server.url + "/staff/api/intakes", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.json()["items"][0]["first_name"] == "Tokenia"
    assert http.get(staff_server.url + "/staff/intakes", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    revoke_token(session_factory, token_id)
    answer = http.get(staff_server.url + "/staff/api/intakes", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401


def test_passwords_are_stored_as_argon2id(users, session_factory):
    with session_factory() as session:
        stored = session.get(StaffUser, users["bob"].id).password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_access_log_page_is_for_admins(alice, bob):
    assert alice.get("/staff/access-log").status_code == 200
    assert bob.get("/staff/access-log").status_code == 403
    assert bob.api("GET", "/staff/api/access-log").status_code == 403
