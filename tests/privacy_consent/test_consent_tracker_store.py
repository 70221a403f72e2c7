"""The journaling tracker store with Rasa's real tracker: what reaches the database, the journal and the event
broker while consent is not given, and what a decline rewrites (SQLite file bytes, PostgreSQL rows)."""
from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from rasa.core.brokers.broker import EventBroker
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import JournalingSQLTrackerStore
from tests.conftest import SKIP_PG, create_pg_database, drop_pg_database

ROOT = Path(__file__).resolve().parents[2]
NAME, MEDICINE, AGE = "Quillonia", "Zentravorin", "47 years old"
OPENING = f"hi I'm {NAME}, {AGE}, losing hair since I started {MEDICINE}"
FAQ_WORD = "Plumbrachet"
SECRETS = (NAME, MEDICINE, AGE, FAQ_WORD)
CONSENT_BUTTONS = [{"title": "Yes, I agree", "payload": '/inform{"choice":"yes"}'}]


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


class CollectingBroker(EventBroker):
    def __init__(self):
        self.published = []

    def publish(self, event):
        self.published.append(event)


def user(text, intent="inform"):
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.91}, "entities": [],
             "intent_ranking": [{"name": intent, "confidence": 0.91}]}
    return UserUttered(text, parse["intent"], [], parse, input_channel="rest")


def opening_turn():
    return [ActionExecuted("action_listen"), user(OPENING, "greet"), ActionExecuted("intake_form"),
            BotUttered("May we store your answers?", {"buttons": CONSENT_BUTTONS}),
            SlotSet("requested_slot", "consent"), ActionExecuted("action_listen")]


def decline_turn():
    return [user("no", "deny"), ActionExecuted("intake_form"), SlotSet("consent", False),
            SlotSet("intake_status", "declined"), BotUttered("I won't store anything."),
            SlotSet("requested_slot", None), ActionExecuted("action_listen")]


def faq_turn():
    return [user(f"does mesotherapy hurt, asks {FAQ_WORD}?", "faq"), ActionExecuted("utter_faq"),
            BotUttered("A numbing cream is used."), ActionExecuted("action_listen")]


def grow(tracker, events):
    for event in events:
        tracker.update(event)
    return tracker


def sqlite_store(tmp_path, domain, broker=None):
    return JournalingSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "tracker.db"),
                                     journal_dir=str(tmp_path / "journal"), event_broker=broker)


def all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def found(blob: bytes) -> list[str]:
    return [s for s in SECRETS if s.encode() in blob]


def stored_rows(store, sender):
    with store.session_scope() as session:
        return [json.loads(row.data) for row in store._event_query(session, sender, True).all()]


async def test_nothing_said_before_consent_is_stored_but_the_turn_sees_it(tmp_path, domain):
    broker = CollectingBroker()
    store = sqlite_store(tmp_path, domain, broker)
    sender = "patient-" + uuid.uuid4().hex
    tracker = grow(DialogueStateTracker(sender, domain.slots), opening_turn())
    await store.save(tracker)
    assert tracker.latest_message.text == OPENING  # the tracker Rasa answers from is unchanged
    grow(tracker, decline_turn())
    await store.save(tracker)
    grow(tracker, faq_turn())
    await store.save(tracker)

    assert found(all_bytes(tmp_path)) == []  # database file, journal
    assert found(json.dumps(broker.published).encode()) == []
    rows = stored_rows(store, sender)
    assert len(rows) == len(tracker.events)  # every event is stored, so Rasa's counting stays right
    messages = [row for row in rows if row["event"] == "user"]
    assert [m["parse_data"]["intent"]["name"] for m in messages] == ["greet", "deny", "faq"]
    assert [m["event"] for m in broker.published] == [e["event"] for e in rows]

    again = await store.retrieve(sender)
    assert again.get_slot("consent") is False and again.latest_message.intent["name"] == "faq"


async def test_a_consenting_patients_words_are_stored(tmp_path, domain):
    store = sqlite_store(tmp_path, domain)
    sender = "patient-" + uuid.uuid4().hex
    tracker = grow(DialogueStateTracker(sender, domain.slots), opening_turn())
    await store.save(tracker)
    grow(tracker, [user("yes", "affirm"), ActionExecuted("intake_form"), SlotSet("consent", True),
                   SlotSet("requested_slot", "first_name"), ActionExecuted("action_listen"),
                   user(f"my name is {NAME}"), SlotSet("first_name", NAME)])
    await store.save(tracker)
    texts = [row["text"] for row in stored_rows(store, sender) if row["event"] == "user"]
    assert texts == ["", "", f"my name is {NAME}"]
    journal = all_bytes(tmp_path / "journal")
    assert NAME.encode() in journal and OPENING.encode() not in journal


