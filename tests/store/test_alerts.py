"""Urgent staff alerts in the clinic database (SQLite and PostgreSQL): one open alert per conversation and kind,
handling it, and the privacy rules: an erasure deletes a conversation's alerts, the retention purge deletes
handled ones with their conversation and keeps a conversation whose alert is still open."""
from __future__ import annotations

import datetime as dt
import socket
import sqlite3

import pytest
from sqlalchemy import func, inspect, select, update
from sqlalchemy.exc import IntegrityError

from bot.privacy.erasure import ErasureTargets, carry_out_request, erase_conversation
from bot.privacy.erasure_requests import request_erasure
from bot.privacy.purge import purge
from bot.privacy.tracker_events import TrackerEvents
from bot.settings import RetentionSettings
from bot.store import StorageUnavailable, make_engine
from bot.store import session_factory as make_session_factory
from bot.store.alert_models import ALERT_HANDLED, ALERT_OPEN, SELF_HARM, StaffAlert
from bot.store.alerts import mark_handled, open_alerts, open_count, raise_alert
from bot.store.db import write_session
from bot.store.models import Intake
from bot.store.staff_models import StaffUser
from tests.privacy.conftest import UTC, store_intake

DAY = dt.timedelta(days=1)
NOW = dt.datetime.now(UTC).replace(microsecond=0)
RETENTION = RetentionSettings(unfinished_days=30, completed_years=5, log_days=30)
EVENTS_DDL = """CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"""


def _staff_user(sessions, username: str = "amina") -> int:
    with write_session(sessions) as s:
        user = StaffUser(username=username, password_hash="x")
        s.add(user)
        s.flush()
        return user.id


def _alerts(sessions, *where) -> list[StaffAlert]:
    with sessions() as s:
        return list(s.execute(select(StaffAlert).where(*where).order_by(StaffAlert.id)).scalars())


def _set_times(sessions, alert_id: int, raised: dt.datetime, handled: dt.datetime | None = None) -> None:
    values = {"raised_at": raised} if handled is None else {"raised_at": raised, "handled_at": handled}
    with write_session(sessions) as s:
        s.execute(update(StaffAlert).where(StaffAlert.id == alert_id).values(**values))


def test_the_table_has_no_column_for_the_patients_words(engine):
    columns = {c["name"] for c in inspect(engine).get_columns("staff_alerts")}
    assert columns == {"id", "conversation_id", "channel", "kind", "phone", "status", "raised_at", "handled_at",
                       "handled_by"}


def test_raising_twice_is_one_open_alert_and_a_phone_given_later_is_kept(session_factory):
    first = raise_alert(session_factory, "conv-1", "web", SELF_HARM)
    again = raise_alert(session_factory, "conv-1", "web", SELF_HARM)
    assert again == first
    assert raise_alert(session_factory, "conv-1", "web", SELF_HARM, "+923001234567") == first  # phone now known
    assert raise_alert(session_factory, "conv-1", "web", SELF_HARM, None) == first  # not forgotten again
    assert raise_alert(session_factory, "conv-1", "web", SELF_HARM, "0300 not a phone") == first  # ignored
    other = raise_alert(session_factory, "conv-2", "rest", SELF_HARM, "+923007654321")
    assert other != first
    [alert] = _alerts(session_factory, StaffAlert.conversation_id == "conv-1")
    assert (alert.status, alert.phone, alert.channel, alert.kind) == (ALERT_OPEN, "+923001234567", "web", SELF_HARM)
    assert alert.raised_at.tzinfo is not None and abs(alert.raised_at - dt.datetime.now(UTC)) < dt.timedelta(minutes=1)
    assert alert.handled_at is None and alert.handled_by is None
    with session_factory() as s:
        assert open_count(s) == 2
        assert [a.id for a in open_alerts(s)] == [first, other]  # oldest first


