"""Simulated patients, written from real patient language (profiles/*.yml), talk to the real bot over REST.

Each must reach its outcome (a booking, the "not now" it chose, or answers to its questions without consent),
have no question asked more than twice, get a reply to every message, and leave a stored intake summary equal
to the profile's `expect`, with nothing invented. The conversations run side by side when the module starts
(one assistant for the module); each test then checks one profile and, when it fails, prints what failed and
the last messages exchanged. The end of the run prints the findings counted by class (conftest.py).
"""

from __future__ import annotations

import traceback

import pytest

from tests.patients.checks import Finding, findings, report
from tests.patients.profiles import Profile, all_profiles
from tests.patients.side_by_side import run_all
from tests.patients.simulator import SimulatedPatient, Transcript, rest_talker
from tests.patients.stored import Stored, read_stored
from tests.patients.tally import new_tally

pytestmark = [pytest.mark.slow, pytest.mark.patients]

PROFILES = all_profiles()
TALLY = new_tally("simulated patients")


def _selected(request) -> list[Profile]:
    """The profiles this run will test (all, or those chosen with -k), so only their conversations are held."""
    chosen = {
        item.callspec.params["profile"].id
        for item in request.session.items
        if item.module is request.module and hasattr(item, "callspec")
    }
    return [p for p in PROFILES if p.id in chosen]


@pytest.fixture(scope="module")
def conversations(request, assistant, clinic_database):
    talk = rest_talker(assistant)

    def converse(profile: Profile) -> tuple[Transcript, Stored | None, str]:
        patient = SimulatedPatient(profile, talk)
        try:
            transcript = patient.converse()
            return transcript, read_stored(assistant, clinic_database, transcript.sender), ""
        except Exception:  # noqa: BLE001 - one broken conversation must not hide the others' results
            return patient.transcript, None, traceback.format_exc(limit=3)

    results, seconds = run_all(converse, _selected(request), key=lambda p: p.id)
    TALLY.seconds += seconds
    return results


@pytest.mark.parametrize("profile", PROFILES, ids=[p.id for p in PROFILES])
def test_simulated_patient(profile: Profile, conversations):
    transcript, stored, error = conversations[profile.id]
    found = [Finding("harness error", "simulator", error)] if error else findings(profile, transcript, stored)
    TALLY.add(profile.id, found)
    summary = report(profile, transcript, found)
    print(summary)
    assert not found, "\n" + summary