def write_legacy_rows(store, sender, events):
    """Rows as an older version stored them: every word, and slots filled from the opening message."""
    with store.session_scope() as session:
        for event in events:
            data = event.as_dict()
            session.add(store.SQLEvent(sender_id=sender, type_name=event.type_name, timestamp=data["timestamp"],
                                       intent_name=(data.get("parse_data") or {}).get("intent", {}).get("name"),
                                       action_name=data.get("name"), data=json.dumps(data)))
        session.commit()


def legacy_opening(story=""):
    turn = opening_turn()
    turn[1] = user(OPENING + story, "greet")
    return turn[:2] + [SlotSet("first_name", NAME), SlotSet("medicines", [MEDICINE])] + turn[2:]


# A long message fills overflow pages: rewritten, they go to SQLite's free list, which keeps their bytes
# unless secure_delete is on.
LONG_STORY = f" and my sister {NAME} says {MEDICINE} did it too." * 200


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
async def test_a_decline_rewrites_what_an_older_version_stored_and_leaves_no_bytes(tmp_path, domain, wal):
    database = tmp_path / "tracker.db"
    store = sqlite_store(tmp_path, domain)
    sender = "patient-" + uuid.uuid4().hex
    other = "other-" + uuid.uuid4().hex  # a consenting patient's conversation is left alone
    # In WAL mode another open connection (the staff app reading transcripts) keeps the WAL file alive.
    reader = sqlite3.connect(database)
    try:
        if wal:
            reader.execute("PRAGMA journal_mode=WAL").fetchall()
        reader.execute("SELECT count(*) FROM events").fetchall()  # has read: its WAL index stays open
        write_legacy_rows(store, sender, legacy_opening(LONG_STORY))
        write_legacy_rows(store, other, [SlotSet("consent", True), user(f"my name is {FAQ_WORD}")])
        assert set(found(all_bytes(tmp_path))) == set(SECRETS), "the test must start with the words on disk"

        tracker = await store.retrieve(sender)
        assert tracker.latest_message.text == OPENING + LONG_STORY
        grow(tracker, decline_turn())
        await store.save(tracker)

        assert found(all_bytes(tmp_path)) == [FAQ_WORD]  # only the other patient's, who consented
        slots = {row["name"]: row["value"] for row in stored_rows(store, sender) if row["event"] == "slot"}
        assert slots["first_name"] is None and slots["medicines"] is None and slots["consent"] is False
        other_rows = stored_rows(store, other)
        assert other_rows[1]["text"] == f"my name is {FAQ_WORD}"
    finally:
        reader.close()


async def test_a_turn_without_a_decline_does_not_rewrite(tmp_path, domain, monkeypatch):
    store = sqlite_store(tmp_path, domain)
    calls = []
    monkeypatch.setattr(store, "redact_conversation", lambda sender: calls.append(sender))
    tracker = grow(DialogueStateTracker("p1", domain.slots), opening_turn())
    await store.save(tracker)
    grow(tracker, decline_turn())
    await store.save(tracker)
    grow(tracker, faq_turn())
    await store.save(tracker)
    assert calls == ["p1"]


async def test_while_the_database_is_down_the_journal_keeps_no_words_either(tmp_path, domain, monkeypatch):
    store = sqlite_store(tmp_path, domain)

    def down(*args, **kwargs):
        raise ConnectionError("database down")

    monkeypatch.setattr(store, "session_scope", down)
    tracker = grow(DialogueStateTracker("p2", domain.slots), opening_turn() + decline_turn())
    await store.save(tracker)
    assert store.pending() and found(all_bytes(tmp_path / "journal")) == []
    back = await store.retrieve("p2")  # from the journal
    assert back.get_slot("consent") is False and len(back.events) == len(tracker.events)


@pytest.mark.skipif(SKIP_PG, reason="SKIP_PG=1")
async def test_on_postgresql_a_decline_rewrites_the_rows(tmp_path, domain):
    url = create_pg_database()
    store = None
    try:
        store = JournalingSQLTrackerStore(domain=domain, dialect="postgresql", host=url,
                                          journal_dir=str(tmp_path / "journal"))
        sender = "patient-" + uuid.uuid4().hex
        write_legacy_rows(store, sender, legacy_opening())
        tracker = await store.retrieve(sender)
        grow(tracker, decline_turn())
        await store.save(tracker)
        grow(tracker, faq_turn())
        await store.save(tracker)
        rows = stored_rows(store, sender)
        assert len(rows) == len(tracker.events)
        assert found(json.dumps(rows).encode()) == []
        assert found(all_bytes(tmp_path / "journal")) == []
    finally:
        if store is not None:
            store.engine.dispose()
        drop_pg_database(url)