def test_a_malformed_phone_or_long_channel_never_stops_the_alert(session_factory):
    alert_id = raise_alert(session_factory, "conv-odd", "x" * 80, SELF_HARM, "+92 300 123 4567 ext 9999999999")
    [alert] = _alerts(session_factory, StaffAlert.id == alert_id)
    assert alert.phone is None and alert.channel == "x" * 32


def test_unknown_kinds_are_refused(session_factory):
    with pytest.raises(ValueError):
        raise_alert(session_factory, "conv-1", "web", "bored")
    with pytest.raises(ValueError):
        raise_alert(session_factory, "", "web", SELF_HARM)
    assert _alerts(session_factory) == []


def test_mark_handled_once_then_a_new_mention_is_a_new_alert(session_factory):
    user_id = _staff_user(session_factory)
    alert_id = raise_alert(session_factory, "conv-1", "web", SELF_HARM, "+923001234567")
    assert mark_handled(session_factory, alert_id, user_id) is True
    [alert] = _alerts(session_factory)
    assert (alert.status, alert.handled_by) == (ALERT_HANDLED, user_id)
    handled_at = alert.handled_at
    assert handled_at is not None and handled_at >= alert.raised_at

    other_user = _staff_user(session_factory, "bilal")
    assert mark_handled(session_factory, alert_id, other_user) is False  # idempotent: nothing changes
    [alert] = _alerts(session_factory)
    assert (alert.handled_by, alert.handled_at) == (user_id, handled_at)
    assert mark_handled(session_factory, 999_999, user_id) is False  # no such alert
    with session_factory() as s:
        assert open_count(s) == 0 and open_alerts(s) == []

    again = raise_alert(session_factory, "conv-1", "web", SELF_HARM)
    assert again != alert_id
    assert [a.status for a in _alerts(session_factory)] == [ALERT_HANDLED, ALERT_OPEN]


def test_a_removed_staff_member_leaves_the_alert_handled(session_factory):
    user_id = _staff_user(session_factory)
    alert_id = raise_alert(session_factory, "conv-1", "web", SELF_HARM)
    mark_handled(session_factory, alert_id, user_id)
    with write_session(session_factory) as s:
        s.delete(s.get(StaffUser, user_id))
    [alert] = _alerts(session_factory)
    assert (alert.status, alert.handled_by) == (ALERT_HANDLED, None)


def _targets(session_factory, tmp_path) -> ErasureTargets:
    return ErasureTargets(session_factory, f"sqlite:///{tmp_path / 'tracker.db'}", tmp_path / "journal",
                          tmp_path / "photos")


def _write_events(targets: ErasureTargets, sender_id: str, at: dt.datetime) -> None:
    with sqlite3.connect(targets.tracker_db_url.removeprefix("sqlite:///")) as conn:
        conn.execute(EVENTS_DDL)
        conn.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, '{}')",
                     (sender_id, at.timestamp()))


def test_erasure_deletes_the_conversations_alerts_open_or_handled(session_factory, tmp_path):
    targets = _targets(session_factory, tmp_path)
    user_id = _staff_user(session_factory)
    mark_handled(session_factory, raise_alert(session_factory, "conv-a", "web", SELF_HARM), user_id)
    raise_alert(session_factory, "conv-a", "web", SELF_HARM, "+923001234567")
    kept = raise_alert(session_factory, "conv-b", "web", SELF_HARM)

    counts = erase_conversation(targets, "conv-a")
    assert counts["staff_alerts"] == 2
    assert [a.id for a in _alerts(session_factory)] == [kept]
    assert "staff_alerts" not in erase_conversation(targets, "conv-a")  # nothing more: not named

    raise_alert(session_factory, "conv-c", "rest", SELF_HARM)
    request = request_erasure(session_factory, "conv-c", "rest")
    done = carry_out_request(targets, request.id, user_id)
    assert '"staff_alerts": 1' in done.outcome
    assert _alerts(session_factory, StaffAlert.conversation_id == "conv-c") == []


