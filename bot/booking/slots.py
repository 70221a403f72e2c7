"""Finding free consultation slots: opening hours from the schedule minus the active bookings."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, List, Optional, Set, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.db import storage_errors
from bot.store.models import BOOKED, Booking

from .schedule import Schedule, default_schedule

if TYPE_CHECKING:
    from .when import ParsedWhen


@dataclass(frozen=True)
class FreeSlot:
    start: dt.datetime  # aware, clinic time
    end: dt.datetime
    practitioner_id: str
    practitioner_name: str


@dataclass(frozen=True)
class SlotChoice:
    """The slot matching what the patient asked for (None if there is none) and free times nearby."""

    slot: Optional[FreeSlot]
    alternatives: List[FreeSlot] = field(default_factory=list)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def bookable_range(schedule: Schedule, now: dt.datetime) -> Tuple[dt.datetime, dt.datetime]:
    """Earliest and latest start a patient may book now (minimum lead time, booking horizon)."""
    now = schedule.local(now)
    return now + schedule.min_lead, now + schedule.horizon


def unbookable_reason(start: dt.datetime, schedule: Schedule, now: dt.datetime) -> Optional[str]:
    """Why `start` cannot be booked regardless of other bookings: 'past', 'too_soon', 'too_far',
    'closed' (closed day, break, outside hours or not on the slot grid); None if it can."""
    start = schedule.local(start)
    earliest, latest = bookable_range(schedule, now)
    if start <= schedule.local(now):
        return "past"
    if start < earliest:
        return "too_soon"
    if start > latest:
        return "too_far"
    if start not in schedule.slot_starts(start.date()):
        return "closed"
    return None


def _taken(session: Session, since: dt.datetime, until: dt.datetime) -> Set[Tuple[str, dt.datetime]]:
    rows = session.execute(
        select(Booking.practitioner_id, Booking.start_at).where(
            Booking.status == BOOKED, Booking.start_at >= since, Booking.start_at <= until
        )
    )
    return {(pid, start) for pid, start in rows}


def _free(
    session: Session,
    schedule: Schedule,
    since: dt.datetime,
    until: dt.datetime,
    practitioner: Optional[str],
    now: dt.datetime,
) -> Iterator[FreeSlot]:
    """Free slots with since <= start <= until within the bookable range, in time order; at each time
    the practitioners in schedule order (only `practitioner` if given)."""
    earliest, latest = bookable_range(schedule, now)
    since, until = max(schedule.local(since), earliest), min(schedule.local(until), latest)
    if since > until:
        return
    people = [schedule.practitioner(practitioner)] if practitioner else schedule.practitioners
    taken = _taken(session, since, until)
    day = since.date()
    while day <= until.date():
        for start in schedule.slot_starts(day):
            if since <= start <= until:
                for p in people:
                    if (p.id, start) not in taken:
                        yield FreeSlot(start, start + schedule.consultation, p.id, p.name)
        day += dt.timedelta(days=1)


def _one_per_time(slots: Iterator[FreeSlot]) -> Iterator[FreeSlot]:
    """A patient picks a time, not a doctor: offer each time once (first free practitioner)."""
    seen = set()
    for s in slots:
        if s.start not in seen:
            seen.add(s.start)
            yield s


@storage_errors
def find_free_slots(
    session: Session,
    after: dt.datetime,
    limit: int = 5,
    practitioner: Optional[str] = None,
    *,
    until: Optional[dt.datetime] = None,
    schedule: Optional[Schedule] = None,
    now: Optional[dt.datetime] = None,
) -> List[FreeSlot]:
    """The first `limit` free times starting at or after `after` (and not after `until`), one per time.

    Naive datetimes are read as clinic time. Respects hours, breaks, closed days, lead time and horizon."""
    schedule = schedule or default_schedule()
    now = now or utcnow()
    _, latest = bookable_range(schedule, now)
    found = []
    for slot in _one_per_time(_free(session, schedule, after, until or latest, practitioner, now)):
        found.append(slot)
        if len(found) >= limit:
            break
    return found


@storage_errors
def nearest_free(
    session: Session,
    wanted: dt.datetime,
    n: int = 3,
    practitioner: Optional[str] = None,
    *,
    schedule: Optional[Schedule] = None,
    now: Optional[dt.datetime] = None,
) -> List[FreeSlot]:
    """The `n` free times closest to `wanted` (before or after; on a tie the earlier), in time order."""
    schedule = schedule or default_schedule()
    now = now or utcnow()
    earliest, latest = bookable_range(schedule, now)
    wanted = schedule.local(wanted)
    candidates = list(_one_per_time(_free(session, schedule, earliest, latest, practitioner, now)))
    candidates.sort(key=lambda s: (abs(s.start - wanted), s.start))
    return sorted(candidates[:n], key=lambda s: s.start)


@storage_errors
def free_at(
    session: Session,
    start: dt.datetime,
    practitioner: Optional[str] = None,
    *,
    schedule: Optional[Schedule] = None,
    now: Optional[dt.datetime] = None,
) -> Optional[FreeSlot]:
    """The free slot starting exactly at `start` (with `practitioner`, or the first free one), else None."""
    schedule = schedule or default_schedule()
    now = now or utcnow()
    if unbookable_reason(start, schedule, now):
        return None
    return next(_free(session, schedule, start, start, practitioner, now), None)


@storage_errors
def slot_for(
    session: Session,
    when: "ParsedWhen",
    n: int = 3,
    practitioner: Optional[str] = None,
    *,
    schedule: Optional[Schedule] = None,
    now: Optional[dt.datetime] = None,
) -> SlotChoice:
    """Resolve a parsed date phrase: an exact time if it is free, else the first free slot in the window;
    when there is none, `alternatives` holds the nearest free times."""
    schedule = schedule or default_schedule()
    now = now or utcnow()
    if when.exact:
        slot = free_at(session, when.start, practitioner, schedule=schedule, now=now)
    else:
        found = find_free_slots(
            session, when.start, 1, practitioner,
            until=when.end - dt.timedelta(microseconds=1), schedule=schedule, now=now,
        )
        slot = found[0] if found else None
    if slot is not None:
        return SlotChoice(slot)
    return SlotChoice(None, nearest_free(session, when.start, n, practitioner, schedule=schedule, now=now))


@storage_errors
def earliest_free(
    session: Session,
    n: int = 3,
    *,
    schedule: Optional[Schedule] = None,
    now: Optional[dt.datetime] = None,
) -> List[FreeSlot]:
    """The earliest free times: what a red-flag patient is offered."""
    now = now or utcnow()
    return find_free_slots(session, now, n, schedule=schedule, now=now)
