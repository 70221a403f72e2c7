"""The agreement page and the printable sheet in Chromium: staff record a type and a red-flag verdict through the
intake form, the agreement page shows it (chart, matrix; desktop and 390 px), filters, downloads its CSV, and a
long intake with long staff notes prints on at most two A4 pages. Screenshots: tests/output/staff-agreement/."""
from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from bot.services import ROOT
from bot.staff import review
from bot.store.db import write_session
from bot.store.models import Intake
from bot.store.staff_models import IntakeReview

from staff_helpers import PASSWORD, make_intake

pytestmark = pytest.mark.slow

STAFF_WEB = ROOT / "staff-web"
CHROMIUM = "/usr/bin/chromium"
OUTPUT = ROOT / "tests" / "output" / "staff-agreement"
PKT = ZoneInfo("Asia/Karachi")
LONG = ("The hair started falling out in patches after a fever last winter, then it spread over the crown; "
        "my scalp burns in the evening and there are small bumps that sometimes bleed when I comb. ")


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(11), PKT)


def _seed(session_factory, users):
    bob = users["bob"].id
    plan = [  # bot type, staff type, clinic day
        ("androgenetic_alopecia", "androgenetic_alopecia", dt.date(2026, 8, 12)),
        ("telogen_effluvium", "androgenetic_alopecia", dt.date(2026, 8, 20)),
        ("alopecia_areata", "alopecia_areata", dt.date(2026, 9, 3)),
        ("telogen_effluvium", "telogen_effluvium", dt.date(2026, 9, 18)),
        ("traction_alopecia", "other", dt.date(2026, 10, 2)),
    ]
    for n, (bot, staff, day) in enumerate(plan):
        intake_id = make_intake(session_factory, f"br-{n}", likely=bot)
        review.update_review(session_factory, intake_id, bob, corrected_type=staff)
        with write_session(session_factory) as session:
            session.execute(update(Intake).where(Intake.id == intake_id).values(created_at=_when(day)))
    flagged = make_intake(session_factory, "br-flag", first_name="Hina", likely="unclear", red_flag=True,
                          booking={"reference": "HNA234", "phone": "+923001112223", "practitioner_id": "derm-a"})
    with write_session(session_factory) as session:
        session.execute(update(Intake).where(Intake.id == flagged).values(created_at=_when(dt.date(2026, 10, 9))))
    slots = {"description": (LONG * 12)[:3000], "triggers": ["stress", "illness_fever"]}
    long_one = make_intake(session_factory, "br-long", first_name="Rabia", likely="alopecia_areata", red_flag=True,
                           contraindication=True, handoff=True, slots=slots,
                           booking={"reference": "RBA567", "phone": "+923214445556", "practitioner_id": "derm-b"})
    for i in range(4):
        review.add_note(session_factory, long_one, bob, f"Note {i + 1}: " + ("Called back, discussed the photos "
                        "and the burning; asked her to bring her blood test results and the list of medicines. ") * 6)
    return flagged, long_one


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_agreement_page_and_print_sheet_in_a_browser(staff_server, users, session_factory, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("one browser run is enough: the API tests cover PostgreSQL")
    if not os.path.exists(CHROMIUM) or not (STAFF_WEB / "node_modules" / "playwright-core").exists():
        pytest.fail("needs /usr/bin/chromium and staff-web/node_modules (`make test` installs both)")
    flagged, long_one = _seed(session_factory, users)
    run = subprocess.run(
        ["node", str(STAFF_WEB / "agreement_flow.mjs")], cwd=STAFF_WEB, capture_output=True, text=True, timeout=180,
        env={**os.environ, "BASE_URL": staff_server.url, "STAFF_USER": "bob", "STAFF_PASSWORD": PASSWORD,
             "INTAKE_ID": str(flagged), "PRINT_ID": str(long_one), "OUTPUT_DIR": str(OUTPUT),
             "RANGE_FROM": "2026-09-01", "RANGE_TO": "2026-09-30"})
    assert run.stdout.strip(), run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert run.returncode == 0 and not result.get("error"), result.get("error") or run.stderr[-3000:]
    assert result["steps"] == ["logged in", "reviewed an intake", "agreement page", "phone width",
                               "filtered and downloaded CSV", "printed"]
    # The intake page: phone links and the practitioner by name, then the review the form recorded.
    assert (result["tel"], result["whatsapp"]) == ("tel:+923001112223", "https://wa.me/923001112223")
    assert result["practitioner"] and result["practitioner"] != "derm-a"
    assert result["effective_type"] == "Scarring alopecia" and "Confirmed by staff" in result["verdict"]
    with session_factory() as session:
        stored = session.get(IntakeReview, flagged)
    assert (stored.corrected_type, stored.bot_type, stored.red_flags_verdict) == (
        "scarring_alopecia", "unclear", "confirmed")
    # The report: 6 typed (3 agree), months Aug, Sep, Oct; the flag confirmed; the new cell in the matrix.
    assert result["rate"] == "50%" and result["bars"] == 3 and result["flags_confirmed"] == "1"
    assert result["scarring_cell"] == "1"
    assert result["chart_box"]["width"] > 300 and result["mobile_chart_box"]["width"] <= 390
    assert result["mobile_overflow"] <= 1, "the page scrolls sideways at 390 px"
    assert result["filtered_intakes"] == "2" and result["filtered_bars"] == 1
    rows = list(csv.DictReader(io.StringIO(result["csv"].lstrip("\ufeff"))))
    overall = next(r for r in rows if r["figure"] == "overall")
    assert (overall["count"], overall["agreed"], overall["rate"]) == ("2", "2", "1.0000")
    # The printable sheet: everything, staff notes included, on at most two A4 pages.
    pdf = base64.b64decode(result["pdf_base64"])
    (OUTPUT / "print-sheet.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and 1 <= _pdf_pages(pdf) <= 2, _pdf_pages(pdf)
    assert result["print_notes"] == 4 and result["print_visible_notes"]
    assert result["console_errors"] == []
    for name in ("agreement-01-intake-reviewed", "agreement-02-desktop", "agreement-03-mobile-390",
                 "agreement-04-filtered", "agreement-05-print-sheet"):
        assert (OUTPUT / f"{name}.png").stat().st_size > 1000
