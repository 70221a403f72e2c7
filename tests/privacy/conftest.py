"""Fixtures for retention and erasure: a clinic database (SQLite and PostgreSQL, from tests/conftest.py), a
tracker store of the same kind written by the real JournalingSQLTrackerStore, and a journal and photo folder."""
from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.booking.schedule import default_schedule
from bot.intake.summary import build_summary
from bot.privacy.erasure import ErasureTargets
from bot.intake.records import save_summary
from bot.store.models import BOOKED, Booking
from tests.conftest import create_pg_database, drop_pg_database

UTC = dt.timezone.utc
# Words no other text contains, so finding one in a file means patient data was left there.
SECRET = "Zorblaxian-Quetiapril"


@pytest.fixture
def tracker_url(db_url, tmp_path):
    """An empty tracker database of the same kind as the clinic database."""
    if make_url(db_url).get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
        return
    url = create_pg_database()
    yield url
    drop_pg_database(url)


@pytest.fixture
def targets(session_factory, tracker_url, tmp_path) -> ErasureTargets:
    return ErasureTargets(session_factory, tracker_url, tmp_path / "journal", tmp_path / "photos")


class Conversations:
    """Writes conversations through the real tracker store (database rows + journal file)."""

    def __init__(self, targets: ErasureTargets):
        self.targets = targets
        self._store = None

    @property
    def store(self):
        if self._store is None:
            from rasa.shared.core.domain import Domain

            from bot.tracker_store import JournalingSQLTrackerStore

            u = make_url(self.targets.tracker_db_url)
            self._store = JournalingSQLTrackerStore(
                domain=Domain.empty(), dialect=u.get_backend_name(), host=u.host, port=u.port, db=u.database,
                username=u.username, password=u.password, journal_dir=str(self.targets.journal_dir))
        return self._store

    def save(self, sender_id: str, at: dt.datetime, texts: tuple[str, ...] = ("hello",)) -> None:
        """A consented conversation whose messages (and so its last event) are at `at`."""
        from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
        from rasa.shared.core.trackers import DialogueStateTracker

        ts = at.timestamp()
        events = [ActionExecuted("action_listen", timestamp=ts), SlotSet("consent", True, timestamp=ts)]
        for text in texts:
            events += [UserUttered(text, {"name": "inform", "confidence": 0.9}, timestamp=ts),
                       BotUttered("Thank you.", timestamp=ts), ActionExecuted("action_listen", timestamp=ts)]
        tracker = DialogueStateTracker.from_events(sender_id, events)
        asyncio.run(self.store.save(tracker))

    def close(self) -> None:
        if self._store is not None:
            self._store.engine.dispose()


@pytest.fixture
def conversations(targets):
    helper = Conversations(targets)
    yield helper
    helper.close()


def store_intake(sessions, conversation_id: str, description: str = "my hair is thinning") -> int:
    summary = build_summary(
        conversation_id, "rest", {"first_name": "Sara", "age": 34, "description": description}, None, False, True,
        dt.datetime(2026, 12, 7, 4, tzinfo=UTC), dt.datetime(2026, 12, 7, 4, 10, tzinfo=UTC))
    return save_summary(sessions, summary)


def add_booking(sessions, conversation_id: str, start: dt.datetime, first_name: str = "Sara",
                phone: str = "+923001234567", intake_id: int | None = None, status: str = BOOKED) -> Booking:
    """A booking row as the booking service writes it (the slot checks are the booking tests' business)."""
    practitioner = default_schedule().practitioners[0].id
    with sessions() as session, session.begin():
        booking = Booking(reference=uuid.uuid4().hex[:8].upper(), conversation_id=conversation_id,
                          intake_id=intake_id, practitioner_id=practitioner, start_at=start,
                          end_at=start + dt.timedelta(minutes=30), status=status, first_name=first_name,
                          phone=phone)
        session.add(booking)
    return booking


def files_containing(folder: Path, needle: str) -> list[str]:
    """Files under `folder` whose raw bytes contain `needle` (as written, or JSON-escaped in a journal)."""
    raw = needle.encode()
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*")
                  if p.is_file() and raw in p.read_bytes())
