"""End to end: a patient completes an intake through the REST channel of a real running assistant; a staff
member then logs in with Chromium, filters, opens that intake (transcript from the real tracker store), sets a
review status, adds a note and exports the CSV. Screenshots: tests/output/staff/."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.services import ROOT
from bot.staff.accounts import create_user
from bot.store import make_engine, session_factory
from bot.store.models import Intake
from bot.store.staff_models import StaffNote
from tests.support.assistant import RunningAssistant

from staff_helpers import PASSWORD, StaffServer

pytestmark = pytest.mark.slow

STAFF_WEB = ROOT / "staff-web"
CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = ROOT / "tests" / "output" / "staff"
ANSWERS = {"first name": "Sara", "how old": "34",
           "own words": "My hair is thinning at the crown and the hairline for two years; my father is bald too"}
PREFERRED = ("yes", "i agree", "agree", "gradually", "none", "no")  # in this order: consent first


def drive_intake(assistant: RunningAssistant, sender: str, max_turns: int = 40) -> list:
    """Answer every question like a patient: typed answers where asked to type, else a button."""
    message, said, confirming = "hi", [], False
    for _ in range(max_turns):
        replies = assistant.say(sender, message)
        said.append((message, [r.get("text", "") for r in replies]))
        if confirming:  # the patient has just confirmed the read-back summary
            return said
        last = (replies[-1].get("text") or "").lower() if replies else ""
        confirming = "is this correct" in last
        buttons = [b for r in replies for b in r.get("buttons") or []]
        message = next((v for k, v in ANSWERS.items() if k in last), None)
        if message is None and buttons:
            if "pattern" not in last and "notice it most" in last:
                buttons = [b for b in buttons if "crown" in b["title"].lower()] or buttons
            preferred = [b for prefix in PREFERRED for b in buttons if b["title"].lower().startswith(prefix)]
            message = (preferred or buttons)[0]["payload"]
        message = message or "yes"
    raise AssertionError("the intake did not finish: " + repr([(m, [t[:70] for t in r]) for m, r in said]))


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    with RunningAssistant(tmp_path_factory.mktemp("staff-assistant")).serving() as running:
        yield running


def test_staff_review_in_a_browser(assistant, tmp_path):
    if not CHROMIUM.exists() or not (STAFF_WEB / "node_modules" / "playwright-core").exists():
        pytest.fail("needs /usr/bin/chromium and staff-web/node_modules (`make test` installs both)")
    sender = f"staff-e2e-{uuid.uuid4().hex[:8]}"
    drive_intake(assistant, sender)

    engine = make_engine(assistant.database_url)
    factory = session_factory(engine)
    try:
        with factory() as session:
            intake = session.execute(select(Intake).where(Intake.conversation_id == sender)).scalar_one_or_none()
        assert intake is not None, "the confirmed intake was not saved (bot.intake.records.save_summary at confirmation)"
        assert intake.first_name == "Sara" and intake.channel == "rest"
        create_user(factory, "reception", PASSWORD, display_name="Reception")

        server = StaffServer(assistant.database_url, f"sqlite:///{assistant.settings.tracker_sqlite_path}",
                             tmp_path / "staff.log")
        try:
            shutil.rmtree(OUTPUT, ignore_errors=True)
            run = subprocess.run(
                ["node", str(STAFF_WEB / "browser_flow.mjs")], cwd=STAFF_WEB, capture_output=True, text=True,
                timeout=180, env={**os.environ, "BASE_URL": server.url, "STAFF_USER": "reception",
                                  "STAFF_PASSWORD": PASSWORD, "PATIENT_NAME": "Sara", "OUTPUT_DIR": str(OUTPUT)})
        finally:
            server.stop()
        assert run.stdout.strip(), run.stderr[-3000:]
        result = json.loads(run.stdout.strip().splitlines()[-1])
        assert run.returncode == 0, result.get("error") or run.stderr[-3000:]
        assert result["steps"] == ["logged in", "filtered", "opened intake", "set review status", "added note",
                                   "exported CSV", "logged out"]
        assert result["clicked_buttons"] >= 5 and result["first_intent"]
        assert result["review_status"] == "Reviewed" and result["note_shown"] == 1
        assert "Sara" in result["csv"] and "Reviewed" in result["csv"]
        assert result["console_errors"] == []  # e.g. no CSP violations
        for name in ("01-list", "02-filtered", "03-intake", "04-reviewed", "05-export"):
            assert (OUTPUT / f"{name}.png").stat().st_size > 1000
        with factory() as session:
            intake = session.get(Intake, intake.id)
            note = session.execute(select(StaffNote)).scalar_one()
        assert intake.review_status == "reviewed" and "<b>not bold</b>" in note.body
    finally:
        engine.dispose()
