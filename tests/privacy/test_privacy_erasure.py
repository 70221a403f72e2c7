"""Erasing one conversation everywhere, and carrying out a patient's request (SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from sqlalchemy import create_engine, event, func, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.engine import make_url

import bot.privacy.erasure as erasure
from bot.privacy.conversation_files import conversation_key, photo_folder
from bot.store.attachment_models import Attachment
from bot.privacy.erasure import ErasureTargets, carry_out_request, erase_conversation
from bot.privacy.erasure_requests import request_erasure
from bot.privacy.tracker_events import TrackerEvents
from bot.pseudonym import pseudonym
from bot.settings import Settings
from bot.store.db import make_engine
from bot.store.models import CANCELLED, Booking, BookingLookupFailure, Intake, IntakeVersion
from bot.store.privacy_models import ERASURE_DONE, ERASURE_OPEN, ErasureRequest
from bot.store.reminder_models import BY_CALL, CALLED, Reminder
from bot.store.staff_models import AccessLogEntry, IntakeReview, ReviewEvent, StaffNote, StaffUser
from tests.privacy.conftest import SECRET, UTC, add_booking, files_containing, store_intake

NOW = dt.datetime(2027, 1, 10, 9, tzinfo=UTC)
FUTURE_SLOT = dt.datetime(2027, 3, 1, 6, tzinfo=UTC)


def _count(sessions, model, *where) -> int:
    with sessions() as s:
        return s.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def _staff_user(sessions) -> int:
    with sessions() as s, s.begin():
        existing = s.execute(select(StaffUser.id)).scalars().first()
        if existing is not None:
            return existing
        user = StaffUser(username="amina", password_hash="x")
        s.add(user)
        s.flush()
        return user.id


def _patient(targets, conversations, conversation_id, secret=SECRET, slot=FUTURE_SLOT):
    """A complete patient: conversation, journal, photos, intake (two versions, staff work), booking."""
    sessions = targets.clinic_sessions
    conversations.save(conversation_id, NOW, (f"I take {secret} tablets", "yes"))
    folder = photo_folder(targets.photo_dir, conversation_id)
    folder.mkdir(parents=True)
    (folder / "scalp.jpg").write_bytes(b"\xff\xd8" + secret.encode())
    intake_id = store_intake(sessions, conversation_id, f"thinning since I started {secret}")
    user_id = _staff_user(sessions)
    with sessions() as s, s.begin():
        s.add(IntakeVersion(intake_id=intake_id, version=1, summary={"note": secret}, review_status="new",
                            saved_at=NOW))
        s.add(IntakeReview(intake_id=intake_id, corrected_type="telogen_effluvium"))
        s.add(ReviewEvent(intake_id=intake_id, user_id=user_id, action="status", new_value="reviewed"))
        s.add(StaffNote(intake_id=intake_id, author_id=user_id, body=f"asked about {secret}"))
        s.add(AccessLogEntry(intake_id=intake_id, user_id=user_id, action="view"))
        s.add(BookingLookupFailure(conversation_id=conversation_id, phone="+923009999999", at=NOW))
        s.add(Attachment(conversation_id=conversation_id, channel="web", kind="photo", content_type="image/jpeg",
                         size_bytes=len(secret) + 2, file_name=f"{conversation_id}-scalp.jpg", sha256="0" * 64))
    booking = add_booking(sessions, conversation_id, slot, first_name=secret, intake_id=intake_id)
    with sessions() as s, s.begin():  # the day-before reminder, listed to call and called
        s.add(Reminder(booking_id=booking.id, conversation_id=conversation_id, how=BY_CALL, outcome=CALLED,
                       created_at=NOW, called_at=NOW, called_by=user_id))
    return intake_id


def test_erase_conversation_removes_everything_of_that_conversation_only(targets, conversations, monkeypatch):
    cancelled = []
    real_cancel = erasure.cancel

    def recording_cancel(sessions, reference, phone):
        booking = real_cancel(sessions, reference, phone)
        cancelled.append((reference, booking.status))
        return booking

    monkeypatch.setattr(erasure, "cancel", recording_cancel)
    _patient(targets, conversations, "patient-a")
    other_intake = _patient(targets, conversations, "patient-b", secret="Other-Patient",
                            slot=FUTURE_SLOT + dt.timedelta(hours=1))
    sessions = targets.clinic_sessions
    with sessions() as s:
        reference = s.execute(select(Booking.reference).where(Booking.conversation_id == "patient-a")).scalar_one()

    counts = erase_conversation(targets, "patient-a")

    assert counts == {"intakes": 1, "intake_versions": 1, "bookings": 1, "booking_lookup_failures": 1,
                      "tracker_events": counts["tracker_events"], "journal_files": 1, "photo_folders": 1,
                      "attachments": 1, "reminders": 1}
    assert counts["tracker_events"] >= 7  # listen, consent, 2 x (user, bot, listen)
    assert cancelled == [(reference, CANCELLED)]  # through the booking service, before the row was deleted
    for model, column in ((Intake, Intake.conversation_id), (Booking, Booking.conversation_id),
                          (BookingLookupFailure, BookingLookupFailure.conversation_id),
                          (Attachment, Attachment.conversation_id), (Reminder, Reminder.conversation_id)):
        assert _count(sessions, model, column == "patient-a") == 0
        assert _count(sessions, model, column == "patient-b") == 1
    # ON DELETE CASCADE took the intake's versions and the staff's work on it, and nothing of the other one
    for model in (IntakeVersion, IntakeReview, ReviewEvent, StaffNote, AccessLogEntry):
        assert _count(sessions, model) == 1
        assert _count(sessions, model, model.intake_id == other_intake) == 1
    with TrackerEvents(targets.tracker_db_url) as events:
        assert events.count("patient-a") == 0
        assert events.count("patient-b") == counts["tracker_events"]
    assert not (targets.journal_dir / f"{conversation_key('patient-a')}.jsonl").exists()
    assert (targets.journal_dir / f"{conversation_key('patient-b')}.jsonl").exists()
    assert not photo_folder(targets.photo_dir, "patient-a").exists()
    assert photo_folder(targets.photo_dir, "patient-b").exists()


def test_erasing_frees_the_booked_slot_and_erasing_again_erases_nothing(targets, conversations):
    _patient(targets, conversations, "patient-a")
    erase_conversation(targets, "patient-a")
    # the slot can be booked again by someone else (the active-slot index would refuse it otherwise)
    add_booking(targets.clinic_sessions, "patient-c", FUTURE_SLOT)
    again = erase_conversation(targets, "patient-a")
    assert set(again.values()) == {0}


def test_the_tracker_table_keeps_its_schema(targets, conversations):
    conversations.save("patient-a", NOW)
    engine = create_engine(targets.tracker_db_url, future=True)

    def schema():
        inspector = inspect(engine)
        return ([(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns("events")],
                sorted(i["name"] for i in inspector.get_indexes("events")))

    try:
        before = schema()
        erase_conversation(targets, "patient-a")
        assert schema() == before
    finally:
        engine.dispose()


def test_a_missing_sqlite_tracker_file_is_not_created(session_factory, db_url, tmp_path):
    if make_url(db_url).get_backend_name() != "sqlite":
        pytest.skip("about SQLite files")
    targets = ErasureTargets(session_factory, f"sqlite:///{tmp_path / 'none.db'}", tmp_path / "j", tmp_path / "p")
    assert erase_conversation(targets, "nobody")["tracker_events"] == 0
    assert not (tmp_path / "none.db").exists()


@pytest.fixture
def sqlite_without_secure_delete():
    """Like an SQLite built without SECURE_DELETE (Debian's has it on by default): the erasure must turn it on
    itself, or deleted text stays in free space."""
    def off(dbapi_connection, _record):
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.execute("PRAGMA secure_delete=OFF")

    event.listen(Engine, "connect", off)
    yield
    event.remove(Engine, "connect", off)


def test_on_sqlite_no_byte_of_the_erased_text_is_left_in_any_file(targets, conversations, db_url, tmp_path,
                                                                   sqlite_without_secure_delete):
    if make_url(db_url).get_backend_name() != "sqlite":
        pytest.skip("raw files are SQLite's")
    # The clinic database of these tests lives in a shared folder: use one of our own, in tmp_path.
    clinic_url = f"sqlite:///{tmp_path / 'clinic.db'}"
    from bot.store import migrate, session_factory
    migrate(clinic_url)
    engine = make_engine(clinic_url)
    targets = ErasureTargets(session_factory(engine), targets.tracker_db_url, targets.journal_dir, targets.photo_dir)
    # Another process has the database open (the staff app, the action server): SQLite then does not fold the
    # WAL back into the file by itself when the erasure's connections close.
    other_process = sqlite3.connect(tmp_path / "clinic.db")
    other_process.execute("SELECT COUNT(*) FROM intakes").fetchone()
    try:
        _patient(targets, conversations, "patient-a")
        # Before: the text is in the tracker database, the journal, the clinic database (or its WAL), photos.
        found = files_containing(tmp_path, SECRET)
        assert any(f.startswith("tracker.db") for f in found), found
        assert any(f.startswith("clinic.db") for f in found), found
        assert any(f.startswith("journal/") for f in found), found

        erase_conversation(targets, "patient-a")

        assert files_containing(tmp_path, SECRET) == []
        # the conversation id is gone from the tracker's file too (it sits in every row and the index)
        assert files_containing(tmp_path, "patient-a") == []
    finally:
        other_process.close()
        engine.dispose()


def test_request_erasure_files_one_open_request_per_conversation(session_factory):
    first = request_erasure(session_factory, "patient-a", "rest")
    again = request_erasure(session_factory, "patient-a", "web")
    other = request_erasure(session_factory, "patient-b", "web")
    assert first.id == again.id != other.id
    assert (first.conversation_id, first.channel, first.status) == ("patient-a", "rest", ERASURE_OPEN)
    assert first.requested_at is not None and first.done_at is None
    assert _count(session_factory, ErasureRequest) == 2


def test_carry_out_request_erases_and_marks_it_done(targets, conversations):
    _patient(targets, conversations, "+923001234567")  # a WhatsApp sender id is a phone number
    request = request_erasure(targets.clinic_sessions, "+923001234567", "rest")
    with targets.clinic_sessions() as s:
        staff_id = s.execute(select(StaffUser.id)).scalar_one()

    done = carry_out_request(targets, request.id, staff_id)

    assert (done.id, done.status, done.done_by) == (request.id, ERASURE_DONE, staff_id)
    assert abs((done.done_at - dt.datetime.now(UTC)).total_seconds()) < 60
    outcome = json.loads(done.outcome)
    assert outcome["intakes"] == 1 and outcome["bookings"] == 1 and outcome["journal_files"] == 1
    assert all(isinstance(v, int) for v in outcome.values())
    # only the pseudonym of the id is kept: no phone number in the record of the request
    assert done.conversation_id == pseudonym("+923001234567")
    assert _count(targets.clinic_sessions, Intake) == 0
    with pytest.raises(LookupError):
        carry_out_request(targets, request.id, staff_id)  # done already
    with pytest.raises(LookupError):
        carry_out_request(targets, request.id + 100, staff_id)  # no such request


def test_the_targets_are_the_same_settings_as_the_servers(session_factory, tmp_path):
    env = {"TRACKER_SQLITE_PATH": str(tmp_path / "t.db"), "TRACKER_JOURNAL_DIR": str(tmp_path / "j"),
           "PHOTO_DIR": str(tmp_path / "p")}
    targets = ErasureTargets.from_settings(session_factory, Settings.from_env(env))
    assert targets == ErasureTargets(session_factory, f"sqlite:///{tmp_path / 't.db'}", tmp_path / "j",
                                     tmp_path / "p")
    url = "postgresql://rasa@db/tracker"
    assert ErasureTargets.from_settings(session_factory, Settings.from_env({"TRACKER_DB_URL": url})).tracker_db_url == url
    defaults = ErasureTargets.from_settings(session_factory, Settings.from_env({}))
    assert defaults.journal_dir.name == "tracker-journal" and defaults.photo_dir.name == "photos"


def test_the_journal_file_name_is_the_tracker_stores(tmp_path):
    from bot.privacy.conversation_files import journal_files
    from bot.tracker_journal import ConversationJournal

    journal = ConversationJournal(tmp_path)
    journal.append("web-abc", [{"event": "action"}], synced=True)
    assert journal_files(tmp_path, "web-abc") == [journal.path("web-abc")]
