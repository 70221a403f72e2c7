"""The actions run with services installed as the action server would (bot.bootstrap), on an in-memory booking
desk and a clinic database in a temporary SQLite file."""
from __future__ import annotations

import pytest

from bot.store import migrate
from tests.support.action_services import install_services, uninstall_services


@pytest.fixture
def clinic_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate(url)
    install_services(url)
    yield url
    uninstall_services()


@pytest.fixture(autouse=True)
def services_without_a_database(tmp_path):
    """Every action test has services; one that stores something asks for `clinic_db` too."""
    install_services(f"sqlite:///{tmp_path / 'not-migrated.db'}")
    yield
    uninstall_services()
