"""Free consultation times: opening hours from the schedule minus the times already taken.

Pure rules: what is taken comes from a `TakenTimes` function (bot/booking/slots.py reads it from the clinic
database; an in-memory booking desk from its own list), so the same rules serve both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .schedule import Schedule, default_schedule
from .when import ParsedWhen

# (since, until) -> {(practitioner id, start)} of the active bookings starting in that range
TakenTimes = Callable[[dt.datetime, dt.datetime], set[tuple[str, dt.datetime]]]


@dataclass(frozen=True)
class FreeSlot:
    start: dt.datetime  # aware, clinic time
    end: dt.datetime
    practitioner_id: str
    practitioner_name: str


@dataclass(frozen=True)
class SlotChoice:
    """The slot matching what the patient asked for (None if there is none) and free times nearby.

    `reason` says why there is none: 'taken' (all booked), 'closed' (the clinic is not open then), 'past',
    'too_soon' or 'too_far' (see unbookable_reason)."""

    slot: FreeSlot | None
    alternatives: list[FreeSlot] = field(default_factory=list)
    reason: str | None = None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def bookable_range(schedule: Schedule, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Earliest and latest start a patient may book now (minimum lead time, booking horizon)."""
    now = schedule.local(now)
    return now + schedule.min_lead, now + schedule.horizon


def unbookable_reason(start: dt.datetime, schedule: Schedule, now: dt.datetime) -> str | None:
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


def free_between(
    taken: TakenTimes,
    schedule: Schedule,
    since: dt.datetime,
    until: dt.datetime,
    practitioner: str | None,
    now: dt.datetime,
) -> Iterator[FreeSlot]:
    """Free slots with since <= start <= until within the bookable range, in time order; at each time
    the practitioners in schedule order (only `practitioner` if given)."""
    earliest, latest = bookable_range(schedule, now)
    since, until = max(schedule.local(since), earliest), min(schedule.local(until), latest)
    if since > until:
        return
    people = [schedule.practitioner(practitioner)] if practitioner else schedule.practitioners
    busy = taken(since, until)
    day = since.date()
    while day <= until.date():
        for start in schedule.slot_starts(day):
            if since <= start <= until:
                for p in people:
                    if (p.id, start) not in busy:
                        yield FreeSlot(start, start + schedule.consultation, p.id, p.name)
        day += dt.timedelta(days=1)


def _one_per_time(slots: Iterator[FreeSlot]) -> Iterator[FreeSlot]:
    """A patient picks a time, not a doctor: offer each time once (first free practitioner)."""
    seen = set()
    for s in slots:
        if s.start not in seen:
            seen.add(s.start)
            yield s


def find_free_slots(
    taken: TakenTimes,
    after: dt.datetime,
    limit: int = 5,
    practitioner: str | None = None,
    *,
    until: dt.datetime | None = None,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> list[FreeSlot]:
    """The first `limit` free times starting at or after `after` (and not after `until`), one per time.

    Naive datetimes are read as clinic time. Respects hours, breaks, closed days, lead time and horizon."""
    schedule = schedule or default_schedule()
    now = now or utcnow()
    _, latest = bookable_range(schedule, now)
    found = []
    for slot in _one_per_time(free_between(taken, schedule, after, until or latest, practitioner, now)):
        found.append(slot)
        if len(found) >= limit:
            break
    return found


def nearest_free(
    taken: TakenTimes,
    wanted: dt.datetime,
    n: int = 3,
    practitioner: str | None = None,
    *,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> list[FreeSlot]:
    """The `n` free times closest to `wanted` (before or after; on a tie the earlier), in time order."""
    schedule = schedule or default_schedule()
    now = now or utcnow()
    earliest, latest = bookable_range(schedule, now)
    wanted = schedule.local(wanted)
    candidates = list(_one_per_time(free_between(taken, schedule, earliest, latest, practitioner, now)))
    candidates.sort(key=lambda s: (abs(s.start - wanted), s.start))
    return sorted(candidates[:n], key=lambda s: s.start)


def free_at(
    taken: TakenTimes,
    start: dt.datetime,
    practitioner: str | None = None,
    *,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> FreeSlot | None:
    """The free slot starting exactly at `start` (with `practitioner`, or the first free one), else None."""
    schedule = schedule or default_schedule()
    now = now or utcnow()
    if unbookable_reason(start, schedule, now):
        return None
    return next(free_between(taken, schedule, start, start, practitioner, now), None)


def _why_none(when: ParsedWhen, schedule: Schedule, now: dt.datetime) -> str:
    """Why no free slot matches `when`: no opening time at all in it ('closed'), only ones outside the
    bookable range, or all of them taken."""
    if when.exact:
        return unbookable_reason(when.start, schedule, now) or "taken"
    day, last = schedule.local(when.start).date(), schedule.local(when.end or when.start).date()
    reasons = []
    while day <= last:
        reasons += [unbookable_reason(s, schedule, now) for s in schedule.slot_starts(day) if when.admits(s)]
        day += dt.timedelta(days=1)
    if not reasons:
        return "closed"
    if None in reasons:
        return "taken"
    return "too_far" if "too_far" in reasons else reasons[-1] or "taken"


def slot_for(
    taken: TakenTimes,
    when: ParsedWhen,
    n: int = 3,
    practitioner: str | None = None,
    *,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> SlotChoice:
    """Resolve a parsed date phrase: an exact time if it is free, else the first free slot in the window
    that the phrase admits; when there is none, `alternatives` holds the nearest free times and `reason`
    says why."""
    schedule = schedule or default_schedule()
    now = now or utcnow()
    if when.end is None:  # an exact time
        slot = free_at(taken, when.start, practitioner, schedule=schedule, now=now)
    else:
        last = when.end - dt.timedelta(microseconds=1)
        matching = (
            s for s in free_between(taken, schedule, when.start, last, practitioner, now) if when.admits(s.start)
        )
        slot = next(matching, None)
    if slot is not None:
        return SlotChoice(slot)
    alternatives = nearest_free(taken, when.start, n, practitioner, schedule=schedule, now=now)
    return SlotChoice(None, alternatives, _why_none(when, schedule, now))


def earliest_free(
    taken: TakenTimes,
    n: int = 3,
    *,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> list[FreeSlot]:
    """The earliest free times: what a red-flag patient is offered."""
    now = now or utcnow()
    return find_free_slots(taken, now, n, schedule=schedule, now=now)
