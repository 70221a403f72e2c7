"""Every state-changing request from a browser session needs the session's CSRF token (forms: hidden field,
API: X-CSRF-Token header); a missing or wrong one is refused with 403 and changes nothing."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.staff.review import add_note
from bot.store.models import BOOKED, Booking, utcnow
from bot.store.staff_models import ReviewEvent, StaffNote

from staff_helpers import Client, csrf_from, make_intake
from test_staff_access_control import ROUTES, concrete

UNSAFE = [(m, u) for m, u, public in ROUTES if m not in ("GET", "HEAD", "OPTIONS") and not public]


def test_the_unsafe_routes_were_found():
    assert ("POST", "/staff/intakes/<intake_id:id>/review") in UNSAFE and len(UNSAFE) >= 11


def _changes(session_factory) -> int:
    with session_factory() as session:
        return session.execute(select(func.count()).select_from(ReviewEvent)).scalar_one()


@pytest.mark.parametrize("token", ["missing", "wrong", "other session's"])
@pytest.mark.parametrize("method, uri", UNSAFE)
def test_unsafe_routes_check_the_csrf_token(staff_server, users, bob, session_factory, method, uri, token):
    intake_id = make_intake(session_factory, "conv-csrf", booking={"reference": "ANQN22", "phone": "+923001112223",
                                                                    "start": utcnow() - dt.timedelta(hours=1)})
    note_id = add_note(session_factory, intake_id, users["bob"].id, "bob's note")
    other = Client(staff_server.url)
    other.login("alice")
    value = {"missing": None, "wrong": "x" * 43, "other session's": other.csrf}[token]
    path = concrete(uri, intake_id, note_id)
    data = {"status": "reviewed", "body": "changed", "corrected_type": "unclear"}
    if uri.startswith("/staff/api/"):
        answer = bob.api(method, path, data, csrf=value or False)
    else:
        answer = bob.post(path, data, csrf=value or False)
    assert answer.status_code == 403, (method, path, answer.status_code)
    assert _changes(session_factory) == 1  # only add_note's own event
    with session_factory() as session:
        assert session.get(StaffNote, note_id).body == "bob's note"
        assert session.execute(select(Booking.status).where(Booking.reference == "ANQN22")).scalar_one() == BOOKED
    assert bob.get("/staff/intakes").status_code == 200  # the session itself still works


def test_a_foreign_origin_is_refused_even_with_the_token(bob, session_factory):
    intake_id = make_intake(session_factory, "conv-origin")
    answer = bob.post(f"/staff/intakes/{intake_id}/review", {"status": "reviewed"},
                      headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403


def test_with_the_right_token_the_forms_work(bob, session_factory):
    intake_id = make_intake(session_factory, "conv-ok")
    assert bob.post(f"/staff/intakes/{intake_id}/review", {"status": "reviewed"}).status_code == 303
    assert bob.api("POST", f"/staff/api/intakes/{intake_id}/notes", {"body": "hi"}).status_code == 201


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_login_form_checks_its_token(staff_server, users, token):
    client = Client(staff_server.url)
    real = csrf_from(client.get("/staff/login").text)
    answer = client.post("/staff/login", {"username": "bob", "password": "a long test password 1"},
                         csrf=token or False)
    assert answer.status_code == 403 and "skn_staff_session" not in answer.headers.get("Set-Cookie", "")
    assert client.post("/staff/login", {"username": "bob", "password": "a long test password 1"},
                       csrf=real).status_code == 303


def test_bearer_token_requests_need_no_csrf_token(staff_server, users, session_factory):
    from bot.staff.accounts import create_token

    intake_id = make_intake(session_factory, "conv-bearer")
    _, token = create_token(session_factory, "bob", "script")
    client = Client(staff_server.url)
    answer = client.api("POST", f"/staff/api/intakes/{intake_id}/review", {"status": "reviewed"},
                        headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.json()["changed"] == ["status"]
