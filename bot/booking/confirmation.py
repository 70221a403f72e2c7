"""What the confirmation message says: reference, date and time in clinic time, who, where (the clinic's name once,
with its address and map link), the clinic's number, and what to bring (the clinic's facts, bot/clinic/facts.yml)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from bot.store.models import Booking

from .phones import display_phone
from .schedule import Schedule, default_schedule


@dataclass(frozen=True)
class Confirmation:
    reference: str
    date: str  # "Monday 7 December 2026"
    time: str  # "4:30 pm"
    practitioner: str  # name and title
    clinic: str
    address: str  # street and city, without the clinic's name
    place: str  # the clinic's name with its address, each once
    map_link: str
    clinic_phone: str
    phone: str  # the patient's
    arrive_minutes_early: int
    what_to_bring: list[str]
    doctor_review_first: str | None  # the sentence to add for red-flag intakes, else None
    cancelled: bool

    def as_dict(self) -> dict:
        """For response templates / slots: plain JSON-able values."""
        return asdict(self)


def confirmation(booking: Booking, schedule: Schedule | None = None, for_child: bool = False) -> Confirmation:
    """`for_child`: a parent or guardian booked for a child; what to bring is the adult's (no CNIC for a child)."""
    schedule = schedule or default_schedule()
    start = schedule.local(booking.start_at)
    cfg = schedule.confirmation
    facts = schedule.facts
    return Confirmation(
        reference=booking.reference,
        date=f"{start:%A} {start.day} {start:%B %Y}",
        time=f"{start.hour % 12 or 12}:{start:%M} {'am' if start.hour < 12 else 'pm'}",
        practitioner=schedule.practitioner(booking.practitioner_id).label,
        clinic=facts.name,
        address=facts.address,
        place=facts.place,
        map_link=facts.map_link,
        clinic_phone=facts.phone_display,
        phone=display_phone(booking.phone),
        arrive_minutes_early=int(cfg.get("arrive_minutes_early", 0)),
        what_to_bring=list(facts.what_to_bring_child if for_child else facts.what_to_bring),
        doctor_review_first=cfg.get("doctor_review_first") if booking.doctor_review_first else None,
        cancelled=booking.status != "booked",
    )
