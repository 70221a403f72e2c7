"""A note's author is the logged-in staff member, whatever the form says; nobody else may edit or delete it."""
from __future__ import annotations

from sqlalchemy import select

from bot.staff.accounts import create_token
from bot.store.staff_models import ReviewEvent, StaffNote

from staff_helpers import Client, make_intake


def _notes(session_factory):
    with session_factory() as session:
        return list(session.execute(select(StaffNote).order_by(StaffNote.id)).scalars())


def test_author_comes_from_the_session_not_the_form(alice, bob, users, session_factory):
    intake_id = make_intake(session_factory, "conv-notes")
    answer = bob.post(f"/staff/intakes/{intake_id}/notes",
                      {"body": "Called the patient", "author_id": users["alice"].id, "author": "alice"})
    assert answer.status_code == 303
    answer = bob.api("POST", f"/staff/api/intakes/{intake_id}/notes",
                     {"body": "Second", "author_id": users["alice"].id})
    assert answer.status_code == 201
    assert [n.author_id for n in _notes(session_factory)] == [users["bob"].id] * 2
    page = alice.get(f"/staff/intakes/{intake_id}").text
    assert "Bob Staff" in page and page.count("/edit") == 0  # alice sees no edit form for bob's notes


def test_another_user_cannot_edit_or_delete_a_note(staff_server, alice, bob, users, session_factory):
    intake_id = make_intake(session_factory, "conv-notes-2")
    bob.post(f"/staff/intakes/{intake_id}/notes", {"body": "Bob's note"})
    note_id = _notes(session_factory)[0].id
    base = f"/staff/intakes/{intake_id}/notes/{note_id}"
    assert alice.post(base + "/edit", {"body": "forged"}).status_code == 403
    assert alice.post(base + "/delete").status_code == 403
    api = f"/staff/api/intakes/{intake_id}/notes/{note_id}"
    assert alice.api("PATCH", api, {"body": "forged"}).status_code == 403
    assert alice.api("DELETE", api).status_code == 403
    _, token = create_token(session_factory, "alice", "script")
    token_client = Client(staff_server.url)
    assert token_client.api("DELETE", api, headers={"Authorization": f"Bearer {token}"}).status_code == 403
    # A note id from another intake is not reachable through this one.
    other = make_intake(session_factory, "conv-notes-3")
    assert bob.post(f"/staff/intakes/{other}/notes/{note_id}/edit", {"body": "x"}).status_code == 404
    note = _notes(session_factory)[0]
    assert note.body == "Bob's note" and note.deleted_at is None
    # The author can.
    assert bob.post(base + "/edit", {"body": "Bob's note, corrected"}).status_code == 303
    assert bob.api("DELETE", api).status_code == 200
    assert _notes(session_factory)[0].deleted_at is not None
    with session_factory() as session:
        actions = [(e.action, e.user_id) for e in session.execute(select(ReviewEvent).order_by(ReviewEvent.id)).scalars()]
    assert actions == [("note_added", users["bob"].id), ("note_edited", users["bob"].id),
                       ("note_deleted", users["bob"].id)]
