"""How long patient data is kept, from the environment, and which conversations are past it.

A completed intake (a row in `intakes`; a booking counts too: it is the clinic's appointment record) is kept
RETENTION_COMPLETED_YEARS with its conversation and bookings; any other conversation (unfinished, stopped,
declined) RETENTION_UNFINISHED_DAYS; log files RETENTION_LOG_DAYS. Ages run from the last activity."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional

DEFAULT_UNFINISHED_DAYS = 30
DEFAULT_COMPLETED_YEARS = 5
DEFAULT_LOG_DAYS = 30


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if value < 1:
        # 0 would erase everything at the next purge: never what a mistyped setting should do
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


@dataclass(frozen=True)
class RetentionSettings:
    unfinished_days: int = DEFAULT_UNFINISHED_DAYS
    completed_years: int = DEFAULT_COMPLETED_YEARS
    log_days: int = DEFAULT_LOG_DAYS

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "RetentionSettings":
        env = os.environ if env is None else env
        return cls(
            unfinished_days=_positive_int(env, "RETENTION_UNFINISHED_DAYS", DEFAULT_UNFINISHED_DAYS),
            completed_years=_positive_int(env, "RETENTION_COMPLETED_YEARS", DEFAULT_COMPLETED_YEARS),
            log_days=_positive_int(env, "RETENTION_LOG_DAYS", DEFAULT_LOG_DAYS),
        )

    def unfinished_cutoff(self, now: dt.datetime) -> dt.datetime:
        return now - dt.timedelta(days=self.unfinished_days)

    def completed_cutoff(self, now: dt.datetime) -> dt.datetime:
        return years_before(now, self.completed_years)

    def log_cutoff(self, now: dt.datetime) -> dt.datetime:
        return now - dt.timedelta(days=self.log_days)


@dataclass(frozen=True)
class Expired:
    """Conversations past retention, by kind (sorted ids)."""
    unfinished: tuple[str, ...]
    completed: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.unfinished + self.completed


def expired_conversations(last_activity: Mapping[str, dt.datetime], completed: Iterable[str],
                          retention: RetentionSettings, now: dt.datetime) -> Expired:
    """Which conversations are past retention.

    `last_activity`: every known conversation id -> its latest activity (last tracker event, journal write,
    intake save or booking, whichever is newest). `completed`: the ids with an intake or a booking."""
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
