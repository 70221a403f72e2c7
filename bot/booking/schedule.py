"""The clinic's schedule: booking rules from schedule.yml, with the opening hours, practitioners and the clinic's
name and address from the clinic's facts (bot/clinic/facts.yml, their one copy)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from bot.clinic.facts import ClinicFacts, clinic_facts

SCHEDULE_PATH = Path(__file__).with_name("schedule.yml")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index == date.weekday()

Period = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class Practitioner:
    id: str
    name: str
    title: str = ""

    @property
    def label(self) -> str:
        """How patients read who they will see: 'Dr. Sana Malik (Consultant Dermatologist)'."""
        return f"{self.name} ({self.title})" if self.title else self.name


@dataclass(frozen=True)
class Clinic:
    name: str
    address: str
    calendar_domain: str


@dataclass(frozen=True)
class Limits:
    """What one person may do, so nobody can block the diary or guess other patients' references."""

    active_bookings_per_phone: int = 2
    lookup_attempts: int = 3  # wrong reference/phone answers, per conversation and per phone number
    lookup_window: dt.timedelta = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Schedule:
    clinic: Clinic
    tz: ZoneInfo
    consultation: dt.timedelta
    horizon: dt.timedelta
    min_lead: dt.timedelta
    open_periods: dict[int, list[Period]]  # weekday -> periods the clinic sees patients, breaks removed
    parts_of_day: dict[str, Period]
    practitioners: list[Practitioner]
    closed_days: dict[dt.date, str]
    confirmation: dict = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    facts: ClinicFacts = field(default_factory=clinic_facts)

    def practitioner(self, practitioner_id: str) -> Practitioner:
        for p in self.practitioners:
            if p.id == practitioner_id:
                return p
        raise KeyError(f"unknown practitioner {practitioner_id!r}")

    def local(self, when: dt.datetime) -> dt.datetime:
        """`when` in clinic time; a naive datetime is taken to be clinic time already."""
        return when.replace(tzinfo=self.tz) if when.tzinfo is None else when.astimezone(self.tz)

    def periods_on(self, day: dt.date) -> list[Period]:
        if day in self.closed_days:
            return []
        return self.open_periods.get(day.weekday(), [])

    def slot_starts(self, day: dt.date) -> list[dt.datetime]:
        """Every consultation start on `day` (clinic time) where the whole consultation fits an open period."""
        starts = []
        for begin, end in self.periods_on(day):
            t = dt.datetime.combine(day, begin, self.tz)
            stop = dt.datetime.combine(day, end, self.tz)
            while t + self.consultation <= stop:
                starts.append(t)
                t += self.consultation
        return starts

    @property
    def day_span(self) -> Period | None:
        """Earliest opening and latest closing time over the week (to read "at 5" as 17:00)."""
        periods = [p for ps in self.open_periods.values() for p in ps]
        if not periods:
            return None
        return min(p[0] for p in periods), max(p[1] for p in periods)


def _time(text: str) -> dt.time:
    return dt.datetime.strptime(str(text), "%H:%M").time()


def _open_periods(day_cfg) -> list[Period]:
    if day_cfg in (None, "closed", False):
        return []
    periods = [(_time(day_cfg["open"]), _time(day_cfg["close"]))]
    for b_start, b_end in sorted((_time(a), _time(b)) for a, b in day_cfg.get("breaks", [])):
        # Cut each break out of whichever period contains it.
        cut = []
        for start, end in periods:
            if b_end <= start or b_start >= end:
                cut.append((start, end))
                continue
            if start < b_start:
                cut.append((start, b_start))
            if b_end < end:
                cut.append((b_end, end))
        periods = cut
    return periods


def _limits(cfg: dict | None) -> Limits:
    cfg = cfg or {}
    limits = Limits(
        active_bookings_per_phone=int(cfg.get("active_bookings_per_phone", Limits.active_bookings_per_phone)),
        lookup_attempts=int(cfg.get("lookup_attempts", Limits.lookup_attempts)),
        lookup_window=dt.timedelta(hours=float(cfg.get("lookup_window_hours", 24))),
    )
    if limits.active_bookings_per_phone < 1 or limits.lookup_attempts < 1 or limits.lookup_window <= dt.timedelta(0):
        raise ValueError("booking limits must be positive")
    return limits


def schedule_from_dict(cfg: dict, facts: ClinicFacts | None = None) -> Schedule:
    """The booking rules of `cfg` (schedule.yml's content) with the clinic's facts (checked when they were read)."""
    facts = facts or clinic_facts()
    practitioners = [Practitioner(id=d.id, name=d.name, title=d.title) for d in facts.practitioners]
    return Schedule(
        clinic=Clinic(name=facts.name, address=facts.address, calendar_domain=facts.calendar_domain),
        tz=ZoneInfo(cfg["timezone"]),
        consultation=dt.timedelta(minutes=int(cfg["consultation_minutes"])),
        horizon=dt.timedelta(days=int(cfg["horizon_days"])),
        min_lead=dt.timedelta(minutes=int(cfg["min_lead_minutes"])),
        open_periods={i: _open_periods(facts.opening_hours.get(name)) for i, name in enumerate(WEEKDAYS)},
        parts_of_day={k: (_time(a), _time(b)) for k, (a, b) in cfg.get("parts_of_day", {}).items()},
        practitioners=practitioners,
        closed_days={
            (d["date"] if isinstance(d["date"], dt.date) else dt.date.fromisoformat(d["date"])): d.get("name", "")
            for d in cfg.get("closed_days", [])
        },
        confirmation=cfg.get("confirmation", {}),
        limits=_limits(cfg.get("limits")),
        facts=facts,
    )


def load_schedule(path: Path | str = SCHEDULE_PATH) -> Schedule:
    with open(path, encoding="utf-8") as f:
        return schedule_from_dict(yaml.safe_load(f))


@lru_cache(maxsize=1)
def default_schedule() -> Schedule:
    """The clinic's schedule.yml, read once per process."""
    return load_schedule()


def clinic_today(now: dt.datetime | None = None) -> dt.date:
    """Today in the clinic's time zone (schedule.yml), not the server's: from 19:00 UTC it is tomorrow in Karachi."""
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(default_schedule().tz).date()
