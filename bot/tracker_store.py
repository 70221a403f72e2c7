"""A SQL tracker store that keeps conversations on local disk while its database is unreachable, and keeps no
words of a patient who has not consented.

Rasa wraps every tracker store in FailSafeTrackerStore: when the database fails it silently answers from an
empty in-memory store, so the patient is greeted as a stranger and the conversation is lost for staff. Here
every save also goes to a local journal (bot/tracker_journal.py: one appended line per turn), marked "synced"
when the database has it. A failed save is logged at CRITICAL and journaled unsynced; a read prefers an
unsynced journal (the database is behind) and falls back to this process's memory or the journal when the
database cannot be read; the next save that reaches the database writes everything it lacks. Nothing reaches
the fail-safe fallback, so nothing is lost. The journal holds patient data: var/ is private (mode 700).

A turn costs little: this process keeps the stored latest session of the conversations it handled last, so a
read is one indexed query (the newest row id: another server may have written since, then the rows are read)
and a save writes only the new rows, works out their stored form from the new events alone and publishes
exactly those to the event broker (Rasa's SQLTrackerStore counts the rows, and its stream_events reads the
whole conversation again).

Consent: a patient message recorded while the `consent` slot is not True is stored (database, journal, event
broker) as its intent only, with no text and no entities. Rasa and the actions still see the whole message
in the turn it arrives (the tracker in memory is not changed), so the assistant answers it. When a patient
declines, everything already stored of theirs from before consent is rewritten the same way before the reply,
on SQLite with secure_delete and a WAL checkpoint so the old text is not left in free pages or the WAL.

endpoints.yml: `tracker_store: {type: bot.tracker_store.JournalingSQLTrackerStore, dialect: ..., db: ...}`;
`journal_dir` may be set there too (default: Settings.journal_dir, $TRACKER_JOURNAL_DIR or var/tracker-journal).
"""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.conversation.slot_names import CONSENT, PATIENT_FACTS
from bot.pseudonym import pseudonym
from bot.settings import Settings
from bot.tracker_journal import ConversationJournal, latest_session

log = logging.getLogger(__name__)

# Events after which the consent slot is empty again (Rasa resets the slots; carried-over ones are set again).
_CONSENT_RESETS = {"reset_slots", "restart", "session_started"}


# -- what is stored of a conversation: plain functions on Rasa's event dicts --------------------------------
def consent_when_recorded(events: Iterable[dict[str, Any]]) -> list[bool]:
    """For each event, whether the patient had consented (the consent slot was True) when it was recorded."""
    given = False
    before_messages: list[bool] = []  # consent before each patient message, for Rasa's "rewind"
    result = []
    for event in events:
        kind = event.get("event")
        result.append(given)
        if kind == "slot" and event.get("name") == CONSENT:
            given = event.get("value") is True
        elif kind in _CONSENT_RESETS:
            given = False
        elif kind == "user":
            before_messages.append(given)
        elif kind == "rewind":  # the last patient message and what followed it are undone
            given = before_messages.pop() if before_messages else False
        elif kind == "undo":  # undoes one action, which may have set consent: assume not given
            given = False
    return result


def without_patient_words(event: dict[str, Any], offered: dict[str, str] | None = None) -> dict[str, Any]:
    """A patient message as stored without consent: what it was understood as (intent), none of its words.

    `offered` maps the payloads of the buttons the assistant had just offered to their titles: the web
    widget's history may still show which of them was clicked, as those titles are the assistant's words."""
    kind = event.get("event")
    if kind == "entities":
        return {**event, "entities": []}
    if kind != "user":
        return event
    intent = (event.get("parse_data") or {}).get("intent") or {}
    stored: dict[str, Any] = {
        key: event[key] for key in ("event", "timestamp", "input_channel", "message_id") if key in event
    }
    stored["text"] = ""
    stored["parse_data"] = {
        "intent": {key: intent[key] for key in ("name", "confidence") if key in intent},
        "entities": [],
    }
    web = (event.get("metadata") or {}).get("web") or {}
    kept: dict[str, Any] = {}
    if web.get("hidden") is True:
        kept["hidden"] = True  # hides the widget's own opening message in its history
    if web.get("shown") in (offered or {}).values():
        kept["shown"] = web["shown"]
    if kept:
        stored["metadata"] = {"web": kept}
    return stored


