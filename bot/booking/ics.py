"""A calendar file (.ics) for a booking, so the patient can add the visit to their phone's calendar."""

from __future__ import annotations

from icalendar import Calendar, Event

from bot.store.models import Booking, utcnow

from .confirmation import confirmation
from .schedule import Schedule, default_schedule


def booking_ics(booking: Booking, schedule: Schedule | None = None, for_child: bool = False) -> bytes:
    """One VEVENT in clinic time (with its VTIMEZONE). The UID stays the same across reschedules and
    SEQUENCE counts them, so calendar apps update the event instead of adding a second one."""
    schedule = schedule or default_schedule()
    info = confirmation(booking, schedule, for_child)
    cal = Calendar()
    cal.add("prodid", f"-//{schedule.clinic.name}//Hair-loss intake assistant//EN")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if info.cancelled else "PUBLISH")

    event = Event()
    event.add("uid", f"booking-{booking.reference}@{schedule.clinic.calendar_domain}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", schedule.local(booking.start_at))
    event.add("dtend", schedule.local(booking.end_at))
    event.add("summary", f"Hair consultation at {schedule.clinic.name}")
    event.add("location", info.place)  # the name once, then the address
    event.add("url", info.map_link)
    lines = [
        f"Booking reference: {info.reference}",
        f"With: {info.practitioner}",
        f"Map: {info.map_link}",
        f"Clinic phone: {info.clinic_phone}",
    ]
    if info.what_to_bring:
        lines += ["Please bring:"] + [f"- {item}" for item in info.what_to_bring]
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if info.cancelled else "CONFIRMED")
    event.add("sequence", booking.reschedules or 0)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
