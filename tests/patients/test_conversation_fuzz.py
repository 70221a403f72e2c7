"""Seeded random walks through the real running dialogue (fuzz.py), checked against its invariants.

FUZZ_SEED (default below) fixes the walks; FUZZ_WALKS and FUZZ_STEPS change how many and how long. Each walk's
seed is its test id, so one failing walk can be repeated alone: FUZZ_SEED=<seed> FUZZ_WALKS=1.
"""

from __future__ import annotations

import os
import traceback

import pytest

from tests.patients.checks import Finding
from tests.patients.fuzz import action_errors, coverage, walk, walk_findings
from tests.patients.side_by_side import run_all
from tests.patients.simulator import rest_talker
from tests.patients.tally import new_tally

pytestmark = [pytest.mark.slow, pytest.mark.patients]

BASE_SEED = int(os.environ.get("FUZZ_SEED", "1126"))
WALKS = int(os.environ.get("FUZZ_WALKS", "30"))
STEPS = int(os.environ.get("FUZZ_STEPS", "25"))
SEEDS = [BASE_SEED + i for i in range(WALKS)]
TALLY = new_tally(f"fuzz: {WALKS} walks x {STEPS} messages, FUZZ_SEED={BASE_SEED}")


def _selected(request) -> list[int]:
    chosen = {
        item.callspec.params["seed"]
        for item in request.session.items
        if item.module is request.module and hasattr(item, "callspec")
    }
    return [s for s in SEEDS if s in chosen]


@pytest.fixture(scope="module")
def walks(request, assistant, clinic_database):
    talk = rest_talker(assistant)

    def run(seed: int):
        try:
            result = walk(seed, talk, clinic_database.bookings, STEPS)
            slots = assistant.tracker(result.sender).get("slots") or {}
            return result, walk_findings(result, slots, clinic_database.intake(result.sender))
        except Exception:  # noqa: BLE001 - a broken walk is reported, the others still run
            return None, [Finding("harness error", "fuzz", traceback.format_exc(limit=3))]

    print(f"fuzz walks: FUZZ_SEED={BASE_SEED} FUZZ_WALKS={WALKS} FUZZ_STEPS={STEPS}")
    results, seconds = run_all(run, _selected(request), key=str)
    TALLY.seconds += seconds
    TALLY.notes.append(coverage([w for w, _ in results.values() if w is not None]))
    return results


@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed{s}" for s in SEEDS])
def test_random_walk_keeps_the_invariants(seed, walks):
    result, found = walks[str(seed)]
    TALLY.add(f"seed {seed}", found)
    report = "\n".join(
        [f"walk FUZZ_SEED={seed} FUZZ_WALKS=1 ({result.sender if result else '-'}):"]
        + [f"  - {f}" for f in found]
        + ([f"  last messages:\n{result.render(80)}"] if found and result else [])
    )
    print(report)
    assert not found, "\n" + report


def test_no_action_server_errors(walks, assistant):
    errors = action_errors(assistant.settings.log_dir)
    assert errors == [], "\n".join(errors[:20])
