"""Database fixtures: every storage and booking test runs on SQLite (a temporary file) and on PostgreSQL.

PostgreSQL is the real server ($TEST_PG_ADMIN_URL, default postgres@127.0.0.1:5432, trust auth). Each test
session creates a uniquely named database test_clinic_<random> and drops it at the end. If the server cannot
be reached the PostgreSQL tests fail; set SKIP_PG=1 to skip them on a machine without PostgreSQL."""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.store.db import make_engine, session_factory as make_session_factory
from bot.store.migrate import migrate
from bot.store.models import metadata

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
SKIP_PG = os.environ.get("SKIP_PG") == "1"

BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(SKIP_PG, reason="SKIP_PG=1")),
]


def _pg_admin():
    return make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


def create_pg_database() -> str:
    name = f"test_clinic_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as e:  # noqa: BLE001 - any failure here means "no PostgreSQL": say so plainly
        pytest.fail(
            f"PostgreSQL at {PG_ADMIN_URL} is not reachable ({e.__class__.__name__}: {e}). Start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, or set SKIP_PG=1.",
            pytrace=False,
        )
    finally:
        admin.dispose()
    return str(make_url(PG_ADMIN_URL).set(database=name))


def drop_pg_database(url: str) -> None:
    admin = _pg_admin()
    try:
        with admin.connect() as conn:
            # WITH (FORCE): a test that failed mid-way may still hold a connection (PostgreSQL 13+).
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _new_database(backend: str, tmp_dir) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir / f'clinic-{uuid.uuid4().hex[:8]}.db'}"
    return create_pg_database()


def _drop_database(backend: str, url: str) -> None:
    if backend == "postgresql":
        drop_pg_database(url)


@pytest.fixture(params=BACKENDS)
def empty_db_url(request, tmp_path):
    """A new, empty database (no tables) of each kind, removed after the test."""
    url = _new_database(request.param, tmp_path)
    yield url
    _drop_database(request.param, url)


@pytest.fixture(scope="session", params=BACKENDS)
def _migrated_db_url(request, tmp_path_factory):
    # One migrated database per backend per test session: creating one per test would be slow.
    url = _new_database(request.param, tmp_path_factory.mktemp("db"))
    migrate(url)
    yield url
    _drop_database(request.param, url)


@pytest.fixture
def db_url(_migrated_db_url):
    """A migrated database of each kind, with empty tables at the start of the test."""
    engine = make_engine(_migrated_db_url)
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()
    return _migrated_db_url


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine):
    return make_session_factory(engine)


@pytest.fixture
def session(session_factory):
    with session_factory() as session:
        yield session


# -- booking desks: the in-memory one (fast tier) and the database ones (slow tier) -----------------------------
DESKS = [
    "memory",
    pytest.param("sqlite", marks=pytest.mark.slow),
    pytest.param("postgresql", marks=[pytest.mark.slow, pytest.mark.skipif(SKIP_PG, reason="SKIP_PG=1")]),
]


@pytest.fixture(scope="session")
def _desk_databases(tmp_path_factory):
    """One migrated database per backend for the booking-desk tests, made when first needed."""
    made: dict[str, str] = {}

    def url_for(backend: str) -> str:
        if backend not in made:
            made[backend] = _new_database(backend, tmp_path_factory.mktemp("desk"))
            migrate(made[backend])
        return made[backend]

    yield url_for
    for backend, url in made.items():
        _drop_database(backend, url)


@pytest.fixture(params=DESKS)
def desk_backend(request, _desk_databases):
    """"memory", or the URL of a migrated database (sqlite, postgresql) with empty tables."""
    if request.param == "memory":
        return "memory"
    url = _desk_databases(request.param)
    engine = make_engine(url)
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()
    return url


# -- running assistants shared by a session -------------------------------------------------------------------
# Each RunningAssistant start loads the model into a Rasa server and starts an action server (tens of seconds on
# 2 cores); end-to-end modules that need nothing special share one, talking as distinct senders.


@pytest.fixture(scope="session")
def shared_assistant(tmp_path_factory):
    """A real assistant with the default settings (action server + Rasa server, SQLite in a temporary folder)."""
    from tests.support.assistant import RunningAssistant

    with RunningAssistant(tmp_path_factory.mktemp("shared-assistant")).serving() as running:
        yield running


@pytest.fixture(scope="session")
def busy_client_assistant(tmp_path_factory):
    """A real assistant whose per-address limit is lifted: simulated patients all talk from 127.0.0.1."""
    from tests.support.assistant import RunningAssistant, credentials_for_one_busy_client

    workdir = tmp_path_factory.mktemp("busy-client-assistant")
    with RunningAssistant(workdir, credentials=credentials_for_one_busy_client(workdir)).serving() as running:
        yield running
