"""Free consultation times on the clinic database: the rules of free_times.py over its active bookings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.db import storage_errors
from bot.store.models import BOOKED, Booking

from . import free_times
from .free_times import FreeSlot, SlotChoice, TakenTimes
from .schedule import Schedule
from .when import ParsedWhen


def taken_in(session: Session) -> TakenTimes:
    """The times held by active bookings in the clinic database, read in `session`."""

    @storage_errors
    def taken(since: dt.datetime, until: dt.datetime) -> set[tuple[str, dt.datetime]]:
        rows = session.execute(
            select(Booking.practitioner_id, Booking.start_at).where(
                Booking.status == BOOKED, Booking.start_at >= since, Booking.start_at <= until
            )
        )
        return {(pid, start) for pid, start in rows}

    return taken


def find_free_slots(
    session: Session,
    after: dt.datetime,
    limit: int = 5,
    practitioner: str | None = None,
    *,
    until: dt.datetime | None = None,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> list[FreeSlot]:
    """free_times.find_free_slots on the database."""
    return free_times.find_free_slots(
        taken_in(session), after, limit, practitioner, until=until, schedule=schedule, now=now
    )


def nearest_free(
    session: Session,
    wanted: dt.datetime,
    n: int = 3,
    practitioner: str | None = None,
    *,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> list[FreeSlot]:
    """free_times.nearest_free on the database."""
    return free_times.nearest_free(taken_in(session), wanted, n, practitioner, schedule=schedule, now=now)


def free_at(
    session: Session,
    start: dt.datetime,
    practitioner: str | None = None,
    *,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> FreeSlot | None:
    """free_times.free_at on the database."""
    return free_times.free_at(taken_in(session), start, practitioner, schedule=schedule, now=now)


def slot_for(
    session: Session,
    when: ParsedWhen,
    n: int = 3,
    practitioner: str | None = None,
    *,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> SlotChoice:
    """free_times.slot_for on the database."""
    return free_times.slot_for(taken_in(session), when, n, practitioner, schedule=schedule, now=now)


def earliest_free(
    session: Session, n: int = 3, *, schedule: Schedule | None = None, now: dt.datetime | None = None
) -> list[FreeSlot]:
    """free_times.earliest_free on the database."""
    return free_times.earliest_free(taken_in(session), n, schedule=schedule, now=now)
