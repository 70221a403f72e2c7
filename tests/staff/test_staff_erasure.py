"""Erasure requests: staff see the open ones (and how many on the intake list), confirm, and the patient's intake,
bookings, conversation, journal file and photos are erased by bot.privacy.erasure; the access log says who did
it, with counts only. The same through the JSON API."""
from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

from sqlalchemy import func, select

from bot.privacy.conversation_files import conversation_key
from bot.privacy.erasure_requests import request_erasure
from bot.store.models import Booking, Intake
from bot.store.privacy_models import ErasureRequest
from bot.store.staff_models import AccessLogEntry

from staff_helpers import bot, make_intake, slot, user, write_tracker


def _patient(session_factory, tracker_path, patient_files, name="Rukhsana"):
    """A patient with an intake, an active booking, a conversation, a journal file and a photo, who asked for
    erasure. Returns (conversation id, request id)."""
    conversation = f"conv-erase-{uuid.uuid4().hex[:8]}"
    make_intake(session_factory, conversation, first_name=name,
                booking={"reference": f"E{uuid.uuid4().hex[:5].upper()}", "phone": "+923001234567"})
    write_tracker(tracker_path, conversation, [slot("consent", True), bot("Your first name?"), user(name)])
    journal = Path(patient_files["journal"])
    journal.mkdir(parents=True, exist_ok=True)
    (journal / f"{conversation_key(conversation)}.json").write_text(json.dumps({"events": [name]}))
    photos = Path(patient_files["photos"]) / conversation_key(conversation)
    photos.mkdir(parents=True, exist_ok=True)
    (photos / "scalp.jpg").write_bytes(b"\xff\xd8 not really a photo")
    request = request_erasure(session_factory, conversation, "rest")
    return conversation, request.id


def _stored(session_factory, tracker_path, patient_files, conversation):
    with session_factory() as session:
        intakes = session.execute(select(func.count()).select_from(Intake)
                                  .where(Intake.conversation_id == conversation)).scalar_one()
        bookings = session.execute(select(func.count()).select_from(Booking)
                                   .where(Booking.conversation_id == conversation)).scalar_one()
    with sqlite3.connect(tracker_path) as conn:
        events = conn.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (conversation,)).fetchone()[0]
    key = conversation_key(conversation)
    files = (Path(patient_files["journal"]) / f"{key}.json").exists() + (Path(patient_files["photos"]) / key).exists()
    return {"intakes": intakes, "bookings": bookings, "events": events, "files": files}


def _erase_entries(session_factory):
    with session_factory() as session:
        return list(session.execute(select(AccessLogEntry).where(AccessLogEntry.action == "erase")).scalars())


def test_staff_see_confirm_and_carry_out_an_erasure(bob, users, session_factory, tracker_path, patient_files):
    conversation, request_id = _patient(session_factory, tracker_path, patient_files)
    other, _ = _patient(session_factory, tracker_path, patient_files, name="Nargis")
    assert _stored(session_factory, tracker_path, patient_files, conversation) == {
        "intakes": 1, "bookings": 1, "events": 3, "files": 2}

    assert "2 open erasure requests" in bob.get("/staff/intakes").text
    listing = bob.get("/staff/erasure-requests").text
    assert f'href="/staff/erasure-requests/{request_id}"' in listing and "Rukhsana" not in listing
    confirm = bob.get(f"/staff/erasure-requests/{request_id}").text
    assert "Erase now" in confirm and "1 still booked" in confirm and conversation in confirm

    # The POST needs the confirmation page's field: a stray one erases nothing.
    assert bob.post(f"/staff/erasure-requests/{request_id}/erase", {}).status_code == 400
    assert _stored(session_factory, tracker_path, patient_files, conversation)["intakes"] == 1

    done = bob.post(f"/staff/erasure-requests/{request_id}/erase", {"confirm": "yes"})
    assert done.status_code == 303 and done.headers["Location"] == f"/staff/erasure-requests?done={request_id}"
    assert _stored(session_factory, tracker_path, patient_files, conversation) == {
        "intakes": 0, "bookings": 0, "events": 0, "files": 0}
    assert _stored(session_factory, tracker_path, patient_files, other)["intakes"] == 1  # nobody else's
    with session_factory() as session:
        request = session.get(ErasureRequest, request_id)
    assert request.status == "done" and request.done_by == users["bob"].id and request.done_at is not None

    page = bob.get(done.headers["Location"]).text
    assert f"Request #{request_id} carried out: erased" in page and "intakes 1" in page
    assert "1 open erasure request" in bob.get("/staff/intakes").text

    (entry,) = _erase_entries(session_factory)
    detail = json.loads(entry.detail)
    assert entry.user_id == users["bob"].id and entry.intake_id is None
    assert detail["erasure_request"] == request_id
    assert detail["outcome"]["intakes"] == 1 and detail["outcome"]["bookings"] == 1
    assert detail["outcome"]["tracker_events"] == 3
    assert "Rukhsana" not in entry.detail and conversation not in entry.detail  # counts only

    again = bob.post(f"/staff/erasure-requests/{request_id}/erase", {"confirm": "yes"})
    assert again.status_code == 409 and len(_erase_entries(session_factory)) == 1
    assert bob.get("/staff/erasure-requests/99999").status_code == 404


def test_erasure_through_the_api(bob, alice, users, session_factory, tracker_path, patient_files):
    conversation, request_id = _patient(session_factory, tracker_path, patient_files)
    items = bob.api("GET", "/staff/api/erasure-requests", params={"status": "open"}).json()["items"]
    assert [(i["id"], i["status"], i["bookings"], i["active_bookings"]) for i in items] == [(request_id, "open", 1, 1)]
    assert items[0]["intake_id"] is not None
    assert bob.api("GET", "/staff/api/erasure-requests", params={"status": "maybe"}).status_code == 400

    path = f"/staff/api/erasure-requests/{request_id}/erase"
    assert bob.api("POST", path, {}).status_code == 400
    assert bob.api("POST", path, {"confirm": "yes"}).status_code == 400  # true, not any truthy value
    assert bob.api("POST", path, {"confirm": True}, csrf=False).status_code == 403
    answer = bob.api("POST", path, {"confirm": True})
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["status"] == "done" and result["done_by"] == "Bob Staff" and result["intake_id"] is None
    assert result["outcome"]["intakes"] == 1 and conversation not in answer.text
    assert _stored(session_factory, tracker_path, patient_files, conversation) == {
        "intakes": 0, "bookings": 0, "events": 0, "files": 0}
    assert bob.api("POST", path, {"confirm": True}).status_code == 409
    assert bob.api("POST", "/staff/api/erasure-requests/424242/erase", {"confirm": True}).status_code == 404
    assert [i["status"] for i in alice.api("GET", "/staff/api/erasure-requests").json()["items"]] == ["done"]
    assert [e.user_id for e in _erase_entries(session_factory)] == [users["bob"].id]
