import datetime as dt
import socket

import pytest

from bot.booking import book, find_free_slots
from bot.intake.summary import build_summary
from bot.intake.records import save_summary
from bot.private_files import ROOT as REPO_ROOT
from bot.settings import Settings
from bot.store import StorageUnavailable, make_engine, migrate, session_factory


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # free once the socket closes: nothing listens there


@pytest.fixture
def dead_url():
    return f"postgresql://postgres@127.0.0.1:{_closed_port()}/clinic"


def test_migrate_raises_storage_unavailable(dead_url):
    with pytest.raises(StorageUnavailable):
        migrate(dead_url)


def test_save_summary_raises_storage_unavailable(dead_url):
    summary = build_summary("c1", "rest", {}, None, False, True, 0, None)
    factory = session_factory(make_engine(dead_url))
    with pytest.raises(StorageUnavailable):
        save_summary(factory, summary)


def test_booking_calls_raise_storage_unavailable(dead_url):
    factory = session_factory(make_engine(dead_url))
    now = dt.datetime(2026, 12, 7, 8, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    with pytest.raises(StorageUnavailable):
        with factory() as s:
            find_free_slots(s, now, now=now)
    with pytest.raises(StorageUnavailable):
        book(factory, "c1", now + dt.timedelta(hours=3), None, "Sara", "03001234567", None, None, False, now=now)


def engine_from_env(env):
    return make_engine(Settings.from_env(env).database_url)


def test_engine_from_env_defaults_to_sqlite_under_var():
    assert Settings.from_env({}).database_url == f"sqlite:///{REPO_ROOT / 'var' / 'clinic.db'}"
    engine = engine_from_env({"DATABASE_URL": "postgresql://postgres@127.0.0.1/x"})
    assert engine.dialect.name == "postgresql"
    engine.dispose()


def test_engine_creates_the_sqlite_folder(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'dir' / 'clinic.db'}"
    engine = engine_from_env({"DATABASE_URL": url})
    assert (tmp_path / "new" / "dir").is_dir()
    engine.dispose()