def _buttons_offered(event: dict[str, Any]) -> dict[str, str]:
    buttons = (event.get("data") or {}).get("buttons") or []
    return {str(b.get("payload")): str(b.get("title")) for b in buttons if isinstance(b, dict)}


def stored_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events as they may be stored: patient words only from after consent."""
    stored: list[dict[str, Any]] = []
    offered: dict[str, str] = {}
    for event, consented in zip(events, consent_when_recorded(events), strict=True):
        stored.append(event if consented else without_patient_words(event, offered))
        if event.get("event") == "bot":
            offered = _buttons_offered(event) or offered  # a message without buttons keeps the last ones
        elif event.get("event") == "user":
            offered = {}
    return stored


def _patient_slots() -> set[str]:
    from bot.intake.questions import question_slots  # loads the questions file only when a rewrite needs it

    return set(question_slots()) | set(PATIENT_FACTS)


def declined_rewrite(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """After a decline: also empties patient facts that slots took before consent (older versions of the
    assistant filled slots from the opening message)."""
    patient_slots = _patient_slots()
    rewritten = []
    for event, consented in zip(stored_events(events), consent_when_recorded(events), strict=True):
        if (
            not consented
            and event.get("event") == "slot"
            and event.get("name") in patient_slots
            and event.get("value") is not None
        ):
            event = {**event, "value": None}
        rewritten.append(event)
    return rewritten


def declined_in_latest_turn(events: list[dict[str, Any]]) -> bool:
    """Whether the patient said no to consent in the turn these events end with."""
    for event in reversed(events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") == CONSENT and event.get("value") is False:
            return True
    return False


class _AsStored:
    """An event as written to the database: SQLTrackerStore.save reads only `type_name` and `as_dict()`."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.type_name = data["event"]
        self._data = data

    def as_dict(self) -> dict[str, Any]:
        return self._data


