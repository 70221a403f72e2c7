"""Time in free text.

- How long the hair loss has lasted -> `duration` findings in days ("for 3 weeks" = 21, "since last year"
  = 365, "6 mahine se" = 180, "since August" = days since mid-August).
- Time between a trigger and the shedding -> `trigger_lag` ("two months after my baby was born" = 60,
  "10 weeks later"): a clue for telogen effluvium (S8), NOT a duration.
Not time of hair loss: ages ("30 years old"), pregnancy ("5 months pregnant"), schedules ("every 2 weeks",
"2 weeks apart"), speed ("within 2 months"), and how long a treatment or a hairstyle was used
("tried minoxidil for 6 months") -- the caller says which clauses are about those.
Regular expressions on the text, not token patterns: numbers, ranges and units are easier to read that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "few": 3,
    "a few": 3,
    "couple": 2,
    "a couple": 2,
    "couple of": 2,
    "a couple of": 2,
    "several": 4,
    "ek": 1,
    "do": 2,
    "teen": 3,
    "char": 4,
    "chaar": 4,
    "paanch": 5,
    "panch": 5,
    "chay": 6,
    "chhe": 6,
}
UNIT_DAYS = {
    "day": 1,
    "days": 1,
    "din": 1,
    "week": 7,
    "weeks": 7,
    "wk": 7,
    "wks": 7,
    "hafte": 7,
    "hafta": 7,
    "hafton": 7,
    "month": 30,
    "months": 30,
    "mo": 30,
    "mos": 30,
    "mahine": 30,
    "mahina": 30,
    "mahinay": 30,
    "mahinon": 30,
    "maheene": 30,
    "year": 365,
    "years": 365,
    "yr": 365,
    "yrs": 365,
    "saal": 365,
    "sal": 365,
}
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})  # "since aug"

_NUM = (
    r"(?:\d+(?:\.\d+)?|a couple of|a couple|couple of|couple|a few|few|several|an|a|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve|ek|do|teen|chaar|char|paanch|panch|chay|chhe)"
)
_UNIT = "|".join(sorted(UNIT_DAYS, key=len, reverse=True))
QUANTITY = re.compile(
    rf"(?<![\w.])(?P<num>{_NUM})(?:\s*(?:-|to|or)\s*(?P<num2>{_NUM}))?(?P<half>\s+and\s+a\s+half)?\s*-?\s*"
    rf"(?P<unit>{_UNIT})\b(?P<half2>\s+and\s+a\s+half)?",
    re.I,
)
HALF_YEAR = re.compile(r"\bhalf\s+a\s+year\b", re.I)
LAST = re.compile(
    r"\b(?:since|from|started|began|starting)\s+(?:about\s+|around\s+)?last\s+(?P<unit>year|month|week)\b", re.I
)
SINCE_MONTH = re.compile(
    r"\bsince\b[^.;,!?]{0,40}?\b(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b", re.I
)
VAGUE = re.compile(r"\b(?:for|since)\s+(?:many\s+)?(?:years|a\s+long\s+time|ages)\b", re.I)

NOT_DURATION_BEFORE = re.compile(r"(?:every|each|per|once|twice|times|within|in|the next|next|lost)\s*$", re.I)
NOT_DURATION_AFTER = re.compile(r"^\s*(?:-\s*)?(?:old|of age|pregnant|apart|later\s+i\s+will|a day)\b", re.I)
LAG_AFTER = re.compile(r"^\s*(?:after|later|post|baad|ke baad)\b", re.I)
AGO_AFTER = re.compile(r"^\s*(?:ago|back|pehle|pehlay)\b", re.I)
UNIT_YEAR = 365


@dataclass
class TimeSpan:
    kind: str  # "duration" | "trigger_lag" | "ago"
    days: int
    start: int  # character offsets
    end: int
    text: str


def _number(word: str | None) -> float | None:
    if word is None:
        return None
    w = word.lower().strip()
    if w in NUMBER_WORDS:
        return float(NUMBER_WORDS[w])
    try:
        return float(w)
    except ValueError:
        return None


def find_times(text: str, today: date | None = None) -> list[TimeSpan]:
    """Every time expression in `text` with its kind; the caller decides which duration is the hair loss's."""
    today = today or date.today()
    out: list[TimeSpan] = []
    for m in QUANTITY.finditer(text):
        before, after = text[max(0, m.start() - 14) : m.start()], text[m.end() : m.end() + 20]
        unit = m.group("unit").lower()
        n1, n2 = _number(m.group("num")), _number(m.group("num2"))
        if n1 is None or (m.group("num").lower() in ("a", "an") and UNIT_DAYS[unit] == 1):
            continue  # "a day" is a rate ("100 hairs a day"), not a span
        if NOT_DURATION_BEFORE.search(before) or NOT_DURATION_AFTER.search(after):
            continue
        n = (n1 + n2) / 2 if n2 is not None else n1
        if m.group("half") or m.group("half2"):
            n += 0.5
        days = int(round(n * UNIT_DAYS[unit]))
        if days <= 0 or days > 80 * UNIT_YEAR:
            continue
        kind = "trigger_lag" if LAG_AFTER.search(after) else "ago" if AGO_AFTER.search(after) else "duration"
        out.append(TimeSpan(kind, days, m.start(), m.end(), m.group(0)))
    for m in HALF_YEAR.finditer(text):
        out.append(TimeSpan("duration", 180, m.start(), m.end(), m.group(0)))
    for m in LAST.finditer(text):
        days = {"year": UNIT_YEAR, "month": 30, "week": 7}[m.group("unit").lower()]
        out.append(TimeSpan("duration", days, m.start(), m.end(), m.group(0)))
    for m in VAGUE.finditer(text):
        out.append(TimeSpan("duration", 730, m.start(), m.end(), m.group(0)))  # questions.yml: "years" -> 730
    for m in SINCE_MONTH.finditer(text):
        month = MONTHS[m.group("month").lower()]
        year = today.year if month <= today.month else today.year - 1
        days = (today - date(year, month, 15)).days
        if days > 0:
            out.append(TimeSpan("duration", days, m.start(), m.end(), m.group(0)))
    return sorted(out, key=lambda t: t.start)
