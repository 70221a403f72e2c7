"""Which conversations are past retention (the periods are bot.settings.RetentionSettings).

A completed intake (a row in `intakes`; a booking counts too: it is the clinic's appointment record) is kept
RETENTION_COMPLETED_YEARS with its conversation and bookings; any other conversation (unfinished, stopped,
declined) RETENTION_UNFINISHED_DAYS; log files RETENTION_LOG_DAYS. Ages run from the last activity. A staff
alert goes with its conversation; it does not make a conversation completed, and an open one counts as activity
until staff have handled it (bot.privacy.purge)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.settings import RetentionSettings


@dataclass(frozen=True)
class Expired:
    """Conversations past retention, by kind (sorted ids)."""

    unfinished: tuple[str, ...]
    completed: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.unfinished + self.completed


def expired_conversations(
    last_activity: Mapping[str, dt.datetime], completed: Iterable[str], retention: RetentionSettings, now: dt.datetime
) -> Expired:
    """Which conversations are past retention.

    `last_activity`: every known conversation id -> its latest activity (last tracker event, journal write,
    intake save, booking or staff alert, whichever is newest). `completed`: the ids with an intake or a booking."""
    completed = set(completed)
    unfinished_cutoff = retention.unfinished_cutoff(now)
    completed_cutoff = retention.completed_cutoff(now)
    unfinished, done = [], []
    for conversation_id, last in last_activity.items():
        if conversation_id in completed:
            if last < completed_cutoff:
                done.append(conversation_id)
        elif last < unfinished_cutoff:
            unfinished.append(conversation_id)
    return Expired(tuple(sorted(unfinished)), tuple(sorted(done)))
