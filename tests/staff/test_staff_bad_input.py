"""Bad input gets a clear 4xx or is shown safely, never a 500: lone surrogates in patient text on every page and
export, ids too big for the database, bodies over the limit, broken encodings, unknown pages."""
from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
import requests
from sqlalchemy import update

from bot.store.db import write_session
from bot.store.models import Intake, IntakeVersion, utcnow

from staff_helpers import bot, make_intake, slot, user, write_tracker
from test_staff_access_control import ROUTES

SURROGATE = "\ud800"
SHOWN = "\ufffd"  # what staff see instead
TOO_BIG = ["99999999999999999999999", "2147483648", "0"]


def _intake_with_surrogates(session_factory, tracker_path) -> int:
    """An intake whose stored summary, earlier version and transcript hold lone surrogates, as they arrive in
    JSON ("\\ud800") from a patient's client."""
    conversation = f"conv-sur-{uuid.uuid4().hex[:8]}"
    intake_id = make_intake(session_factory, conversation, first_name="Sara", slots={"description": "thin hair"},
                            booking={"reference": "SUR234", "phone": "+923001234567"})
    with session_factory() as session:
        summary = session.get(Intake, intake_id).summary
    summary["answers"]["first_name"] = SURROGATE
    summary["answers"]["description"] = f"falls out {SURROGATE} in clumps \udfff"
    with write_session(session_factory) as session:
        session.execute(update(Intake).where(Intake.id == intake_id).values(summary=summary, version=2))
        session.add(IntakeVersion(intake_id=intake_id, version=1, summary=summary, review_status="reviewed",
                                  saved_at=utcnow()))
    write_tracker(tracker_path, conversation, [
        slot("consent", True), bot("What's your first name?"), user(f"I am {SURROGATE}"),
        slot("first_name", SURROGATE),
    ])
    return intake_id


