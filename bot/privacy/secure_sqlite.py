"""Deleting from SQLite so the text is really gone from the files.

SQLite normally leaves deleted rows in free pages and in the write-ahead log until they happen to be reused.
With `secure_delete` on, the connection zeroes what it deletes; a TRUNCATE checkpoint then copies the WAL into
the database and empties it. PostgreSQL needs neither (nothing here runs there)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def _is_sqlite(bind) -> bool:
    return bind.dialect.name == "sqlite"


def secure_delete_on(connection: Connection) -> None:
    if _is_sqlite(connection):
        connection.exec_driver_sql("PRAGMA secure_delete=ON")


def secure_sessions(factory: Callable[[], Session]) -> Callable[[], Session]:
    """A session factory whose sessions zero what they delete or overwrite on SQLite (also when the session
    is handed to code that opens its own transactions, such as the booking service)."""

    def _on_begin(_session, _transaction, connection):
        secure_delete_on(connection)

    def make() -> Session:
        session = factory()
        event.listen(session, "after_begin", _on_begin)
        return session

    return make


def checkpoint(engine: Engine) -> None:
    """Moves the WAL into the database file and truncates it, so deleted text is not left in the WAL.
    Another process reading at this moment can keep part of it there until the next checkpoint."""
    if not _is_sqlite(engine):
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        busy, _frames, _done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cursor.close()
    finally:
        raw.close()
    if busy:
        log.warning("SQLite checkpoint of %s was blocked by a reader; the next purge completes it", engine.url.database)
