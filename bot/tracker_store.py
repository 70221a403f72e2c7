"""A SQL tracker store that keeps conversations on local disk while its database is unreachable, and keeps no
words of a patient who has not consented.

Rasa wraps every tracker store in FailSafeTrackerStore: when the database fails it silently answers from an
empty in-memory store, so the patient is greeted as a stranger and the conversation is lost for staff. Here
every save also writes the conversation to a local journal file, marked "synced" when the database has it.
A failed save is logged at CRITICAL and marked unsynced; a read prefers an unsynced journal (the database is
behind) and falls back to the journal when the database cannot be read; the next save that reaches the
database writes everything it lacks (SQLTrackerStore stores the events the database does not have yet).
Nothing reaches the fail-safe fallback, so nothing is lost. The journal holds patient data: var/ is private
to the server (mode 700).

Consent: a patient message recorded while the `consent` slot is not True is stored (database, journal, event
broker) as its intent only, with no text and no entities. Rasa and the actions still see the whole message
in the turn it arrives (the tracker in memory is not changed), so the assistant answers it. When a patient
declines, everything already stored of theirs from before consent is rewritten the same way before the reply,
on SQLite with secure_delete and a WAL checkpoint so the old text is not left in free pages or the WAL.

endpoints.yml: `tracker_store: {type: bot.tracker_store.JournalingSQLTrackerStore, dialect: ..., db: ...}`;
`journal_dir` may be set there too (default: Settings.journal_dir, $TRACKER_JOURNAL_DIR or var/tracker-journal).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.conversation.slot_names import CONSENT, PATIENT_FACTS
from bot.pseudonym import pseudonym
from bot.settings import Settings

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


def _secure_delete(dbapi_connection: Any, _record: Any) -> None:
    # Deleted and overwritten content is zeroed, so rewritten patient text is not left in free pages.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


class JournalingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, journal_dir: str | None = None, **kwargs: Any) -> None:
        # Rasa builds the store from endpoints.yml: its start is where the settings are read.
        self.journal_dir = Path(journal_dir or Settings.from_env().journal_dir)
        self.journal_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        super().__init__(*args, **kwargs)
        if self._is_sqlite:
            sa.event.listen(self.engine, "connect", _secure_delete)
            self.engine.dispose()  # connections opened while creating the table lack the pragma

    @property
    def _is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @staticmethod
    def _stored(tracker: DialogueStateTracker) -> list[dict[str, Any]]:
        events = [event.as_dict() for event in tracker.events]
        return declined_rewrite(events) if tracker.get_slot(CONSENT) is False else stored_events(events)

    # -- the journal -------------------------------------------------------------------------------------
    def _path(self, sender_id: str) -> Path:
        # sender ids come from channels: never use them as file names directly
        return self.journal_dir / (hashlib.sha256(sender_id.encode()).hexdigest() + ".json")

    def _write_record(self, path: Path, dialogue: dict[str, Any], synced: bool) -> None:
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"synced": synced, "tracker": json.dumps(dialogue)}), encoding="utf-8")
        temporary.replace(path)  # atomic: a crash never leaves half a conversation

    def _write_journal(self, tracker: DialogueStateTracker, synced: bool) -> None:
        dialogue = {"events": self._stored(tracker), "name": tracker.sender_id}
        self._write_record(self._path(tracker.sender_id), dialogue, synced)

    def _read_journal(self, sender_id: str) -> tuple[DialogueStateTracker | None, bool]:
        """(tracker, synced) from the journal; (None, True) when there is none."""
        path = self._path(sender_id)
        if not path.exists():
            return None, True
        record = json.loads(path.read_text(encoding="utf-8"))
        return self.deserialise_tracker(sender_id, record["tracker"]), bool(record["synced"])

    def _rewrite_journal(self, sender_id: str) -> None:
        path = self._path(sender_id)
        if not path.exists():
            return
        record = json.loads(path.read_text(encoding="utf-8"))
        dialogue = json.loads(record["tracker"])
        dialogue["events"] = declined_rewrite(dialogue.get("events") or [])
        self._write_record(path, dialogue, bool(record["synced"]))

    def pending(self) -> list[Path]:
        """Journal files not yet written to the database (for monitoring)."""
        return [
            p
            for p in sorted(self.journal_dir.glob("*.json"))
            if not json.loads(p.read_text(encoding="utf-8"))["synced"]
        ]

    # -- what reaches the database and the event broker --------------------------------------------------------
    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[_AsStored]:
        """The events the database lacks, as they may be stored (SQLTrackerStore.save writes these)."""
        already = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        return (_AsStored(data) for data in self._stored(tracker)[already:])

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """Publishes the new events, as stored, to the event broker (RabbitMQ in production)."""
        if self.event_broker is None:
            return
        old = await self.retrieve(tracker.sender_id)
        offset = len(old.events) if old else 0
        for data in self._stored(tracker)[offset:]:
            self.event_broker.publish({"sender_id": tracker.sender_id, **data})

    def redact_conversation(self, sender_id: str) -> int:
        """Rewrites what is stored of a declined conversation (all sessions, and its journal) so nothing the
        patient said or told before consent remains. Returns the number of database rows rewritten."""
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
        self._rewrite_journal(sender_id)
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

    # -- the tracker store API -----------------------------------------------------------------------------
    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await super().save(tracker)
            if declined_in_latest_turn([event.as_dict() for event in tracker.events]):
                self.redact_conversation(tracker.sender_id)
        except Exception as error:  # noqa: BLE001 - any database failure: keep the conversation on disk
            log.critical(
                "Tracker database unavailable (%s): conversation %s kept in the journal %s; it is "
                "written to the database when it is back.",
                error.__class__.__name__,
                pseudonym(tracker.sender_id),
                self.journal_dir,
            )
            self._write_journal(tracker, synced=False)
            return
        self._write_journal(tracker, synced=True)

    async def _journal_or_database(self, sender_id: str, full: bool) -> DialogueStateTracker | None:
        journal, synced = self._read_journal(sender_id)
        if journal is not None and not synced:
            return journal  # the database is behind: the journal is the newest state
        try:
            return await (super().retrieve_full_tracker(sender_id) if full else super().retrieve(sender_id))
        except Exception as error:  # noqa: BLE001
            log.critical(
                "Tracker database unavailable (%s) reading %s: answering from the journal.",
                error.__class__.__name__,
                pseudonym(sender_id),
            )
            return journal

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._journal_or_database(sender_id, full=False)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._journal_or_database(sender_id, full=True)
