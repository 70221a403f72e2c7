"""The hand-off queue in the clinic database (SQLite and PostgreSQL): one open hand-off per conversation (asking
again updates it), marking it done (once; twice is harmless), the columns (no transcript, a capped line of the
patient's words), and the privacy rules: erasure deletes a conversation's hand-offs, the purge keeps a
conversation whose hand-off is open and erases done ones with their conversation."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, select, update
from sqlalchemy.exc import IntegrityError

from bot.privacy.erasure import ErasureTargets, erase_conversation
from bot.privacy.purge import purge
from bot.settings import RetentionSettings
from bot.store.db import write_session
from bot.store.handoff_models import (
    AFTER_INTAKE,
    DURING_INTAKE,
    HANDOFF_DONE,
    HANDOFF_OPEN,
    WITHOUT_CONSENT,
    WORDS_MAX,
    Handoff,
)
from bot.store.handoffs import mark_done, open_count, open_handoff, request_handoff
from bot.store.staff_models import StaffUser

UTC = dt.timezone.utc
NOW = dt.datetime.now(UTC).replace(microsecond=0)
RETENTION = RetentionSettings(unfinished_days=30, completed_years=5, log_days=30)


def _staff(sessions) -> int:
    with write_session(sessions) as s:
        user = StaffUser(username="amina", password_hash="x")
        s.add(user)
        s.flush()
        return user.id


def _rows(sessions) -> list[Handoff]:
    with sessions() as s:
        return list(s.execute(select(Handoff).order_by(Handoff.id)).scalars())


def test_the_table_keeps_what_staff_need_to_call_back_and_no_more(engine):
    columns = {c["name"] for c in inspect(engine).get_columns("handoffs")}
    assert columns == {"id", "conversation_id", "channel", "phone", "reason", "patient_words", "status",
                       "created_at", "updated_at", "done_at", "done_by"}


def test_one_open_hand_off_per_conversation_asking_again_updates_it(session_factory):
    first = request_handoff(session_factory, "conv-1", "rest", DURING_INTAKE)
    again = request_handoff(session_factory, "conv-1", "rest", DURING_INTAKE, phone="+923001234567")
    other = request_handoff(session_factory, "conv-2", "web", WITHOUT_CONSENT, phone="+923331112223")
    assert first == again != other
    later = request_handoff(session_factory, "conv-1", "rest", AFTER_INTAKE)  # no number this time: kept
    assert later == first
    rows = _rows(session_factory)
    assert [(r.conversation_id, r.phone, r.reason, r.status) for r in rows] == [
        ("conv-1", "+923001234567", AFTER_INTAKE, HANDOFF_OPEN),
        ("conv-2", "+923331112223", WITHOUT_CONSENT, HANDOFF_OPEN),
    ]
    with session_factory() as s:
        assert open_count(s) == 2 and open_handoff(s, "conv-1").id == first and open_handoff(s, "conv-9") is None


def test_the_database_itself_refuses_a_second_open_hand_off(session_factory):
    request_handoff(session_factory, "conv-1", "rest", DURING_INTAKE)
    with pytest.raises(IntegrityError), write_session(session_factory) as s:
        s.add(Handoff(conversation_id="conv-1", channel="rest", reason=DURING_INTAKE))


def test_marking_done_once_then_a_new_request_opens_a_new_hand_off(session_factory):
    staff = _staff(session_factory)
    first = request_handoff(session_factory, "conv-1", "whatsapp", DURING_INTAKE, phone="+923001234567")
    assert mark_done(session_factory, first, staff) is True
    assert mark_done(session_factory, first, staff) is False  # twice: nothing changes
    assert mark_done(session_factory, 424242, staff) is False
    (row,) = _rows(session_factory)
    assert row.status == HANDOFF_DONE and row.done_by == staff and row.done_at is not None
    second = request_handoff(session_factory, "conv-1", "whatsapp", AFTER_INTAKE)
    assert second != first
    with session_factory() as s:
        assert open_count(s) == 1 and open_handoff(s, "conv-1").phone is None


def test_bad_numbers_and_long_words_never_stop_the_request(session_factory):
    request_handoff(session_factory, "conv-1", "rest", DURING_INTAKE, phone="0300 not a number",
                    words="  I want   to talk\nto the doctor " + "x" * 500)
    (row,) = _rows(session_factory)
    assert row.phone is None
    assert row.patient_words.startswith("I want to talk to the doctor x") and len(row.patient_words) == WORDS_MAX
    with pytest.raises(ValueError):
        request_handoff(session_factory, "conv-1", "rest", "because")
    with pytest.raises(ValueError):
        request_handoff(session_factory, "", "rest", DURING_INTAKE)


def _targets(session_factory, tmp_path) -> ErasureTargets:
    tracker = tmp_path / "tracker.db"
    import sqlite3

    with sqlite3.connect(tracker) as conn:
        conn.execute("""CREATE TABLE IF NOT EXISTS events (
            id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
            timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)""")
    return ErasureTargets(clinic_sessions=session_factory, tracker_db_url=f"sqlite:///{tracker}",
                          journal_dir=tmp_path / "journal", photo_dir=tmp_path / "photos")


def test_erasing_a_conversation_erases_its_hand_offs(session_factory, tmp_path):
    staff = _staff(session_factory)
    done = request_handoff(session_factory, "conv-1", "rest", DURING_INTAKE, phone="+923001234567")
    mark_done(session_factory, done, staff)
    request_handoff(session_factory, "conv-1", "rest", AFTER_INTAKE)
    request_handoff(session_factory, "conv-2", "rest", AFTER_INTAKE)
    counts = erase_conversation(_targets(session_factory, tmp_path), "conv-1")
    assert counts["handoffs"] == 2
    assert [r.conversation_id for r in _rows(session_factory)] == ["conv-2"]


def test_an_open_hand_off_keeps_its_conversation_from_the_purge_a_done_one_goes(session_factory, tmp_path):
    staff = _staff(session_factory)
    old = NOW - dt.timedelta(days=90)
    kept = request_handoff(session_factory, "conv-open", "rest", WITHOUT_CONSENT, phone="+923001234567")
    gone = request_handoff(session_factory, "conv-done", "rest", WITHOUT_CONSENT, phone="+923331112223")
    mark_done(session_factory, gone, staff)
    with write_session(session_factory) as s:
        s.execute(update(Handoff).values(created_at=old, updated_at=old, done_at=old))
    targets = _targets(session_factory, tmp_path)
    dry = purge(targets, RETENTION, NOW, dry_run=True)
    assert dry.erased.get("handoffs") == 1 and _rows(session_factory)[0].id == kept
    report = purge(targets, RETENTION, NOW)
    assert report.erased.get("handoffs") == 1
    assert [r.id for r in _rows(session_factory)] == [kept]