def test_lone_surrogates_are_shown_on_every_page_and_export(alice, bob, session_factory, tracker_path):
    intake_id = _intake_with_surrogates(session_factory, tracker_path)
    note = bob.api("POST", f"/staff/api/intakes/{intake_id}/notes", body=None,
                   data=json.dumps({"body": f"called {SURROGATE} back"}),  # JSON spells it "\ud800"
                   headers={"Content-Type": "application/json"})
    assert note.status_code == 201, note.text
    bob.get("/staff/intakes", params={"q": "Sara"})
    pages = [f"/staff/intakes/{intake_id}", f"/staff/intakes/{intake_id}/print"]
    for path in pages:
        answer = bob.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        assert "falls out \ufffd in clumps \ufffd" in answer.text, path
    assert f"I am {SHOWN}" in bob.get(f"/staff/intakes/{intake_id}").text  # the transcript
    assert f"called {SHOWN} back" in bob.get(f"/staff/intakes/{intake_id}").text  # the note, stored replaced
    for path in ("/staff/intakes", "/staff/intakes?q=Sara", "/staff/erasure-requests"):
        assert bob.get(path).status_code == 200, path
    assert alice.get("/staff/access-log").status_code == 200

    detail = bob.api("GET", f"/staff/api/intakes/{intake_id}")
    assert detail.status_code == 200
    assert detail.json()["summary"]["answers"]["first_name"] == SHOWN
    assert detail.json()["earlier_versions"][0]["summary"]["answers"]["first_name"] == SHOWN
    assert SURROGATE.encode("unicode_escape").decode() not in detail.text.lower()  # not even escaped
    transcript = bob.api("GET", f"/staff/api/intakes/{intake_id}/transcript")
    assert transcript.status_code == 200 and f"I am {SHOWN}" in [t["text"] for t in transcript.json()["turns"]]
    fhir = bob.get(f"/staff/api/intakes/{intake_id}/fhir")
    assert fhir.status_code == 200 and SHOWN in fhir.text
    exported = bob.get("/staff/api/intakes.csv")
    assert exported.status_code == 200
    assert [r["id"] for r in csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")))] == [str(intake_id)]
    for path in ("/staff/api/intakes", "/staff/api/access-log", f"/staff/api/intakes/{intake_id}/access-log",
                 "/staff/api/erasure-requests"):
        assert alice.api("GET", path).status_code == 200, path


def _id_routes():
    return [(m, u) for m, u, public in ROUTES if "<" in u and ":id>" in u]


def test_every_route_with_an_id_was_found():
    assert len(_id_routes()) >= 15


@pytest.mark.parametrize("number", TOO_BIG)
def test_ids_outside_the_database_range_are_not_found(bob, alice, number):
    for method, uri in _id_routes():
        path = uri.replace("<intake_id:id>", number).replace("<note_id:id>", number).replace("<request_id:id>", number)
        if uri.startswith("/staff/api/"):
            answer = bob.api(method, path, {"body": "x", "status": "reviewed", "confirm": True})
            assert answer.status_code == 404, (method, path, answer.status_code)
            assert answer.json() == {"error": "Not found."}
        else:
            answer = bob.post(path, {"body": "x", "confirm": "yes"}) if method == "POST" else bob.get(path)
            assert answer.status_code == 404, (method, path, answer.status_code)
            assert "Not found." in answer.text


def _reference_routes():
    return [(m, u) for m, u, public in ROUTES if "<reference:str>" in u]


def test_every_route_with_a_booking_reference_was_found():
    assert len(_reference_routes()) >= 10  # the calendar's pages and API


@pytest.mark.parametrize("reference", ["NOSUCH", "x" * 300, "%C3%A9%F0%9F%98%80", "%00", "'%20OR%201=1"])
def test_unknown_or_odd_booking_references_are_not_found(bob, reference):
    for method, uri in _reference_routes():
        path = uri.replace("<reference:str>", reference)
        if uri.startswith("/staff/api/"):
            answer = bob.api(method, path, {"start": "2030-01-07T10:00:00+05:00", "practitioner_id": "derm-a"})
            assert answer.status_code == 404, (method, path, answer.status_code)
            assert answer.json() == {"error": "Not found."}
        else:
            data = {"confirm": "yes", "slot": "2030-01-07T10:00:00+05:00|derm-a"}
            answer = bob.post(path, data) if method == "POST" else bob.get(path)
            assert answer.status_code == 404, (method, path, answer.status_code)
            assert "Not found." in answer.text


def test_unknown_pages(bob, anonymous):
    assert bob.get("/staff/no-such-page").status_code == 404
    assert bob.api("GET", "/staff/api/no-such-thing").status_code == 404
    assert anonymous.get("/staff/no-such-page").status_code == 303  # anonymous: log in first


def test_oversized_bodies_are_refused_unread(bob, anonymous, session_factory):
    intake_id = make_intake(session_factory, "conv-big")
    big = "x" * (65 * 1024)
    assert bob.post(f"/staff/intakes/{intake_id}/notes", {"body": big}).status_code == 413
    assert bob.api("POST", f"/staff/api/intakes/{intake_id}/notes", {"body": big}).status_code == 413
    assert anonymous.post("/staff/login", {"username": "bob", "password": big}, csrf="x").status_code == 413

    def chunks():  # no Content-Length: the server has to stop reading by itself
        for _ in range(200):
            yield b"body=" + b"x" * 1024
    answer = bob.http.post(f"{bob.base}/staff/intakes/{intake_id}/notes", data=chunks(),
                           headers={"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": bob.csrf},
                           allow_redirects=False)
    assert answer.status_code == 413
    # A body under the limit still works, and the server keeps serving.
    assert bob.post(f"/staff/intakes/{intake_id}/notes", {"body": "x" * 4000}).status_code == 303


def test_broken_encodings_and_absurd_numbers(bob, session_factory):
    intake_id = make_intake(session_factory, "conv-enc")
    answer = bob.http.post(f"{bob.base}/staff/intakes/{intake_id}/notes",
                           data=b"csrf_token=" + bob.csrf.encode() + b"&body=\xff\xfe bad",
                           headers={"Content-Type": "application/x-www-form-urlencoded"}, allow_redirects=False)
    assert answer.status_code in (400, 403), answer.status_code  # unreadable form: its CSRF token too
    assert bob.api("GET", f"/staff/api/intakes/{intake_id}").json()["notes"] == []
    answer = bob.api("POST", f"/staff/api/intakes/{intake_id}/notes", body=None, data=b'{"body": "\xff"}',
                     headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    for path in ("/staff/intakes?page=99999999999999999999999", "/staff/access-log?page=99999999999999999999"):
        answer = bob.get(path)
        assert answer.status_code in (200, 403), (path, answer.status_code)
    answer = bob.api("GET", "/staff/api/intakes", params={"page": "99999999999999999999999"})
    assert answer.status_code == 200 and answer.json()["page"] == 1
    for path in ("/staff/intakes?q=%ED%A0%80", "/staff/intakes?q=%FF%FE"):
        assert bob.get(path).status_code == 200
    assert requests.get(f"{bob.base}/staff/health", timeout=5).text == "ok"


def test_a_summary_that_no_longer_fits_the_model(bob, session_factory):
    intake_id = make_intake(session_factory, "conv-old-shape", first_name="Parveen")
    with write_session(session_factory) as session:
        session.execute(update(Intake).where(Intake.id == intake_id).values(
            summary={"schema_version": "0.1", "answers": {"first_name": "Parveen", "age": "thirty"}}))
    for path in (f"/staff/intakes/{intake_id}", f"/staff/intakes/{intake_id}/print"):
        assert bob.get(path).status_code == 200, path
    assert bob.api("GET", f"/staff/api/intakes/{intake_id}").status_code == 200
    fhir = bob.get(f"/staff/api/intakes/{intake_id}/fhir")
    assert fhir.status_code == 422 and "summary model" in fhir.json()["error"]
