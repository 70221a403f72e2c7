"""A SQL tracker store that keeps conversations on local disk while its database is unreachable.

Rasa wraps every tracker store in FailSafeTrackerStore: when the database fails it silently answers from an
empty in-memory store, so the patient is greeted as a stranger and the conversation is lost for staff. Here
every save also writes the conversation to a local journal file, marked "synced" when the database has it.
A failed save is logged at CRITICAL and marked unsynced; a read prefers an unsynced journal (the database is
behind) and falls back to the journal when the database cannot be read; the next save that reaches the
database writes everything it lacks (SQLTrackerStore stores the events the database does not have yet).
Nothing reaches the fail-safe fallback, so nothing is lost. The journal holds patient data: var/ is private
to the server (mode 700).

endpoints.yml: `tracker_store: {type: bot.tracker_store.JournalingSQLTrackerStore, dialect: ..., db: ...}`;
`journal_dir` (default var/tracker-journal) may be set there too.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

log = logging.getLogger(__name__)
DEFAULT_JOURNAL = Path(__file__).resolve().parent.parent / "var" / "tracker-journal"


class JournalingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, journal_dir: Optional[str] = None, **kwargs: Any) -> None:
        self.journal_dir = Path(journal_dir or os.environ.get("TRACKER_JOURNAL_DIR") or DEFAULT_JOURNAL)
        self.journal_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        super().__init__(*args, **kwargs)

    # -- the journal -------------------------------------------------------------------------------------
    def _path(self, sender_id: str) -> Path:
        # sender ids come from channels: never use them as file names directly
        return self.journal_dir / (hashlib.sha256(sender_id.encode()).hexdigest() + ".json")

    def _write_journal(self, tracker: DialogueStateTracker, synced: bool) -> None:
        path = self._path(tracker.sender_id)
        temporary = path.with_suffix(".tmp")
        record = {"synced": synced, "tracker": self.serialise_tracker(tracker)}
        temporary.write_text(json.dumps(record), encoding="utf-8")
        temporary.replace(path)  # atomic: a crash never leaves half a conversation

    def _read_journal(self, sender_id: str) -> tuple[Optional[DialogueStateTracker], bool]:
        """(tracker, synced) from the journal; (None, True) when there is none."""
        path = self._path(sender_id)
        if not path.exists():
            return None, True
        record = json.loads(path.read_text(encoding="utf-8"))
        return self.deserialise_tracker(sender_id, record["tracker"]), bool(record["synced"])

    def pending(self) -> list[Path]:
        """Journal files not yet written to the database (for monitoring)."""
        return [p for p in sorted(self.journal_dir.glob("*.json"))
                if not json.loads(p.read_text(encoding="utf-8"))["synced"]]

    # -- the tracker store API -----------------------------------------------------------------------------
    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await super().save(tracker)
        except Exception as error:  # noqa: BLE001 - any database failure: keep the conversation on disk
            log.critical("Tracker database unavailable (%s): conversation %s kept in the journal %s; it is "
                         "written to the database when it is back.", error.__class__.__name__,
                         tracker.sender_id, self.journal_dir)
            self._write_journal(tracker, synced=False)
            return
        self._write_journal(tracker, synced=True)

    async def _journal_or_database(self, sender_id: str, full: bool) -> Optional[DialogueStateTracker]:
        journal, synced = self._read_journal(sender_id)
        if journal is not None and not synced:
            return journal  # the database is behind: the journal is the newest state
        try:
            return await (super().retrieve_full_tracker(sender_id) if full else super().retrieve(sender_id))
        except Exception as error:  # noqa: BLE001
            log.critical("Tracker database unavailable (%s) reading %s: answering from the journal.",
                         error.__class__.__name__, sender_id)
            return journal

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        return await self._journal_or_database(sender_id, full=False)

    async def retrieve_full_tracker(self, sender_id: str) -> Optional[DialogueStateTracker]:
        return await self._journal_or_database(sender_id, full=True)
