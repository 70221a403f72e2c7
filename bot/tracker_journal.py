"""The tracker store's local journal: one append-only file per conversation (JSON Lines), so a conversation
survives while the tracker database is unreachable.

Each line is {"events": [...], "synced": true|false}: the events stored in that turn (as the database stores
them: no words from before consent) and whether the database had them too. The conversation is every line's
events in order; it is waiting for the database while the last line says "synced": false. A turn costs one
appended line, not a rewrite of the whole conversation; a full rewrite (`replace`) happens only when this
process does not know what the file already holds, and after a declined consent.

Files are named by the SHA-256 of the conversation id (ids come from channels: never file names as they are),
in a folder private to the server (0700; files 0600 by the server's umask)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SUFFIX = ".jsonl"


@dataclass(frozen=True)
class JournalRecord:
    events: list[dict[str, Any]]
    synced: bool  # False: the database is behind this journal


class ConversationJournal:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def path(self, sender_id: str) -> Path:
        return self.folder / (hashlib.sha256(sender_id.encode()).hexdigest() + SUFFIX)

    def append(self, sender_id: str, events: list[dict[str, Any]], synced: bool) -> None:
        line = json.dumps({"events": events, "synced": synced}) + "\n"
        # O_APPEND: one write call per line, so a crash leaves at most a torn last line (skipped when read)
        fd = os.open(self.path(sender_id), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)

    def replace(self, sender_id: str, events: list[dict[str, Any]], synced: bool) -> None:
        path = self.path(sender_id)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"events": events, "synced": synced}) + "\n", encoding="utf-8")
        temporary.replace(path)  # atomic: a crash never leaves half a conversation

    def read(self, sender_id: str) -> JournalRecord | None:
        return read_file(self.path(sender_id))

    def rewrite(self, sender_id: str, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> None:
        """Rewrites the whole file with change(events), keeping whether it is synced."""
        record = self.read(sender_id)
        if record is not None:
            self.replace(sender_id, change(record.events), record.synced)

    def pending(self) -> list[Path]:
        """Files whose conversation the database does not have all of yet (for monitoring)."""
        found = []
        for path in sorted(self.folder.glob("*" + SUFFIX)):
            record = read_file(path)
            if record is not None and not record.synced:
                found.append(path)
        return found


def read_file(path: Path) -> JournalRecord | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    events: list[dict[str, Any]] = []
    synced = True
    for number, line in enumerate(lines, 1):
        try:
            entry = json.loads(line)
        except ValueError:
            # only a torn last line is expected (a crash mid-append); its turn is still in memory or the database
            log.warning("Journal %s: line %d of %d unreadable, skipped", path.name, number, len(lines))
            continue
        events.extend(entry["events"])
        synced = bool(entry["synced"])
    return JournalRecord(events, synced)


def latest_session(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events of the latest conversation session, chosen as Rasa's SQLTrackerStore chooses them: every
    event with a timestamp at or after the latest `session_started` (so the `action_session_start` logged
    just before it, with a later timestamp, belongs to the new session)."""
    starts = [event.get("timestamp", 0.0) for event in events if event.get("event") == "session_started"]
    if not starts:
        return events
    start = max(starts)
    return [event for event in events if event.get("timestamp", 0.0) >= start]
