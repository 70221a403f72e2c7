"""Reading a wished-for appointment time from the patient's words ("tomorrow afternoon", "saturday after 5pm",
"parson subah", "next Monday 11am", "aglay hafte", "the earliest you have").

dateparser reads dates ("3 Dec", "in 2 days"); rules around it handle what it gets wrong for booking:
parts of the day and "after 5" / "before 12" become windows, a bare hour is read inside opening hours
("at 5" is 17:00), a weekday means the next one, "next week", "any weekday" and "the earliest" span several
days, and Roman Urdu (aaj, kal, parson, subah, shaam, "5 baje ke baad", day names) and misspelt weekdays
are read too (day_words.py)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser

from .day_words import (
    EARLIEST,
    ENGLISH_WEEKDAYS,
    NEXT_WEEK,
    THIS_WEEK,
    WEEKDAYS_ONLY,
    WEEKEND,
    hours_as_digits,
    normalise_days,
)
from .schedule import WEEKDAYS, Schedule, default_schedule

Span = tuple[dt.time, dt.time]  # [from, to) within a day; to == time.max: until the day ends


@dataclass(frozen=True)
class ParsedWhen:
    """An exact time (end is None) or a window [start, end), aware, in clinic time.

    In a window, `daily` keeps only the times of day in [from, to) ("mornings", "after 5") and `weekdays`
    only those days (0 = Monday): "any weekday morning" is a month of mornings, Saturdays left out."""

    start: dt.datetime
    end: dt.datetime | None = None
    daily: Span | None = None
    weekdays: frozenset[int] | None = None

    @property
    def exact(self) -> bool:
        return self.end is None

    def admits(self, moment: dt.datetime) -> bool:
        """Whether a consultation starting at `moment` (clinic time) is one the patient asked for."""
        if self.end is None:
            return moment == self.start
        if not self.start <= moment < self.end:
            return False
        if self.daily is not None and not self.daily[0] <= moment.time() < self.daily[1]:
            return False
        return self.weekdays is None or moment.weekday() in self.weekdays


_WEEKDAY_NAMES = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{name: i for i, name in enumerate(ENGLISH_WEEKDAYS)},
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
    "parsoon": 2,
}
_DAY_NAMES = "|".join(sorted((re.escape(w) for w in (*_RELATIVE_DAYS, *_WEEKDAY_NAMES)), key=len, reverse=True))
# A day the patient refuses ("not friday", "friday nahi", "nahi friday nahi") is no day asked for.
_REFUSED_DAY = re.compile(
    rf"\b(?:not|no|nahi|nahin|nai)\s+(?:on\s+)?(?:{_DAY_NAMES})\b(?:\s+(?:nahi|nahin|nai)\b)?"
    rf"|\b(?:{_DAY_NAMES})\s+(?:nahi|nahin|nai)\b"
)
_DAY_WORD = re.compile(
    r"\b("
    + "|".join(sorted((re.escape(w) for w in (*_RELATIVE_DAYS, *_WEEKDAY_NAMES)), key=len, reverse=True))
    + r")\b"
)
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b")
_PART_ALIASES = {
    "lunch": "noon",
    "lunchtime": "noon",
    "midday": "noon",
    "tonight": "evening",
    "shaam": "evening",
    "sham": "evening",
    "subah": "morning",
    "subha": "morning",
    "dopahar": "afternoon",
    "dopehar": "afternoon",
}
# Words that say nothing about when: dropped before the date is read.
_FILLER = re.compile(
    r"\b(on|at|in the|the|please|pls|plz|around|about|maybe|is|ok|okay|fine|for|me|i|can|could|come|"
    r"would|like|prefer|want|to|an?|appointment|booking|consultation|book|good|works?|best|sometime|time|"
    r"move|moved|reschedule|shift|change|postpone|prepone|it|my|instead|if possible|you|have|got|there|"
    r"slot|free|available|then|also|just|ji|haan|yes|yeah|sure|kar|karo|karein|kar ?dein|kar ?do|karna|"
    r"karwa|hai|ko|mein|se|ke|ka|ki|chahiye|wala|wali|rakh|rakhein)\b"
)
# "after 5", "5 baje ke baad": from that time on; "before 12", "12 se pehle": until it.
_TIME_WORDS = r"\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|baje)?"
_BOUNDS = (
    (re.compile(r"\b(?:after|past|from)\s+(?=\d)"), "after", None),
    (re.compile(r"\b(?:before|until|till|by)\s+(?=\d)"), "before", None),
    (re.compile(rf"\b({_TIME_WORDS})\s+(?:ke\s+|k\s+)?baad\b"), "after", 1),
    (re.compile(rf"\b({_TIME_WORDS})\s+(?:se\s+)?pehle\b"), "before", 1),
)

_AMPM = r"(?P<ampm>a\.?m\.?|p\.?m\.?)"
_TIME_PATTERNS = [
    re.compile(rf"\b(?:at\s+)?(?P<h>\d{{1,2}}):(?P<m>\d{{2}})\s*{_AMPM}?(?!\w)"),  # 4:30 pm, 16:30
    re.compile(rf"\b(?:at\s+)?(?P<h>\d{{1,2}})\.(?P<m>\d{{2}})\s*{_AMPM}(?!\w)"),  # 4.30pm (not 3.12.2026)
    re.compile(rf"\b(?:at\s+)?(?P<h>\d{{1,2}})\s*{_AMPM}(?!\w)"),  # 5pm, 11 a.m.
    re.compile(r"\b(?P<h>\d{1,2})\s*(?:o'?\s?clock|baje)\b"),  # 5 o'clock, 5 baje
    re.compile(r"\bat\s+(?P<h>\d{1,2})\b(?!\s*(?:st|nd|rd|th|/|-))"),  # at 5
]
# A bare hour beside a day ("monday 12", "kal 11"): not a date, not part of one.
_BARE_HOUR = re.compile(r"(?<![\d/.:-])\b(?P<h>\d{1,2})\b(?!\s*(?:st|nd|rd|th|/|-|\.\d|:|\d))")
_NOON = re.compile(r"\b(12\s*noon|noon)\b")


MAX_CHARS = 200  # longer is no time phrase, and dateparser's time grows with the text


class _BadTime(ValueError):
    pass


def _hour_minute(hour: int, minute: int, ampm: str, part: str | None, schedule: Schedule) -> dt.time:
    if hour > 23 or minute > 59 or (ampm and not 1 <= hour <= 12):
        raise _BadTime(f"{hour}:{minute}")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    elif not ampm and 1 <= hour <= 11:
        hour = _likely_hour(hour, part, schedule)
    return dt.time(hour, minute)


def _find_time(text: str, part: str | None, schedule: Schedule) -> tuple[dt.time | None, str]:
    """The time of day named in `text` and the text without it; raises _BadTime for "25:00"."""
    for pattern in _TIME_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        ampm = (m.groupdict().get("ampm") or "").replace(".", "")
        time = _hour_minute(int(m.group("h")), int(m.groupdict().get("m") or 0), ampm, part, schedule)
        return time, (text[: m.start()] + " " + text[m.end() :])
    return None, text


def _find_bare_hour(text: str, part: str | None, schedule: Schedule) -> tuple[dt.time | None, str]:
    """ "monday 12", "kal 11": a number beside a day word is the hour, unless a month makes it a date."""
    if not _DAY_WORD.search(text) or _MONTH.search(text):
        return None, text
    m = _BARE_HOUR.search(text)
    if not m or not 1 <= int(m.group("h")) <= 23:
        return None, text
    return _hour_minute(int(m.group("h")), 0, "", part, schedule), text[: m.start()] + " " + text[m.end() :]


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


def _find_bound(text: str) -> tuple[str | None, str]:
    """ "after 5" / "before 12" (and Roman Urdu "5 baje ke baad"): the bound, and the text with the time
    left as "at 5" for _find_time."""
    for pattern, bound, group in _BOUNDS:
        m = pattern.search(text)
        if m:
            replacement = " at " if group is None else f" at {m.group(group)} "
            return bound, text[: m.start()] + replacement + text[m.end() :]
    return None, text


def _cut(pattern: re.Pattern[str], text: str) -> tuple[bool, str]:
    m = pattern.search(text)
    return (True, text[: m.start()] + " " + text[m.end() :]) if m else (False, text)


def _day_of(word: str, today: dt.date) -> dt.date:
    if word in _RELATIVE_DAYS:
        return today + dt.timedelta(days=_RELATIVE_DAYS[word])
    # "Monday", "this Monday" and "next Monday" all mean the first Monday after today; the bot reads the
    # date back, so a patient who meant the week after can correct it.
    ahead = (_WEEKDAY_NAMES[word] - today.weekday() - 1) % 7 + 1
    return today + dt.timedelta(days=ahead)


def _find_date(text: str, today: dt.date, now_local: dt.datetime, chatter_ok: bool) -> tuple[dt.date | None, bool]:
    """(date, understood): (None, True) when no date was given, (None, False) for words we cannot read.

    `chatter_ok`: a time was found elsewhere, so words that name no day ("she has school") are ignored."""
    text = re.sub(r"\s+", " ", _FILLER.sub(" ", text)).strip(" ,.!?")
    if not text:
        return None, True
    for phrase in sorted(_RELATIVE_DAYS, key=len, reverse=True):
        if text == phrase:
            return _day_of(phrase, today), True
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
        return _day_of(m.group(2), today), True
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
    if parsed:
        day = parsed.date()
        if (day.month, day.day) == (today.month, today.day) and not re.search(r"\b\d{4}\b", text):
            # "26 Nov" typed on 26 November is today (dateparser puts a date already begun in next year)
            return today, True
        return day, True
    if re.search(r"\d", text):  # a number we could not place: never guess the day
        return None, False
    m = _DAY_WORD.search(text)
    if m:  # "monday or tuesday", "wednesday would suit me": the first day named
        return _day_of(m.group(1), today), True
    return None, chatter_ok


def _span(time: dt.time | None, bound: str | None, part: str | None, schedule: Schedule) -> Span | None:
    """The times of day asked for: a part of the day, narrowed by "after"/"before" a time; None for an
    exact time ("kal shaam 5 baje" is 17:00, not the evening)."""
    if time is not None and bound is None:
        return None
    begin, end = schedule.parts_of_day[part] if part else (dt.time.min, dt.time.max)
    if bound == "after" and time is not None:
        begin = max(begin, time)
    elif bound == "before" and time is not None:
        end = min(end, time)
    elif part is None:
        return None
    return begin, end


def _at(day: dt.date, time: dt.time, schedule: Schedule) -> dt.datetime:
    if time == dt.time.max:
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), schedule.tz)
    return dt.datetime.combine(day, time, schedule.tz)


def parse_when(text: str, now: dt.datetime, schedule: Schedule | None = None) -> ParsedWhen | None:
    """What time the patient asked for, relative to `now`; None if the words name no time.

    A time of day gives an exact time; a part of the day ("afternoon") or "after 5" a window, over the day
    named, else over every coming day; a date alone the whole day; "next week", "any weekday", "the
    earliest" the days they span. Without a date an exact time is today's, or tomorrow's once it has passed."""
    schedule = schedule or default_schedule()
    now_local = schedule.local(now)
    today = now_local.date()
    s = re.sub(r"\s+", " ", (text or "").lower().replace("’", "'")).strip()
    if not s or len(s) > MAX_CHARS:
        return None
    s = _REFUSED_DAY.sub(" ", normalise_days(s))  # "not friday, saturday at 5": the day named without a no
    earliest, s = _cut(EARLIEST, s)
    next_week, s = _cut(NEXT_WEEK, s)
    this_week, s = _cut(THIS_WEEK, s)
    weekdays_only, s = _cut(WEEKDAYS_ONLY, s)
    weekend, s = _cut(WEEKEND, s)
    weekdays = frozenset(range(5)) if weekdays_only else frozenset({5, 6}) if weekend else None
    s = hours_as_digits(s)
    if _NOON.search(s) and not re.search(r"\d\s*(?::|am|pm)", s):
        s = _NOON.sub(" 12:00 ", s)
    bound, s = _find_bound(s)
    part, s = _find_part(s, schedule)
    try:
        time, s = _find_time(s, part, schedule)
        if time is None:
            time, s = _find_bare_hour(s, part, schedule)
    except _BadTime:
        return None
    several_days = earliest or next_week or this_week or weekdays is not None
    said_when = time is not None or part is not None or several_days
    date, understood = _find_date(s, today, now_local, chatter_ok=said_when)
    if not understood or (date is not None and date < today):  # "5" alone: dateparser's 5th of this month
        return None
    if date is None and not said_when:
        return None

    span = _span(time, bound, part, schedule)
    if date is not None:
        if span is not None:
            return ParsedWhen(_at(date, span[0], schedule), _at(date, span[1], schedule))
        if time is not None:
            return ParsedWhen(dt.datetime.combine(date, time, schedule.tz))
        return ParsedWhen(_at(date, dt.time(0), schedule), _at(date, dt.time.max, schedule))

    if time is not None and span is None and not several_days:
        exact = dt.datetime.combine(today, time, schedule.tz)
        return ParsedWhen(exact if exact > now_local else exact + dt.timedelta(days=1))

    # Several days: the coming ones, next week's or this week's, at the times of day asked for.
    start, end = now_local, now_local + schedule.horizon
    monday = today + dt.timedelta(days=7 - today.weekday())
    if next_week:
        start, end = _at(monday, dt.time(0), schedule), _at(monday + dt.timedelta(days=7), dt.time(0), schedule)
    elif this_week:
        end = _at(monday, dt.time(0), schedule)
    if span is None and time is not None:  # "any weekday at 11 am": that time, on each day
        span = (time, (dt.datetime.combine(today, time) + dt.timedelta(minutes=1)).time())
    if span is not None:
        first = start.date() if _at(start.date(), span[1], schedule) > start else start.date() + dt.timedelta(days=1)
        start = max(start, _at(first, span[0], schedule))
    return ParsedWhen(start, end, span, weekdays)
