"""The intake list (filters, search, paging), the intake page, review work, exports and the access log."""
from __future__ import annotations

import csv
import datetime as dt
import io

from sqlalchemy import select, update

from bot.clinic import clinic_facts
from bot.store.db import write_session
from bot.store.models import Intake
from bot.store.staff_models import AccessLogEntry, IntakeReview

from staff_helpers import make_intake

NOW = dt.datetime.now(dt.timezone.utc)


def _seed(session_factory):
    ids = {
        "sara": make_intake(session_factory, "c-sara", first_name="Sara", likely="androgenetic_alopecia",
                            booking={"reference": "ABC234", "phone": "+923001234567"}),
        "hamza": make_intake(session_factory, "c-hamza", first_name="Hamza", channel="twilio",
                             likely="alopecia_areata", red_flag=True,
                             booking={"reference": "XYZ789", "phone": "+923339876543", "status": "cancelled"}),
        "zainab": make_intake(session_factory, "c-zainab", first_name="Zainab", likely="telogen_effluvium",
                              contraindication=True, handoff=True),
        "formula": make_intake(session_factory, "c-formula", first_name="=HYPERLINK(\"http://x\")", likely="unclear",
                               channel="socketio"),
    }
    # Spread them over days, oldest first, so "newest first" is checkable.
    with write_session(session_factory) as session:
        for days, key in enumerate(["formula", "zainab", "hamza", "sara"]):
            session.execute(update(Intake).where(Intake.id == ids[key])
                            .values(created_at=NOW - dt.timedelta(days=10 - days)))
    return ids


def _names(client, **params):
    answer = client.api("GET", "/staff/api/intakes", params=params)
    assert answer.status_code == 200, answer.text
    return [r["first_name"] for r in answer.json()["items"]]


def test_list_filters_and_search(bob, session_factory):
    _seed(session_factory)
    assert _names(bob) == ["Sara", "Hamza", "Zainab", '=HYPERLINK("http://x")']
    assert _names(bob, red_flag="yes") == ["Hamza"]
    assert _names(bob, contraindication="yes") == ["Zainab"]
    assert _names(bob, channel="twilio") == ["Hamza"]
    assert _names(bob, likely_type="telogen_effluvium") == ["Zainab"]
    assert _names(bob, booking="booked") == ["Sara"]
    assert _names(bob, booking="cancelled") == ["Hamza"]
    assert set(_names(bob, booking="none")) == {"Zainab", '=HYPERLINK("http://x")'}
    assert _names(bob, q="ham") == ["Hamza"]
    assert _names(bob, q="xyz-789") == ["Hamza"]  # reference, as a patient reads it out
    assert _names(bob, q="0300 1234567") == ["Sara"]  # local phone format
    assert _names(bob, q="9876543") == ["Hamza"]  # part of a number
    day = (NOW - dt.timedelta(days=8)).astimezone(dt.timezone(dt.timedelta(hours=5))).date().isoformat()
    assert _names(bob, date_from=day, date_to=day) == ["Hamza"]
    assert bob.api("GET", "/staff/api/intakes", params={"red_flag": "maybe"}).status_code == 400
    assert bob.get("/staff/intakes", params={"booking": "soon"}).status_code == 400


def test_list_page_shows_the_columns(bob, session_factory):
    _seed(session_factory)
    page = bob.get("/staff/intakes").text
    for text in ("Sara", "Hamza", "Red flag", "Contraindication", "Hand-off", "Booked", "Cancelled",
                 "No booking", "Androgenetic alopecia", "New"):
        assert text in page
    page = bob.get("/staff/intakes", params={"red_flag": "yes"}).text
    assert "Hamza" in page and "Sara" not in page


def test_paging(bob, session_factory):
    for i in range(55):
        make_intake(session_factory, f"c-page-{i}", first_name=f"P{i:02d}")
    first = bob.api("GET", "/staff/api/intakes", params={"per_page": 50}).json()
    second = bob.api("GET", "/staff/api/intakes", params={"per_page": 50, "page": 2}).json()
    assert first["total"] == 55 and first["pages"] == 2 and len(first["items"]) == 50 and len(second["items"]) == 5
    html = bob.get("/staff/intakes").text
    assert "Page 1 of 2" in html and "page=2" in html


