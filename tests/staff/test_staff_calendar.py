"""The calendar over HTTP against the real staff app: the API's list and changes with their refusals, the page
and its forms (CSRF)."""
from __future__ import annotations

import datetime as dt

from staff_helpers import make_intake

from bot.booking.schedule import default_schedule
from bot.booking.service import book
from bot.staff.access_log import describe
from bot.store.models import utcnow


def _next_open(days=2):
    schedule = default_schedule()
    day = schedule.local(utcnow()).date() + dt.timedelta(days=days)
    while not schedule.slot_starts(day):
        day += dt.timedelta(days=1)
    return schedule.slot_starts(day)


def test_api_lists_and_changes_with_refusals(bob, anonymous, session_factory):
    starts = _next_open()
    a = book(session_factory, "web-cal-a", starts[0], "derm-a", "Sara", "+923001234567", None, None, True)
    b = book(session_factory, "web-cal-b", starts[1], "derm-a", "Ali", "+923001112223", None, None, False)
    day = starts[0].date().isoformat()
    listed = bob.api("GET", f"/staff/api/appointments?from={day}&to={day}")
    assert listed.status_code == 200
    items = {i["reference"]: i for i in listed.json()["items"]}
    assert items[a.reference]["start"].endswith("+05:00") and items[a.reference]["red_flag"] is True
    assert items[a.reference]["patient_first_name"] == "Sara" and items[a.reference]["status"] == "booked"
    assert anonymous.api("GET", f"/staff/api/appointments?from={day}&to={day}").status_code == 401
    for query in ("from=2027-13-01&to=2027-01-02", "from=2027-01-05&to=2027-01-01", "from=2027-01-01&to=2027-03-01", ""):
        answer = bob.api("GET", f"/staff/api/appointments?{query}")
        assert answer.status_code == 400 and "error" in answer.json(), query
    assert bob.api("POST", "/staff/api/appointments/ZZZZZZ/cancel").status_code == 404
    assert bob.api("POST", f"/staff/api/appointments/{a.reference}/cancel", csrf="wrong").status_code == 403
    taken = bob.api("POST", f"/staff/api/appointments/{b.reference}/move",
                    {"start": starts[0].isoformat(), "practitioner_id": "derm-a"})
    assert taken.status_code == 409
    assert bob.api("POST", f"/staff/api/appointments/{b.reference}/move", {"start": "soon"}).status_code == 400
    moved = bob.api("POST", f"/staff/api/appointments/{b.reference}/move",
                    {"start": starts[0].isoformat(), "practitioner_id": "derm-b"})
    assert moved.status_code == 200 and moved.json()["patient_told"] == "call"
    cancelled = bob.api("POST", f"/staff/api/appointments/{a.reference}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert bob.api("POST", f"/staff/api/appointments/{a.reference}/cancel").status_code == 409
    assert bob.api("POST", f"/staff/api/appointments/{b.reference}/attended").status_code == 409  # not yet


def test_page_and_forms(bob, session_factory):
    starts = _next_open()
    a = book(session_factory, "web-cal-p", starts[0], "derm-a", "Sara", "+923001234567", None, None, False)
    day = starts[0].date().isoformat()
    page = bob.get(f"/staff/calendar?day={day}")
    assert page.status_code == 200 and a.reference in page.text and "Sara" in page.text
    assert bob.get("/staff/calendar?day=nonsense").status_code == 400
    assert bob.get(f"/staff/calendar?week={day}").status_code == 200
    assert bob.get(f"/staff/calendar/appointments/{a.reference}/cancel").status_code == 200
    assert bob.post(f"/staff/calendar/appointments/{a.reference}/cancel", {"confirm": "yes"}, csrf="x" * 43).status_code == 403
    done = bob.post(f"/staff/calendar/appointments/{a.reference}/cancel", {"confirm": "yes"})
    assert done.status_code == 303 and "told=call" in done.headers["Location"]
    shown = bob.get(done.headers["Location"].split("#")[0])
    assert 'href="tel:+923001234567"' in shown.text and "Cancelled" in shown.text


def test_visit_marks_are_words_and_list_filters(bob, session_factory):
    came = make_intake(session_factory, "web-cal-came", first_name="Nadia",
                       booking={"reference": "CAM234", "phone": "+923001234567", "start": utcnow() - dt.timedelta(hours=1)})
    make_intake(session_factory, "web-cal-away", first_name="Omar",
                booking={"reference": "AWY234", "phone": "+923001112223", "start": utcnow() - dt.timedelta(hours=2)})
    assert bob.api("POST", "/staff/api/appointments/CAM234/attended").json()["status"] == "attended"
    assert bob.post("/staff/calendar/appointments/AWY234/no-show").status_code == 303
    assert bob.get("/staff/intakes", params={"booking": "attended"}).text.count("Nadia") >= 1
    for status, shown, hidden in (("attended", "Nadia", "Omar"), ("no_show", "Omar", "Nadia")):
        listed = bob.get("/staff/intakes", params={"booking": status})
        assert listed.status_code == 200 and shown in listed.text and hidden not in listed.text, status
    page = bob.get(f"/staff/intakes/{came}")
    assert "Attended" in page.text and ">attended<" not in page.text
    listing = bob.get("/staff/intakes").text
    assert "Did not come" in listing and "no_show" not in listing.replace('value="no_show"', "")


def test_access_log_words_for_appointments():
    assert describe('{"via": "html", "appointment": "CAM234", "patient_told": "call"}') == (
        "html · appointment CAM234 · patient to be called")
    assert describe('{"appointment": "CAM234", "patient_told": "whatsapp_template"}') == (
        "appointment CAM234 · patient told on WhatsApp (template)")
