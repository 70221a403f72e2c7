"""The hand-off queue in Chromium: a receptionist logs in, follows "Hand-offs" (its count in the navigation),
sees the patient's request with the number as tel: and WhatsApp links, looks at it on a 390 px phone, and marks
it done (the database records who). Screenshots: tests/output/staff-handoffs/."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from bot.services import ROOT
from bot.staff.accounts import create_user
from bot.store.handoff_models import AFTER_INTAKE, HANDOFF_DONE, WITHOUT_CONSENT, Handoff
from bot.store.handoffs import request_handoff

from staff_helpers import PASSWORD, make_intake

pytestmark = pytest.mark.slow

STAFF_WEB = ROOT / "staff-web"
CHROMIUM = "/usr/bin/chromium"
OUTPUT = ROOT / "tests" / "output" / "staff-handoffs"


def test_a_receptionist_calls_back_and_marks_the_hand_off_done(staff_server, session_factory, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("one browser run is enough: the API tests cover PostgreSQL")
    if not os.path.exists(CHROMIUM) or not (STAFF_WEB / "node_modules" / "playwright-core").exists():
        pytest.fail("needs /usr/bin/chromium and staff-web/node_modules (`make test` installs both)")
    reception = create_user(session_factory, "reception", PASSWORD, display_name="Reception Desk")
    make_intake(session_factory, "wa-923001234567", first_name="Shazia")
    handoff_id = request_handoff(session_factory, "wa-923001234567", "whatsapp", AFTER_INTAKE, "+923001234567",
                                 "Can I speak to the doctor about my blood test?")
    request_handoff(session_factory, "web-abc123", "web", WITHOUT_CONSENT)  # gave no number

    run = subprocess.run(
        ["node", str(STAFF_WEB / "handoffs_flow.mjs")], cwd=STAFF_WEB, capture_output=True, text=True, timeout=180,
        env={**os.environ, "BASE_URL": staff_server.url, "STAFF_USER": "reception", "STAFF_PASSWORD": PASSWORD,
             "HANDOFF_ID": str(handoff_id), "OUTPUT_DIR": str(OUTPUT)})
    assert run.stdout.strip(), run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert run.returncode == 0 and not result.get("error"), result.get("error") or run.stderr[-3000:]
    assert result["steps"] == ["logged in", "opened the queue", "phone width", "marked done"]
    assert result["nav_count"] == "2" and result["open_rows"] == 2
    assert (result["tel"], result["whatsapp"]) == ("tel:+923001234567", "https://wa.me/923001234567")
    row = result["row_text"]
    assert "WhatsApp" in row and "Asked after the intake" in row and "blood test" in row and "(transcript)" in row
    assert result["mobile_overflow"] <= 1, "the page scrolls sideways at 390 px"
    assert result["mobile_button_visible"]
    assert result["notice"] == f"Hand-off #{handoff_id} marked as done."
    assert result["open_after"] == 1 and "Reception Desk" in result["done_row"]
    assert result["nav_count_after"] == "1"
    assert result["console_errors"] == []
    with session_factory() as session:
        stored = session.get(Handoff, handoff_id)
    assert (stored.status, stored.done_by) == (HANDOFF_DONE, reception.id)
    for name in ("handoffs-01-desktop", "handoffs-02-mobile-390", "handoffs-03-marked-done"):
        assert (OUTPUT / f"{name}.png").stat().st_size > 1000
