"""One real assistant (action server + Rasa server) shared by the end-to-end tests of a session."""
from __future__ import annotations

import pytest

from tests.support.assistant import RunningAssistant


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    with RunningAssistant(tmp_path_factory.mktemp("assistant")).serving() as running:
        yield running
