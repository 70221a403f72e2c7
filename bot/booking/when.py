"""Reading a wished-for appointment time from the patient's words ("tomorrow afternoon", "next Monday at 5").

dateparser reads dates ("3 Dec", "in 2 days"); a few rules around it handle what it gets wrong for booking:
parts of the day become a window, a bare hour is read inside opening hours ("at 5" is 17:00), a weekday
means the next one, and a little Roman Urdu (aaj, kal, parson)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser

from .schedule import WEEKDAYS, Schedule, default_schedule


@dataclass(frozen=True)
class ParsedWhen:
    """An exact time (end is None) or a window [start, end), aware, in clinic time."""

    start: dt.datetime
    end: dt.datetime | None = None

    @property
    def exact(self) -> bool:
        return self.end is None


_WEEKDAY_NAMES = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{
        name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
    },
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
_RELATIVE_DAYS = {
    "today": 0,
    "aaj": 0,
    "tonight": 0,
    "tomorrow": 1,
    "tmrw": 1,
    "tmr": 1,
    "kal": 1,  # "kal" is also "yesterday", but not when booking
    "day after tomorrow": 2,
    "parson": 2,
    "parso": 2,
}
_PART_ALIASES = {
    "lunch": "noon",
    "lunchtime": "noon",
    "midday": "noon",
    "tonight": "evening",
    "shaam": "evening",
    "subah": "morning",
}
_FILLER = re.compile(
    r"\b(on|at|in the|the|please|pls|around|about|maybe|any ?time|is|ok|okay|fine|for|me|i|can|could|come|"
    r"would|like|prefer|want|to|an?|appointment|book|good|works?|best|sometime|time)\b"
)

_AMPM = r"(?P<ampm>a\.?m\.?|p\.?m\.?)"
_TIME_PATTERNS = [
    re.compile(rf"\b(?:at\s+)?(?P<h>\d{{1,2}}):(?P<m>\d{{2}})\s*{_AMPM}?(?!\w)"),  # 4:30 pm, 16:30
    re.compile(rf"\b(?:at\s+)?(?P<h>\d{{1,2}})\.(?P<m>\d{{2}})\s*{_AMPM}(?!\w)"),  # 4.30pm (not 3.12.2026)
    re.compile(rf"\b(?:at\s+)?(?P<h>\d{{1,2}})\s*{_AMPM}(?!\w)"),  # 5pm, 11 a.m.
    re.compile(r"\b(?P<h>\d{1,2})\s*(?:o'?\s?clock|baje)\b"),  # 5 o'clock, 5 baje
    re.compile(r"\bat\s+(?P<h>\d{1,2})\b(?!\s*(?:st|nd|rd|th|/|-))"),  # at 5
]
_NOON = re.compile(r"\b(12\s*noon|noon)\b")


MAX_CHARS = 200  # longer is no time phrase, and dateparser's time grows with the text


class _BadTime(ValueError):
    pass


def _find_time(text: str, part: str | None, schedule: Schedule) -> tuple[dt.time | None, str]:
    """The time of day named in `text` and the text without it; raises _BadTime for "25:00"."""
    for pattern in _TIME_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        hour, minute = int(m.group("h")), int(m.groupdict().get("m") or 0)
        ampm = (m.groupdict().get("ampm") or "").replace(".", "")
        if hour > 23 or minute > 59 or (ampm and not 1 <= hour <= 12):
            raise _BadTime(m.group(0))
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        elif not ampm and 1 <= hour <= 11:
            hour = _likely_hour(hour, part, schedule)
        return dt.time(hour, minute), (text[: m.start()] + " " + text[m.end() :])
    return None, text


def _likely_hour(hour: int, part: str | None, schedule: Schedule) -> int:
    """A bare "5" means 17:00 when the clinic sees no one at 05:00 but does at 17:00."""
    if part in ("afternoon", "evening"):
        return hour + 12
    span = schedule.day_span
    if span is None:
        return hour
    opens, closes = span
    inside = lambda h: opens <= dt.time(h) < closes  # noqa: E731
    return hour + 12 if not inside(hour) and inside(hour + 12) else hour


def _find_part(text: str, schedule: Schedule) -> tuple[str | None, str]:
    words = sorted(set(schedule.parts_of_day) | set(_PART_ALIASES), key=len, reverse=True)
    m = re.search(r"\b(" + "|".join(map(re.escape, words)) + r")\b", text)
    if not m:
        return None, text
    part = _PART_ALIASES.get(m.group(1), m.group(1))
    if part not in schedule.parts_of_day:
        return None, text
    keep = m.group(1) == "tonight"  # "tonight" also says the day
    return part, text if keep else text[: m.start()] + " " + text[m.end() :]


def _find_date(text: str, today: dt.date, now_local: dt.datetime) -> tuple[dt.date | None, bool]:
    """(date, understood): (None, True) when no date was given, (None, False) for words we cannot read."""
    text = re.sub(r"\s+", " ", _FILLER.sub(" ", text)).strip(" ,.!?")
    if not text:
        return None, True
    for phrase, days in sorted(_RELATIVE_DAYS.items(), key=lambda kv: -len(kv[0])):
        if text == phrase:
            return today + dt.timedelta(days=days), True
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", text)
    if m:  # "the 15th": this month's if still ahead, else next month's (dateparser would give the past one)
        day = int(m.group(1))
        for months_ahead in range(3):
            year, month = divmod(today.month - 1 + months_ahead, 12)
            try:
                candidate = dt.date(today.year + year, month + 1, day)
            except ValueError:  # 31st in a 30-day month
                continue
            if candidate >= today:
                return candidate, True
        return None, False
    m = re.fullmatch(r"(?:(next|this|coming)\s+)?(\w+)", text)
    if m and m.group(2) in _WEEKDAY_NAMES:
        # "Monday", "this Monday" and "next Monday" all mean the first Monday after today; the bot reads
        # the date back, so a patient who meant the week after can correct it.
        ahead = (_WEEKDAY_NAMES[m.group(2)] - today.weekday() - 1) % 7 + 1
        return today + dt.timedelta(days=ahead), True
    try:
        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings={
                "PREFER_DATES_FROM": "future",
                "DATE_ORDER": "DMY",  # 3/12 is 3 December in Pakistan
                "RELATIVE_BASE": now_local.replace(tzinfo=None),
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except (ValueError, OverflowError):  # "in 99999999999 days", thousands of digits: not a date to book
        return None, False
    return (parsed.date(), True) if parsed else (None, False)


def parse_when(text: str, now: dt.datetime, schedule: Schedule | None = None) -> ParsedWhen | None:
    """What time the patient asked for, relative to `now`; None if the words name no time.

    A time of day gives an exact time; a part of the day ("afternoon") a window; a date alone the whole
    day. Without a date, today is meant, or tomorrow when that time has already passed."""
    schedule = schedule or default_schedule()
    now_local = schedule.local(now)
    today = now_local.date()
    s = re.sub(r"\s+", " ", (text or "").lower().replace("’", "'")).strip()
    if not s or len(s) > MAX_CHARS:
        return None
    if _NOON.search(s) and not re.search(r"\d\s*(?::|am|pm)", s):
        s = _NOON.sub(" 12:00 ", s)
    part, s = _find_part(s, schedule)
    try:
        time, s = _find_time(s, part, schedule)
    except _BadTime:
        return None
    date, understood = _find_date(s, today, now_local)
    if not understood or (date is not None and date < today):  # "5" alone: dateparser's 5th of this month
        return None
    if date is None and time is None and part is None:
        return None
    tz = schedule.tz

    def build(day: dt.date) -> ParsedWhen:
        if time is not None:
            return ParsedWhen(dt.datetime.combine(day, time, tz))
        if part is not None:
            begin, end = schedule.parts_of_day[part]
            return ParsedWhen(dt.datetime.combine(day, begin, tz), dt.datetime.combine(day, end, tz))
        return ParsedWhen(
            dt.datetime.combine(day, dt.time(0), tz), dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tz)
        )

    result = build(date or today)
    if date is None and (result.end or result.start) <= now_local:
        result = build(today + dt.timedelta(days=1))
    return result
