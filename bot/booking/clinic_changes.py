"""What clinic staff change in the diary: cancel or move an appointment, mark it attended or a no-show.

Cancelling and moving go through the booking service (service.py) with the booking's own phone number, so the
database's double-booking rules hold for staff exactly as for patients. Attended / no-show only for an
appointment on or before today (clinic time); a mark may be corrected to the other one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.db import SessionFactory, storage_errors, write_session
from bot.store.models import ATTENDED, BOOKED, NO_SHOW, Booking, utcnow

from .errors import BookingError
from .free_times import FreeSlot, free_between
from .reference import normalize_reference
from .schedule import Schedule, default_schedule
from .service import cancel, reschedule
from .slots import taken_in

VISIT_MARKS = (ATTENDED, NO_SHOW)


class UnknownBooking(BookingError):
    """No appointment with that reference."""


class NotAllowed(BookingError):
    """The change does not apply to the appointment as it is now (cancelled, already marked, in the future)."""


def find(session: Session, reference: str) -> Booking | None:
    return session.execute(
        select(Booking).where(Booking.reference == normalize_reference(reference)[:12])
    ).scalar_one_or_none()


def _booked(sessions: SessionFactory, reference: str) -> Booking:
    with sessions() as session:
        booking = find(session, reference)
    if booking is None:
        raise UnknownBooking(reference)
    if booking.status != BOOKED:
        raise NotAllowed(f"this appointment is {booking.status.replace('_', ' ')}, not booked")
    return booking


@storage_errors
def cancel_by_clinic(sessions: SessionFactory, reference: str) -> Booking:
    """Cancel a booked appointment, freeing its slot. Raises UnknownBooking, NotAllowed."""
    booking = _booked(sessions, reference)
    return cancel(sessions, booking.reference, booking.phone)


@storage_errors
def move_by_clinic(
    sessions: SessionFactory,
    reference: str,
    start: dt.datetime,
    practitioner_id: str,
    *,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Move a booked appointment to the free slot at `start` with `practitioner_id` (that doctor only).
    Raises UnknownBooking, NotAllowed, KeyError (unknown practitioner), SlotUnavailable (taken meanwhile,
    closed, past...)."""
    schedule = schedule or default_schedule()
    schedule.practitioner(practitioner_id)
    booking = _booked(sessions, reference)
    return reschedule(
        sessions, booking.reference, booking.phone, start, practitioner_id, schedule=schedule, now=now or utcnow()
    )


@storage_errors
def mark_visit(
    sessions: SessionFactory,
    reference: str,
    mark: str,
    *,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Mark an appointment attended or a no-show. Raises UnknownBooking, NotAllowed, ValueError (a mark that
    is neither)."""
    if mark not in VISIT_MARKS:
        raise ValueError(f"mark: one of {', '.join(VISIT_MARKS)}")
    schedule = schedule or default_schedule()
    today = schedule.local(now or utcnow()).date()
    with write_session(sessions) as session:
        booking = find(session, reference)
        if booking is None:
            raise UnknownBooking(reference)
        if booking.status not in (BOOKED, *VISIT_MARKS):
            raise NotAllowed(f"this appointment is {booking.status}")
        if schedule.local(booking.start_at).date() > today:
            raise NotAllowed("an appointment can be marked on its day or later, not before")
        booking.status = mark
        return booking


def free_slots_on(
    session: Session, day: dt.date, *, schedule: Schedule | None = None, now: dt.datetime | None = None
) -> list[FreeSlot]:
    """Every free (time, doctor) pair on `day` a booking can move to, in time order: the staff choose the
    doctor too, so unlike a patient's offer each time is listed once per free doctor."""
    schedule = schedule or default_schedule()
    start = dt.datetime.combine(day, dt.time(0), schedule.tz)
    end = start + dt.timedelta(days=1) - dt.timedelta(microseconds=1)
    return list(free_between(taken_in(session), schedule, start, end, None, now or utcnow()))
