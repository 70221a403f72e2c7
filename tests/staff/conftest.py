"""Staff app fixtures. The database fixtures (db_url, session_factory: SQLite and PostgreSQL) are the
repository's (tests/conftest.py); importing staff_models here adds the staff tables to the tables they empty."""
from __future__ import annotations

import pytest

import bot.store.staff_models  # noqa: F401 - registers the staff tables in bot.store.models.metadata
from bot.staff.accounts import create_user

from staff_helpers import PASSWORD, Client, StaffServer


@pytest.fixture(scope="session")
def tracker_path(tmp_path_factory):
    return tmp_path_factory.mktemp("tracker") / "tracker.db"


@pytest.fixture(scope="session")
def _staff_server(_migrated_db_url, tracker_path, tmp_path_factory):
    # One server per database backend for the whole session; each test starts from emptied tables (db_url).
    # Erasures reach the journal and photo folders: temporary ones, never the repository's var/.
    files = tmp_path_factory.mktemp("patient-files")
    server = StaffServer(_migrated_db_url, f"sqlite:///{tracker_path}",
                         tmp_path_factory.mktemp("staff-log") / "staff.log",
                         extra_env={"TRACKER_JOURNAL_DIR": str(files / "journal"), "PHOTO_DIR": str(files / "photos")})
    yield server
    server.stop()


@pytest.fixture(scope="session")
def patient_files(_staff_server):
    """The journal and photo folders the session's staff server erases from."""
    return {"journal": _staff_server.env["TRACKER_JOURNAL_DIR"], "photos": _staff_server.env["PHOTO_DIR"]}


@pytest.fixture
def staff_server(_staff_server, db_url):
    assert _staff_server.process.poll() is None, _staff_server.log_path.read_text()[-3000:]
    return _staff_server


@pytest.fixture
def users(session_factory):
    """alice (admin) and bob (staff), both with PASSWORD."""
    alice = create_user(session_factory, "alice", PASSWORD, display_name="Alice Admin", is_admin=True)
    bob = create_user(session_factory, "bob", PASSWORD, display_name="Bob Staff")
    return {"alice": alice, "bob": bob}


@pytest.fixture
def alice(staff_server, users):
    client = Client(staff_server.url)
    assert client.login("alice").status_code == 303
    return client


@pytest.fixture
def bob(staff_server, users):
    client = Client(staff_server.url)
    assert client.login("bob").status_code == 303
    return client


@pytest.fixture
def anonymous(staff_server):
    return Client(staff_server.url)
