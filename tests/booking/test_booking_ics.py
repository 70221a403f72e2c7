import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.booking import booking_ics, confirmation
from bot.store.models import Booking

PKT = ZoneInfo("Asia/Karachi")


def _booking(**kw):
    values = dict(
        reference="AB3K7Q", conversation_id="c", practitioner_id="derm-b",
        start_at=dt.datetime(2026, 12, 8, 11, 30, tzinfo=dt.timezone.utc),
        end_at=dt.datetime(2026, 12, 8, 12, 0, tzinfo=dt.timezone.utc),
        status="booked", first_name="Sara", phone="+923001234567", doctor_review_first=False, reschedules=0,
    )
    values.update(kw)
    return Booking(**values)


def test_ics_has_the_event_in_clinic_time():
    raw = booking_ics(_booking())
    assert raw.startswith(b"BEGIN:VCALENDAR")
    cal = Calendar.from_ical(raw)
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "booking-AB3K7Q@skn-clinic.pk"
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 8, 16, 30, tzinfo=PKT)
    assert event.decoded("DTEND") == dt.datetime(2026, 12, 8, 17, 0, tzinfo=PKT)
    assert event["DTSTART"].params["TZID"] == "Asia/Karachi"
    assert "SKN Cosmetic Clinic" in str(event["SUMMARY"]) and "Islamabad" in str(event["LOCATION"])
    assert "AB3K7Q" in str(event["DESCRIPTION"]) and str(event["STATUS"]) == "CONFIRMED"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Karachi"]
    assert b"DTSTART;TZID=Asia/Karachi:20261208T163000" in raw


def test_rescheduled_and_cancelled_bookings_update_the_same_event():
    moved = Calendar.from_ical(booking_ics(_booking(reschedules=2)))
    assert moved.walk("VEVENT")[0]["SEQUENCE"] == 2
    cancelled = Calendar.from_ical(booking_ics(_booking(status="cancelled")))
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert str(cancelled.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_confirmation_text_data():
    c = confirmation(_booking())
    assert (c.reference, c.date, c.time) == ("AB3K7Q", "Tuesday 8 December 2026", "4:30 pm")
    assert c.practitioner == "Dr. Placeholder B (Consultant Dermatologist)" and c.phone == "+92 300 1234567"
    assert c.what_to_bring and c.doctor_review_first is None and c.cancelled is False
    assert c.as_dict()["time"] == "4:30 pm"