def test_purge_deletes_handled_alerts_with_their_conversation_and_keeps_open_ones(session_factory, tmp_path):
    targets = _targets(session_factory, tmp_path)
    user_id = _staff_user(session_factory)

    def alert(conversation_id, raised, handled=None):
        alert_id = raise_alert(session_factory, conversation_id, "web", SELF_HARM, "+923001234567")
        if handled is not None:
            mark_handled(session_factory, alert_id, user_id)
        _set_times(session_factory, alert_id, raised, handled)
        return alert_id

    for conversation_id in ("handled-old", "open-old", "handled-recently"):
        _write_events(targets, conversation_id, NOW - 40 * DAY)
    alert("handled-old", NOW - 40 * DAY, NOW - 39 * DAY)  # the conversation and its alert are past retention
    open_old = alert("open-old", NOW - 40 * DAY)  # nobody acted yet: kept, with its conversation
    handled_recently = alert("handled-recently", NOW - 40 * DAY, NOW - 2 * DAY)  # ages from the handling
    alert("no-conversation-left", NOW - 50 * DAY, NOW - 45 * DAY)  # the tracker lost it: the alert still goes
    store_intake(session_factory, "completed")
    with write_session(session_factory) as s:
        s.execute(update(Intake).where(Intake.conversation_id == "completed").values(updated_at=NOW - 400 * DAY))
    completed = alert("completed", NOW - 400 * DAY, NOW - 400 * DAY)  # kept with the intake (completed years)

    dry = purge(targets, RETENTION, NOW, dry_run=True)
    assert len(_alerts(session_factory)) == 5
    report = purge(targets, RETENTION, NOW)
    assert report.erased["staff_alerts"] == dry.erased["staff_alerts"] == 2
    assert report.erased["tracker_events"] == dry.erased["tracker_events"] == 1
    assert (report.unfinished_conversations, report.completed_conversations) == (2, 0)
    assert [a.id for a in _alerts(session_factory)] == [open_old, handled_recently, completed]
    with TrackerEvents(targets.tracker_db_url) as events:
        assert sorted(events.last_event_times()) == ["handled-recently", "open-old"]

    # once handled, the open one ages like the rest: erased after the retention from its handling
    mark_handled(session_factory, open_old, user_id)
    assert purge(targets, RETENTION, NOW).erased.get("staff_alerts", 0) == 0
    later = purge(targets, RETENTION, NOW + 31 * DAY)
    assert later.erased["staff_alerts"] == 2  # open-old (handled now) and handled-recently
    assert [a.id for a in _alerts(session_factory)] == [completed]


def test_a_purge_without_alerts_does_not_name_them(session_factory, tmp_path):
    report = purge(_targets(session_factory, tmp_path), RETENTION, NOW, dry_run=True)
    assert "staff_alerts" not in report.erased


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_storage_errors_surface_as_storage_unavailable():
    engine = make_engine(f"postgresql://postgres@127.0.0.1:{_closed_port()}/clinic")
    factory = make_session_factory(engine)
    try:
        with pytest.raises(StorageUnavailable):
            raise_alert(factory, "conv-1", "web", SELF_HARM)
        with pytest.raises(StorageUnavailable):
            mark_handled(factory, 1, 1)
        with factory() as s:
            with pytest.raises(StorageUnavailable):
                open_count(s)
            with pytest.raises(StorageUnavailable):
                open_alerts(s)
    finally:
        engine.dispose()


def test_one_open_alert_per_conversation_is_enforced_by_the_database(session_factory):
    raise_alert(session_factory, "conv-1", "web", SELF_HARM)
    with pytest.raises(IntegrityError), write_session(session_factory) as s:
        s.add(StaffAlert(conversation_id="conv-1", channel="web", kind=SELF_HARM))
    with session_factory() as s:
        assert s.execute(select(func.count()).select_from(StaffAlert)).scalar_one() == 1
