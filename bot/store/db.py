"""Engines and sessions for SQLite and PostgreSQL (the URL comes from bot.settings), and the one error callers
need to know."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

SessionFactory = Callable[[], Session]
F = TypeVar("F", bound=Callable)


class StorageUnavailable(RuntimeError):
    """The database cannot be reached or is too busy. The caller should keep its data and retry later."""


def storage_errors(fn: F) -> F:
    """Turn "cannot reach / use the database" errors into StorageUnavailable; let logic errors through."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (OperationalError, InterfaceError) as e:
            raise StorageUnavailable(f"database unavailable: {e.orig or e}") from e
        except DBAPIError as e:
            if e.connection_invalidated:
                raise StorageUnavailable(f"database connection lost: {e.orig or e}") from e
            raise

    return wrapper  # type: ignore[return-value]


def make_engine(url: str, **kwargs) -> Engine:
    """A 2.0-style engine. On SQLite: a 30 s busy timeout, WAL, and BEGIN IMMEDIATE for write_session()."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"timeout": 30, "check_same_thread": False, **kwargs.pop("connect_args", {})}
        engine = create_engine(url, future=True, connect_args=connect_args, **kwargs)
        _sqlite_transactions(engine)
        return engine
    if u.get_backend_name() == "postgresql":
        connect_args = {"connect_timeout": 5, **kwargs.pop("connect_args", {})}
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(url, future=True, connect_args=connect_args, **kwargs)
    return create_engine(url, future=True, **kwargs)


def _sqlite_transactions(engine: Engine) -> None:
    # pysqlite's own transaction handling is switched off (SQLAlchemy's documented recipe) so we emit BEGIN:
    # a write transaction begins IMMEDIATE, taking the write lock before it reads, so two writers queue
    # (busy timeout) instead of both reading "slot free" and one failing to upgrade its lock. Reads stay
    # DEFERRED and, with WAL, never block the writer.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN " + conn.get_execution_options().get("sqlite_begin", "DEFERRED"))


def session_factory(engine: Engine) -> SessionFactory:
    # expire_on_commit=False: objects returned by the API stay readable after their transaction ends.
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


@contextmanager
def write_session(session_factory: SessionFactory) -> Iterator[Session]:
    """A session in one write transaction: committed at the end, rolled back on an exception.
    On SQLite the write lock is taken at BEGIN (see _sqlite_transactions); elsewhere the option is ignored."""
    with session_factory() as session, session.begin():
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        yield session
