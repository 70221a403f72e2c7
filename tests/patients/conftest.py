"""A real assistant per test module (action server + Rasa server), and the end-of-run summary of findings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.patients.tally import TALLIES

ROOT = Path(__file__).resolve().parents[2]


def credentials_for_one_busy_client(directory: Path) -> str:
    """credentials.yml with the per-address message limit lifted.

    Every simulated patient talks from 127.0.0.1, so the limit that protects the server from one flooding client
    would stop the harness; the per-sender limits, which a patient could meet, stay as configured."""
    raw = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8")) or {}
    for settings in raw.values():
        if isinstance(settings, dict) and "messages_per_address" in settings:
            settings["messages_per_address"] = 1_000_000
    path = directory / "credentials.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from tests.support.assistant import RunningAssistant

    workdir = tmp_path_factory.mktemp("patients")
    running = RunningAssistant(workdir, credentials=credentials_for_one_busy_client(workdir))
    with running.serving():
        yield running


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
