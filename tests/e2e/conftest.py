"""One real assistant (action server + Rasa server) shared by the end-to-end tests of a session."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def assistant(shared_assistant):
    return shared_assistant