def _sqlite_settings(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # Deleted and overwritten content is zeroed, so rewritten patient text is not left in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    # WAL: the staff app reads while the assistant writes. NORMAL: a commit is not an fsync (it was 25 ms of
    # every turn); a crashed process loses nothing, a power cut may lose the last turns (production: PostgreSQL).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class _Stored:
    """What this process knows the database holds of one conversation's latest session, as stored."""

    def __init__(self, events: list[dict[str, Any]], last_id: int) -> None:
        self.events = events
        self.last_id = last_id  # the newest row's id: any other writer (another server) changes it
        self.kept_at = time.monotonic()


class _RecentConversations:
    """The stored latest session of the conversations this process handled last (kept in the order of their last save; the oldest go first).
    A reply then costs one indexed query (the newest row's id) instead of reading and decoding every row.
    Kept at most `idle_seconds` after the conversation's last turn, so a conversation erased by staff (in
    another process) does not stay in this one's memory either."""

    def __init__(self, capacity: int, idle_seconds: float = 900) -> None:
        self.capacity, self.idle_seconds = capacity, idle_seconds
        self._items: OrderedDict[str, _Stored] = OrderedDict()

    def get(self, sender_id: str) -> _Stored | None:
        self._forget_idle()
        return self._items.get(sender_id)

    def put(self, sender_id: str, stored: _Stored) -> None:
        self._items[sender_id] = stored
        self._items.move_to_end(sender_id)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
        self._forget_idle()

    def forget(self, sender_id: str) -> None:
        self._items.pop(sender_id, None)

    def _forget_idle(self) -> None:
        cutoff = time.monotonic() - self.idle_seconds
        while self._items:
            oldest = next(iter(self._items.values()))  # the least recently stored first
            if oldest.kept_at >= cutoff:
                return
            self._items.popitem(last=False)


class JournalingSQLTrackerStore(SQLTrackerStore):
    engine: sa.engine.Engine

    def __init__(
        self, *args: Any, journal_dir: str | None = None, recent_conversations: int = 256, **kwargs: Any
    ) -> None:
        # Rasa builds the store from endpoints.yml: its start is where the settings are read.
        self.journal = ConversationJournal(Path(journal_dir or Settings.from_env().journal_dir))
        self.journal_dir = self.journal.folder
        self._recent = _RecentConversations(int(recent_conversations))
        # Per conversation: events of this process's turns in the journal but not in the database yet. A
        # conversation missing here has a journal this process has not written since it last read the database:
        # its next save rewrites the file once instead of appending to it.
        self._journal_behind: dict[str, int] = {}
        super().__init__(*args, **kwargs)
        if self._is_sqlite:
            # SQLAlchemy 1.4 opens and closes a file database's connection for every session (NullPool); the
            # close of the last WAL connection checkpoints the file: most of a turn's cost. Keep them open.
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, pool_size=2, connect_args={"check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", _sqlite_settings)
            self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    @property
    def _is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @staticmethod
    def _stored(tracker: DialogueStateTracker) -> list[dict[str, Any]]:
        events = [event.as_dict() for event in tracker.events]
        return declined_rewrite(events) if tracker.get_slot(CONSENT) is False else stored_events(events)

    def pending(self) -> list[Path]:
        """Journal files not yet written to the database (for monitoring)."""
        return self.journal.pending()

    # -- what the database holds ---------------------------------------------------------------------------
    def _last_id(self, session: Any, sender_id: str) -> int:
        return session.query(sa.func.max(self.SQLEvent.id)).filter(self.SQLEvent.sender_id == sender_id).scalar() or 0

    def _database_session(self, session: Any, sender_id: str) -> _Stored:
        """The latest session as stored, from this process's memory when no other writer has been since."""
        known = self._recent.get(sender_id)
        last_id = self._last_id(session, sender_id)
        if known is not None and known.last_id == last_id:
            return known
        rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
        stored = _Stored([json.loads(row.data) for row in rows], last_id)
        self._journal_behind.pop(sender_id, None)  # what the journal holds is no longer known here
        if rows:
            self._recent.put(sender_id, stored)
        else:
            self._recent.forget(sender_id)  # erased, or never stored
        return stored

    def _tracker(self, sender_id: str, events: list[dict[str, Any]]) -> DialogueStateTracker | None:
        if not events or not self.domain:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    # -- the tracker store API -----------------------------------------------------------------------------
    async def save(self, tracker: DialogueStateTracker) -> None:
        sender_id = tracker.sender_id
        if tracker.get_slot(CONSENT) is False:
            # Rare (a declined consent): the whole conversation is rewritten, the simple way.
            await self._save_declined(tracker)
            return
        try:
            with self.session_scope() as session:
                before = self._database_session(session, sender_id)
                added = [event.as_dict() for event in islice(tracker.events, len(before.events), None)]  # a deque
                new = stored_events(before.events + added)[len(before.events) :]
                rows = [self._row(sender_id, data) for data in new]
                session.add_all(rows)
                session.flush()  # assigns the ids, read before commit() expires the rows
                last_id = max((row.id for row in rows), default=before.last_id)
                session.commit()
        except Exception as error:  # noqa: BLE001 - any database failure: keep the conversation on disk
            self._keep_in_journal(tracker, error)
            return
        self._recent.put(sender_id, _Stored(latest_session(before.events + new), last_id))
        self._publish(sender_id, new)
        self._journal_saved(tracker, new)

    def _row(self, sender_id: str, data: dict[str, Any]) -> Any:
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=data["event"],
            timestamp=data.get("timestamp"),
            intent_name=(data.get("parse_data") or {}).get("intent", {}).get("name"),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    def _publish(self, sender_id: str, new: list[dict[str, Any]]) -> None:
        """The new events, as stored, to the event broker (RabbitMQ in production)."""
        if self.event_broker is not None:
            for data in new:
                self.event_broker.publish({"sender_id": sender_id, **data})

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        # save() publishes exactly the rows it committed (Rasa's version re-reads the whole conversation)
        return None

    def _journal_saved(self, tracker: DialogueStateTracker, new: list[dict[str, Any]]) -> None:
        sender_id = tracker.sender_id
        behind = self._journal_behind.get(sender_id)
        if behind is None:
            self.journal.replace(sender_id, self._stored(tracker), synced=True)
        else:
            # the first `behind` of these are in the journal already, from turns the database missed
            self.journal.append(sender_id, new[behind:], synced=True)
        self._journal_behind[sender_id] = 0

    def _keep_in_journal(self, tracker: DialogueStateTracker, error: Exception) -> None:
        sender_id = tracker.sender_id
        log.critical(
            "Tracker database unavailable (%s): conversation %s kept in the journal %s; it is "
            "written to the database when it is back.",
            error.__class__.__name__,
            pseudonym(sender_id),
            self.journal_dir,
        )
        known = self._recent.get(sender_id)
        behind = self._journal_behind.get(sender_id)
        stored = self._stored(tracker)
        if known is None or behind is None:
            self.journal.replace(sender_id, stored, synced=False)
            self._journal_behind.pop(sender_id, None)  # rewritten whole again next time
            return
        new = stored[len(known.events) :]
        self.journal.append(sender_id, new[behind:], synced=False)
        self._journal_behind[sender_id] = len(new)

    async def _save_declined(self, tracker: DialogueStateTracker) -> None:
        sender_id = tracker.sender_id
        self._recent.forget(sender_id)
        self._journal_behind.pop(sender_id, None)
        try:
            await super().save(tracker)  # writes _additional_events (below) and publishes through stream_events
            if declined_in_latest_turn([event.as_dict() for event in tracker.events]):
                self.redact_conversation(sender_id)
        except Exception as error:  # noqa: BLE001
            self._keep_in_journal(tracker, error)
            return
        self.journal.replace(sender_id, self._stored(tracker), synced=True)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[_AsStored]:
        """The events the database lacks, as they may be stored (SQLTrackerStore.save writes these)."""
        already = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        stored = self._stored(tracker)[already:]
        if self.event_broker is not None:
            for data in stored:
                self.event_broker.publish({"sender_id": tracker.sender_id, **data})
        return (_AsStored(data) for data in stored)

    def redact_conversation(self, sender_id: str) -> int:
        """Rewrites what is stored of a declined conversation (all sessions, and its journal) so nothing the
        patient said or told before consent remains. Returns the number of database rows rewritten."""
        self._recent.forget(sender_id)
        changed = 0
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=True).all()
            events = [json.loads(row.data) for row in rows]
            for row, before, after in zip(rows, events, declined_rewrite(events), strict=True):
                if after != before:
                    row.data = json.dumps(after)
                    changed += 1
            session.commit()
        if changed and self._is_sqlite:
            self._checkpoint()
        self.journal.rewrite(sender_id, declined_rewrite)
        return changed

    def _checkpoint(self) -> None:
        # The WAL (if the file is in WAL mode) may still hold the old pages: copy it back and empty it.
        with self.engine.connect() as connection:
            busy = connection.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)")).fetchone()
        if busy and busy[0]:
            log.warning(
                "Tracker database busy: the WAL could not be emptied after a redaction; the next "
                "redaction or checkpoint empties it."
            )

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        behind = self._journal_behind.get(sender_id)
        if behind is None or behind > 0:  # this process has not written the journal since, or it is ahead
            record = self.journal.read(sender_id)
            if record is not None and not record.synced:
                return self._tracker(sender_id, latest_session(record.events))  # the database is behind
        try:
            with self.session_scope() as session:
                stored = self._database_session(session, sender_id)
        except Exception as error:  # noqa: BLE001
            return self._unreadable(sender_id, error)
        return self._tracker(sender_id, stored.events)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        record = self.journal.read(sender_id)
        if record is not None and not record.synced:
            return self._tracker(sender_id, record.events)
        try:
            return await super().retrieve_full_tracker(sender_id)
        except Exception as error:  # noqa: BLE001
            return self._unreadable(sender_id, error, full=True)

    def _unreadable(self, sender_id: str, error: Exception, full: bool = False) -> DialogueStateTracker | None:
        log.critical(
            "Tracker database unavailable (%s) reading %s: answering from the journal.",
            error.__class__.__name__,
            pseudonym(sender_id),
        )
        known = self._recent.get(sender_id)
        if known is not None and not full:
            return self._tracker(sender_id, known.events)
        record = self.journal.read(sender_id)
        if record is None:
            return None
        return self._tracker(sender_id, record.events if full else latest_session(record.events))