def test_review_status_correction_and_handoff_are_attributed(bob, users, session_factory):
    ids = _seed(session_factory)
    zainab = ids["zainab"]
    answer = bob.post(f"/staff/intakes/{zainab}/review",
                      {"status": "needs_follow_up", "corrected_type": "androgenetic_alopecia",
                       "handoff_done": ["yes", "no"]})
    assert answer.status_code == 303
    with session_factory() as session:
        intake, review = session.get(Intake, zainab), session.get(IntakeReview, zainab)
    assert intake.review_status == "needs_follow_up"
    assert intake.likely_type == "telogen_effluvium"  # the bot's answer stays
    assert review.corrected_type == "androgenetic_alopecia" and review.bot_type == "telogen_effluvium"
    assert review.corrected_by == review.status_by == review.handoff_done_by == users["bob"].id
    detail = bob.api("GET", f"/staff/api/intakes/{zainab}").json()
    assert detail["likely_type"]["bot"] == "telogen_effluvium"
    assert detail["likely_type"]["effective"] == "androgenetic_alopecia"
    assert detail["likely_type"]["corrected_by"] == "Bob Staff"
    assert [e["action"] for e in detail["events"]] == ["status", "type_correction", "handoff_done"]
    assert all(e["by"] == "Bob Staff" for e in detail["events"])
    page = bob.get(f"/staff/intakes/{zainab}").text
    assert "The bot said: Telogen effluvium" in page and "Needs follow-up" in page
    # The effective type drives the filter; back to the bot's answer undoes it.
    assert _names(bob, likely_type="androgenetic_alopecia") == ["Sara", "Zainab"]
    assert bob.api("POST", f"/staff/api/intakes/{zainab}/review", {"clear_correction": True}).json()["changed"] == [
        "type_correction"]
    assert _names(bob, likely_type="androgenetic_alopecia") == ["Sara"]
    assert _names(bob, review="needs_follow_up") == ["Zainab"]
    assert bob.api("POST", f"/staff/api/intakes/{zainab}/review", {"status": "done"}).status_code == 400
    assert bob.api("POST", "/staff/api/intakes/999999/review", {"status": "reviewed"}).status_code == 404


def test_intake_page_shows_the_sheet_and_booking(bob, session_factory):
    ids = _seed(session_factory)
    page = bob.get(f"/staff/intakes/{ids['hamza']}").text
    for text in ("Alopecia areata", "Evidence for", "Distribution of the hair loss", "Evidence against",
                 "Duration over 6 months", "Pain/burning with pustules", "XYZ789", "Cancelled",
                 "Thinning at the parting", "Where do you notice it most?", "Widening part / all over"):
        assert text in page, text
    assert bob.get("/staff/intakes/999999").status_code == 404


def test_csv_export_applies_filters_and_defuses_formulas(bob, session_factory):
    _seed(session_factory)
    answer = bob.get("/staff/api/intakes.csv", params={"booking": "none"})
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [r["first_name"] for r in rows] == ["Zainab", "'=HYPERLINK(\"http://x\")"]
    assert all(not r[k].startswith(("=", "+", "-", "@")) for r in rows for k in r)


def test_fhir_export(bob, session_factory):
    ids = _seed(session_factory)
    answer = bob.get(f"/staff/api/intakes/{ids['sara']}/fhir")
    assert answer.status_code == 200
    bundle = answer.json()  # a Bundle since issue 14: its answers are the QuestionnaireResponse entry
    assert bundle["resourceType"] == "Bundle"
    resource = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse")
    assert resource["identifier"]["value"] == "c-sara"
    assert {"linkId": "age", "answer": [{"valueInteger": 34}]} in resource["item"]


def test_print_page(bob, session_factory):
    ids = _seed(session_factory)
    answer = bob.get(f"/staff/intakes/{ids['sara']}/print")
    assert answer.status_code == 200 and "printed for the dermatologist" in answer.text
    facts = clinic_facts()  # the header names the clinic from its facts file, with its number
    assert f"{facts.place} · {facts.phone_display}" in answer.text
    css = bob.get("/staff/static/staff.css").text
    assert "@media print" in css


def test_access_log_records_who_opened_what(alice, bob, users, session_factory):
    ids = _seed(session_factory)
    bob.get(f"/staff/intakes/{ids['sara']}")
    bob.api("GET", f"/staff/api/intakes/{ids['sara']}")
    bob.get(f"/staff/api/intakes/{ids['sara']}/fhir")
    bob.get("/staff/api/intakes.csv", params={"red_flag": "yes"})
    with session_factory() as session:
        entries = [(e.user_id, e.intake_id, e.action) for e in
                   session.execute(select(AccessLogEntry).order_by(AccessLogEntry.id)).scalars()]
    bob_id = users["bob"].id
    assert entries == [(bob_id, ids["sara"], "view"), (bob_id, ids["sara"], "api_view"),
                       (bob_id, ids["sara"], "fhir"), (bob_id, None, "export_csv")]
    page = alice.get(f"/staff/intakes/{ids['sara']}").text
    assert "Bob Staff (view)" in page
    log = alice.api("GET", f"/staff/api/intakes/{ids['sara']}/access-log").json()["items"]
    assert [e["by"] for e in log][:2] == ["Alice Admin", "Bob Staff"]  # newest first
    assert "export_csv" in alice.get("/staff/access-log").text
