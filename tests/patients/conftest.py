"""The real assistant the patients talk to (action server + Rasa server), and the end-of-run summary of findings."""

from __future__ import annotations

import pytest

from tests.patients.tally import TALLIES


@pytest.fixture(scope="module")
def assistant(busy_client_assistant):
    """The session's assistant for one busy client (tests/conftest.py): shared with the past-states test."""
    return busy_client_assistant


@pytest.fixture(scope="module")
def clinic_database(assistant):
    from tests.patients.stored import ClinicDatabase

    database = ClinicDatabase(assistant.database_url)
    yield database
    database.dispose()


def pytest_terminal_summary(terminalreporter):
    lines = [line for tally in TALLIES for line in tally.lines()]
    if lines:
        terminalreporter.section("simulated patients and fuzz: findings by class")
        for line in lines:
            terminalreporter.write_line(line)
