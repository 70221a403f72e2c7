"""Time in free text.

- How long the hair loss has lasted -> `duration` findings in days ("for 3 weeks" = 21, "since last year"
  = 365, "6 mahine se" = 180, "since August" = days since mid-August).
- Time between a trigger and the shedding -> `trigger_lag` ("two months after my baby was born" = 60,
  "10 weeks later"): a clue for telogen effluvium (S8), NOT a duration.
Not time of hair loss: ages ("30 years old", "umar 45 saal", "7 saal ka hai"), pregnancy ("5 months pregnant"),
schedules ("every 2 weeks", "2 weeks apart"), speed ("within 2 months"), a value the patient takes back
("not 2 months, 5"), and how long a treatment or a hairstyle was used ("tried minoxidil for 6 months") -- the
caller says which clauses are about those.
Halves and sums are kept: "1.5 years", "dhai saal" (2.5), "a year and a half", "ek saal aur chhe mahine" (1 year
and 6 months), and a number that refines a span ("several years, maybe 5" = 5 years).
Regular expressions on the text, not token patterns: numbers, ranges and units are easier to read that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.booking.schedule import clinic_today

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
    "chhay": 6,
    "cheh": 6,
    "saat": 7,
    "aath": 8,
    "nau": 9,
    "das": 10,
    "gyarah": 11,
    "barah": 12,
    "bara": 12,
    "kai": 4,  # "kai saal" = several years
    "half": 0.5,
    "aadha": 0.5,
    "adha": 0.5,
    "aadhe": 0.5,
    "sawa": 1.25,
    "dedh": 1.5,
    "dairh": 1.5,
    "derh": 1.5,
    "dhai": 2.5,
    "dhaai": 2.5,
    "adhai": 2.5,
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
    "maheena": 30,
    "maheenay": 30,
    "maheenon": 30,
    "mahiney": 30,
    "haftay": 7,
    "dino": 1,
    "dinon": 1,
    "saalon": 365,
    "baras": 365,
    "barson": 365,
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

_WORD_NUMBERS = sorted((w for w in NUMBER_WORDS if w not in ("a", "an")), key=len, reverse=True)
_NUM = r"(?:\d+(?:\.\d+)?|" + "|".join(re.escape(w) for w in _WORD_NUMBERS) + r"|an|a)"
_UNIT = "|".join(sorted(UNIT_DAYS, key=len, reverse=True))
_HALF = r"\s+(?:and|aur|n)\s+(?:a\s+)?half"
QUANTITY = re.compile(
    rf"(?<![\w.])(?P<plus_half>saadhe\s+|sadhe\s+)?(?P<num>{_NUM})(?:\s*(?:-|to|or)\s*(?P<num2>{_NUM}))?"
    rf"(?P<half>{_HALF})?\s*-?\s*(?P<unit>{_UNIT})\b(?P<half2>{_HALF})?",
    re.I,
)
# "1 year and 6 months", "ek saal aur chhe mahine": two spans, one length of time.
JOINED = re.compile(r"^\s*(?:and|aur|&|\+|n)?\s*$", re.I)
# "several years, maybe 5": the bare number says how many of the span's unit (only after a vague count).
VAGUE_COUNTS = {"a", "an", "a few", "few", "a couple", "a couple of", "couple", "couple of", "several", "many", "some"}
REFINED = re.compile(
    rf"\s*,?\s*(?:maybe|probably|about|around|roughly|approx(?:imately)?|like|i think|or so,?|shayad)\s+"
    rf"(?P<num>{_NUM})\b(?!\s*(?:-|to|or)?\s*(?:\d|{_UNIT}\b|%|kg|mg))",
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
# Since an age or a stage of life: years, however many ("since I was 21", "in my late twenties", "jawani se",
# "17 se", "kaafi purana hai"). Not "20 se zyada baal" (more than 20 hairs) or "10 se 15 din" (10 to 15 days).
SINCE_AGE = re.compile(
    r"\b(?:since|from)\s+(?:i\s+was|the\s+age\s+of|age)\s+(?:\d{1,2}|a\s+teenager|a\s+teen|a\s+kid|a\s+child|young|"
    r"little|in\s+(?:school|college|uni))\b"
    r"|\bwhen\s+i\s+was\s+(?:1[2-9]|[2-5]\d)\b|\bi\s+was\s+(?:1[2-9]|[2-5]\d)\s+when\b"
    r"|\b(?:started|began|starting|losing)\b[^.;!?]{0,40}?\bat\s+(?:age\s+)?(?:1[2-9]|[2-5]\d)\b(?!\s*(?:%|kg|am|pm|mg))"
    r"|\b(?:in|since)\s+my\s+(?:early\s+|mid\s+|mid-|late\s+)?(?:teens|twenties|thirties|forties|20s|30s|40s)\b"
    r"|\b(?:jawani|jawaani|bachpan|saalon|barson)\s+(?:hi\s+)?se\b"
    r"|(?<![\w.])(?:1[2-9]|[2-5]\d)\s+(?:saal\s+ki\s+umar\s+)?se\b(?!\s*(?:\d|zyada|ziada|kam|upar|oopar|jyada))"
    r"|\b(?:kaafi|kafi|bohat|bahut|bohot|bht)\s+purana\b",
    re.I,
)
# "came off the pill after 5 years": the time before an event, no length of the hair loss
AFTER_BEFORE = re.compile(r"\bafter\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?$", re.I)

NOT_DURATION_BEFORE = re.compile(
    r"(?:every|each|per|once|twice|times|within|in|the next|next|lost|"
    # an age: "umar 45 saal", "I'm 26 years", "she is 7 years"
    r"umar|umer|age|aged|\bi\s+am|\bi'm|\bim|\bshe\s+is|\bhe\s+is|\bshe's|\bhe's|turned|turning|"
    # a child's age: "my son is 6 months now"
    r"(?:son|daughter|baby|child|kid|beta|beti|bacha|bachi)\s+(?:is|was)|"
    # a child's or relative's age in brackets: "mere bhanje (7 saal)", "my son, 9 years,"
    r"(?:son|daughter|child|kid|beta|beti|bete|bacha|bachi|bhanja|bhanje|bhanji|bhatija|bhatije|bhatiji|niece|nephew|"
    r"brother|sister|bhai|behen)\s*[(,]|"
    # a value taken back: "not 2 months, 5"
    r"\bnot|\bnahi|\bna)\s*$",
    re.I,
)
NOT_DURATION_AFTER = re.compile(
    r"^\s*(?:-\s*)?(?:old|of age|pregnant|apart|later\s+i\s+will|a day|(?:ki|ka|ke)\s+(?:hoon|hun|hu|hai|hain|ho|"
    # an age in the past: "Abbu 26 saal ke thay jab ..."
    r"tha|thay|thi|the|thin|thein|"
    # "3 saal nahi, 4": Roman Urdu takes a value back after it; "ek mahine mein" is "within a month"
    r"hy|umar|age)|nahi|nahin|mein|main)\b",
    re.I,
)
# "one day it started", "one week she noticed": a story's point in time, not a length of time.
A_POINT_IN_TIME = re.compile(r"\s*,?\s*(?:it|i|my|she|he|we|they|the|her|his|when|suddenly|just)\b", re.I)
LAG_AFTER = re.compile(r"^\s*(?:after|later|post|baad|ke baad)\b", re.I)
AGO_AFTER = re.compile(r"^\s*(?:ago|back|pehle|pehlay)\b", re.I)
UNIT_YEAR = 365


@dataclass
class TimeSpan:
    kind: str  # "duration" | "vague" ("for years") | "trigger_lag" | "ago"
    days: int
    start: int  # character offsets
    end: int
    text: str


def in_years(span: TimeSpan) -> bool:
    """True when the span is counted in years ("26 years", "6 saal"): what an age looks like."""
    return any(UNIT_DAYS.get(w.lower()) == UNIT_YEAR for w in re.findall(r"[a-z]+", span.text, re.I))


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


def _quantities(text: str) -> list[TimeSpan]:
    """ "3 weeks", "dhai saal", "2-3 years and a half", "several years, maybe 5" (kind still "duration")."""
    out: list[TimeSpan] = []
    for m in QUANTITY.finditer(text):
        before = text[max(0, m.start() - 14) : m.start()]
        unit = m.group("unit").lower()
        n1, n2 = _number(m.group("num")), _number(m.group("num2"))
        if n1 is None or (m.group("num").lower() in ("a", "an") and UNIT_DAYS[unit] == 1):
            continue  # "a day" is a rate ("100 hairs a day"), not a span
        end = m.end()
        # only a vague count is refined: "several months, maybe 5"; "two weeks about 60 percent" is a span and an amount
        vague = m.group("num").lower() in VAGUE_COUNTS
        refined = REFINED.match(text, end) if vague else None
        exact = _number(refined.group("num")) if refined else None
        if refined and exact is not None:
            n1, n2, end = exact, None, refined.end()
        if NOT_DURATION_BEFORE.search(before) or NOT_DURATION_AFTER.search(text[end : end + 20]):
            continue
        if m.group("num").lower() == "one" and A_POINT_IN_TIME.match(text, end):
            continue  # "one day it just started": when, not how long
        n = (n1 + n2) / 2 if n2 is not None else n1
        if m.group("half") or m.group("half2") or m.group("plus_half"):
            n += 0.5
        days = int(round(n * UNIT_DAYS[unit]))
        if 0 < days <= 80 * UNIT_YEAR:
            out.append(TimeSpan("duration", days, m.start(), end, text[m.start() : end]))
    return _joined(text, out)


def _joined(text: str, spans: list[TimeSpan]) -> list[TimeSpan]:
    """ "a year and 6 months" is one span of 545 days: a smaller unit right after a bigger one adds to it."""
    out: list[TimeSpan] = []
    for span in spans:
        last = out[-1] if out else None
        if last is not None and JOINED.match(text[last.end : span.start]) and span.days < last.days:
            out[-1] = TimeSpan("duration", last.days + span.days, last.start, span.end, text[last.start : span.end])
        else:
            out.append(span)
    return out


def find_times(text: str, today: date | None = None) -> list[TimeSpan]:
    """Every time expression in `text` with its kind; the caller decides which duration is the hair loss's."""
    today = today or clinic_today()  # "since March" counts from the clinic's date, not the server's
    out: list[TimeSpan] = []
    for span in _quantities(text):
        after = text[span.end : span.end + 20]
        lag = LAG_AFTER.search(after) or AFTER_BEFORE.search(text[max(0, span.start - 20) : span.start])
        span.kind = "trigger_lag" if lag else "ago" if AGO_AFTER.search(after) else "duration"
        out.append(span)
    for m in HALF_YEAR.finditer(text):
        out.append(TimeSpan("duration", 180, m.start(), m.end(), m.group(0)))
    for m in LAST.finditer(text):
        days = {"year": UNIT_YEAR, "month": 30, "week": 7}[m.group("unit").lower()]
        out.append(TimeSpan("duration", days, m.start(), m.end(), m.group(0)))
    for m in [*VAGUE.finditer(text), *SINCE_AGE.finditer(text)]:
        # questions.yml: "years" -> 730; "vague": no number was said, so it is asked rather than assumed
        out.append(TimeSpan("vague", 730, m.start(), m.end(), m.group(0)))
    for m in SINCE_MONTH.finditer(text):
        month = MONTHS[m.group("month").lower()]
        year = today.year if month <= today.month else today.year - 1
        days = (today - date(year, month, 15)).days
        if days > 0:
            out.append(TimeSpan("duration", days, m.start(), m.end(), m.group(0)))
    return sorted(out, key=lambda t: t.start)
