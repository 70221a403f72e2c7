"""What one turn costs the journaling tracker store, and that the shortcuts store exactly what Rasa's own
SQLTrackerStore stores: a reply reads one row id instead of the whole conversation, the journal grows by one line
instead of being rewritten, another server's writes are seen, the database going away and coming back loses
and duplicates nothing, and a new session is cut where Rasa cuts it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_journal import ConversationJournal, latest_session, read_file
from bot.tracker_store import JournalingSQLTrackerStore, stored_events
from tests.conftest import SKIP_PG, create_pg_database, drop_pg_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(SKIP_PG, reason="SKIP_PG=1"))])
def make_store(request, tmp_path, domain):
    """make_store(name) -> a store on one shared database: two names are two servers (own memory, own journal)."""
    url = f"sqlite:///{tmp_path / 'tracker.db'}" if request.param == "sqlite" else create_pg_database()
    made = []

    def make(name="a"):
        parsed = sa.engine.make_url(url)
        options = ({"dialect": "sqlite", "db": parsed.database} if request.param == "sqlite" else
                   {"dialect": "postgresql", "host": parsed.host, "port": parsed.port, "db": parsed.database,
                    "username": parsed.username})
        store = JournalingSQLTrackerStore(domain=domain, journal_dir=str(tmp_path / f"journal-{name}"), **options)
        made.append(store)
        return store

    yield make
    for store in made:
        store.engine.dispose()
    if request.param == "postgresql":
        drop_pg_database(url)


def user(text, intent="inform"):
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    return UserUttered(text, parse["intent"], [], parse, input_channel="rest")


def consent_turn():
    return [ActionExecuted("action_listen"), user("hi", "greet"), ActionExecuted("intake_form"),
            BotUttered("May we store your answers?"), ActionExecuted("action_listen"),
            user("yes", "affirm"), SlotSet("consent", True), BotUttered("Thank you."), ActionExecuted("action_listen")]


def answer_turn(number):
    return [user(f"answer {number}"), ActionExecuted("intake_form"), SlotSet("requested_slot", f"q{number}"),
            BotUttered(f"question {number + 1}?"), ActionExecuted("action_listen")]


async def turn(store, sender, events, domain):
    tracker = await store.retrieve(sender) or DialogueStateTracker(sender, domain.slots)
    for event in events:
        tracker.update(event)
    await store.save(tracker)
    return tracker


def rows(store, sender):
    with store.session_scope() as session:
        return [json.loads(row.data) for row in store._event_query(session, sender, True).all()]


class Statements:
    def __init__(self, engine):
        self.seen: list[str] = []
        sa.event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, *args):
        self.seen.append(" ".join(statement.split()))


async def test_a_reply_reads_one_row_id_not_the_whole_conversation(make_store, domain):
    store = make_store()
    await turn(store, "p1", consent_turn() + answer_turn(1) + answer_turn(2), domain)
    statements = Statements(store.engine)
    tracker = await store.retrieve("p1")
    assert len(tracker.events) == len(rows(store, "p1"))
    reads = [s for s in statements.seen[:-1] if s.upper().startswith("SELECT")]  # the last: rows() above
    assert len(reads) == 1 and "max(" in reads[0].lower()


async def test_a_turn_appends_one_journal_line_and_keeps_the_rest(make_store, domain):
    store = make_store()
    await turn(store, "p1", consent_turn(), domain)
    path = store.journal.path("p1")
    first = path.read_bytes()
    await turn(store, "p1", answer_turn(1), domain)
    await turn(store, "p1", answer_turn(2), domain)
    after = path.read_bytes()
    assert after.startswith(first) and len(after.splitlines()) == 3
    assert read_file(path).events == rows(store, "p1") and read_file(path).synced


async def test_what_another_server_wrote_is_seen(make_store, domain):
    one, two = make_store("one"), make_store("two")
    await turn(one, "p1", consent_turn(), domain)
    await turn(two, "p1", answer_turn(1), domain)  # the next message went to the other server
    seen = await one.retrieve("p1")
    assert [e.text for e in seen.events if isinstance(e, UserUttered)][-1] == "answer 1"
    await turn(one, "p1", answer_turn(2), domain)
    texts = [event["text"] for event in rows(one, "p1") if event["event"] == "user"]
    assert texts == ["", "", "answer 1", "answer 2"]  # nothing said before consent is stored
    for store in (one, two):  # each server's journal: the whole conversation, not a gap
        record = store.journal.read("p1")
        assert [e["text"] for e in record.events if e["event"] == "user"][-1] == (
            "answer 2" if store is one else "answer 1")


async def test_the_database_going_away_and_back_loses_and_duplicates_nothing(make_store, domain, monkeypatch):
    store = make_store()
    await turn(store, "p1", consent_turn() + answer_turn(1), domain)
    working = store.session_scope

    def down(*args, **kwargs):
        raise ConnectionError("database down")

    monkeypatch.setattr(store, "session_scope", down)
    await turn(store, "p1", answer_turn(2), domain)
    await turn(store, "p1", answer_turn(3), domain)
    assert store.pending() == [store.journal.path("p1")]
    monkeypatch.setattr(store, "session_scope", working)
    tracker = await store.retrieve("p1")  # the journal is ahead of the database: it answers
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)][-1] == "answer 3"
    await turn(store, "p1", answer_turn(4), domain)
    texts = [e["text"] for e in rows(store, "p1") if e["event"] == "user"]
    assert texts == ["", "", "answer 1", "answer 2", "answer 3", "answer 4"]
    assert store.pending() == [] and store.journal.read("p1").events == rows(store, "p1")


async def test_a_server_started_while_the_database_is_down_answers_from_the_journal(make_store, domain, monkeypatch):
    store = make_store()
    await turn(store, "p1", consent_turn() + answer_turn(1), domain)
    restarted = make_store()  # same journal folder ("a"), empty memory

    def down(*args, **kwargs):
        raise ConnectionError("database down")

    monkeypatch.setattr(restarted, "session_scope", down)
    tracker = await restarted.retrieve("p1")
    assert tracker is not None and len(tracker.events) == len(rows(store, "p1"))


async def test_sessions_are_stored_and_cut_as_rasas_own_store_does(make_store, domain, tmp_path):
    ours = make_store()
    rasas = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    new_session = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    turns = [new_session + consent_turn(), answer_turn(1), new_session + answer_turn(2), answer_turn(3)]
    for events in turns:
        for store in (ours, rasas):
            tracker = await store.retrieve("p1") or DialogueStateTracker("p1", domain.slots)
            for event in events:
                tracker.update(event)
            await store.save(tracker)
    ours_latest, rasas_latest = await ours.retrieve("p1"), await rasas.retrieve("p1")
    def kinds(events):
        return [(e["event"], e["timestamp"], e.get("text")) for e in events]

    # the same latest session and the same rows, ours as stored (no words from before consent)
    assert kinds(e.as_dict() for e in ours_latest.events) == kinds(stored_events([e.as_dict() for e in rasas_latest.events]))
    assert kinds(rows(ours, "p1")) == kinds(stored_events(rows(rasas, "p1")))
    rasas.engine.dispose()


def test_latest_session_starts_where_rasas_query_starts():
    events = [{"event": "action", "timestamp": 1.0}, {"event": "session_started", "timestamp": 2.0},
              {"event": "action", "timestamp": 3.0}, {"event": "action", "timestamp": 5.0},
              {"event": "session_started", "timestamp": 4.0}, {"event": "user", "timestamp": 6.0}]
    # the action_session_start logged before the second session_started has a later timestamp: it belongs
    assert latest_session(events) == [events[3], events[4], events[5]]
    assert latest_session(events[:1]) == events[:1]


def test_a_torn_last_line_is_skipped(tmp_path):
    journal = ConversationJournal(tmp_path)
    journal.append("p", [{"event": "action", "name": "a"}], synced=True)
    journal.append("p", [{"event": "action", "name": "b"}], synced=False)
    with open(journal.path("p"), "a", encoding="utf-8") as file:
        file.write('{"events": [{"event": "act')  # a crash in the middle of a write
    record = journal.read("p")
    assert [e["name"] for e in record.events] == ["a", "b"] and record.synced is False
    assert journal.pending() == [journal.path("p")]
    assert oct(journal.path("p").stat().st_mode & 0o777) == "0o600"


async def test_an_idle_conversation_leaves_the_servers_memory(make_store, domain, monkeypatch):
    import bot.tracker_store as module

    store = make_store()
    await turn(store, "p1", consent_turn(), domain)
    assert store._recent.get("p1") is not None
    later = module.time.monotonic() + store._recent.idle_seconds + 1
    monkeypatch.setattr(module.time, "monotonic", lambda: later)
    assert store._recent.get("p1") is None
