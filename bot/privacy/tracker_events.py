"""The conversations in the tracker store's `events` table (Rasa's SQL tracker store).

Rasa owns this table: rows are read and deleted here, its schema is never changed. A SQLite tracker file that
does not exist yet holds no conversations and is not created."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url

from .secure_sqlite import checkpoint, secure_delete_on

_LAST_EVENTS = text("SELECT sender_id, MAX(timestamp) FROM events GROUP BY sender_id")
_COUNT = text("SELECT COUNT(*) FROM events WHERE sender_id = :sender_id")
_DELETE = text("DELETE FROM events WHERE sender_id = :sender_id")


def _utc(timestamp) -> dt.datetime:
    return dt.datetime.fromtimestamp(float(timestamp or 0), dt.timezone.utc)


class TrackerEvents:
    """Use as a context manager: the engine is closed at the end."""

    def __init__(self, url: str):
        self.url = url
        self._engine: Engine | None = None
        self._checked = False

    def __enter__(self) -> TrackerEvents:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def _table(self) -> Engine | None:
        """The engine, or None when there is no events table (nothing stored yet)."""
        if self._checked:
            return self._engine
        u = make_url(self.url)
        sqlite = u.get_backend_name() == "sqlite"
        if sqlite and (not u.database or u.database == ":memory:" or not Path(u.database).exists()):
            self._checked = True
            return None
        # not bot.store.db.make_engine: that switches SQLite files to WAL, and this file is Rasa's
        connect_args = {"sqlite": {"timeout": 30}, "postgresql": {"connect_timeout": 5}}.get(u.get_backend_name(), {})
        engine = create_engine(self.url, future=True, connect_args=connect_args)
        if not inspect(engine).has_table("events"):
            engine.dispose()
            engine = None
        self._engine, self._checked = engine, True
        return engine

    def last_event_times(self) -> dict[str, dt.datetime]:
        """Every conversation id -> the time of its last event."""
        engine = self._table()
        if engine is None:
            return {}
        with engine.connect() as conn:
            return {sender_id: _utc(last) for sender_id, last in conn.execute(_LAST_EVENTS)}

    def count(self, sender_id: str) -> int:
        engine = self._table()
        if engine is None:
            return 0
        with engine.connect() as conn:
            return int(conn.execute(_COUNT, {"sender_id": sender_id}).scalar_one())

    def delete(self, sender_ids: list[str]) -> int:
        """Deletes these conversations' events (zeroed on SQLite); returns how many rows."""
        engine = self._table()
        if engine is None or not sender_ids:
            return 0
        deleted = 0
        with engine.begin() as conn:
            secure_delete_on(conn)
            for sender_id in sender_ids:
                deleted += conn.execute(_DELETE, {"sender_id": sender_id}).rowcount
        checkpoint(engine)
        return deleted
