from __future__ import annotations

import pytest

from tests.support.action_services import install_services, uninstall_services


@pytest.fixture(autouse=True)
def action_services(tmp_path):
    """The validation action runs with services installed, as in the action server (nothing is stored here)."""
    install_services(f"sqlite:///{tmp_path / 'not-migrated.db'}")
    yield
    uninstall_services()
