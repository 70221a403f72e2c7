"""Patients' words for days, normalised before a time phrase is read: Roman Urdu day names and misspelt
weekdays become English weekday names ("mangal" -> "tuesday", "wensday" -> "wednesday"), and the words that
say "any day" or "next week" are recognised."""

from __future__ import annotations

import difflib
import re

ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Roman Urdu names of the weekdays, as patients type them. "hafta" (Saturday) is only read so before "ko" or
# "ke din" (SATURDAY below): it also means "week", as in "agle hafte".
URDU_WEEKDAYS = {
    "peer": "monday",
    "pir": "monday",
    "peerwar": "monday",
    "somwar": "monday",
    "mangal": "tuesday",
    "mangalwar": "tuesday",
    "budh": "wednesday",
    "budhwar": "wednesday",
    "jumerat": "thursday",
    "jumeraat": "thursday",
    "jumairat": "thursday",
    "juma": "friday",
    "jumma": "friday",
    "jummah": "friday",
    "jumah": "friday",
    "shukarwar": "friday",
    "sanichar": "saturday",
    "itwar": "sunday",
    "itwaar": "sunday",
}

# Words never corrected into a weekday although they look alike.
_NOT_WEEKDAYS = {"today", "tonight", "someday", "weekday", "weekdays", "weekend", "monthly", "daily"}
_TYPO_CUTOFF = 0.75

# "as soon as you can", "the first free one": any bookable time, the earliest first.
EARLIEST = re.compile(
    r"\b(earliest|soonest|asap|as soon as (possible|you can)|first (available|free|one|slot|time|opening)|"
    r"jaldi|jald az jald|jitni jaldi|any ?time|whenever|any day|koi bhi din|kisi bhi din)\b"
)
NEXT_WEEK = re.compile(r"\b(next|coming|agle|aglay|agla|agley)\s+(week|wk|hafte|hafta|haftay)\b")
THIS_WEEK = re.compile(r"\b(this|is)\s+(week|hafte|hafta)\b")
WEEKDAYS_ONLY = re.compile(r"\b(any )?week ?days?\b")
WEEKEND = re.compile(r"\b(any )?week ?ends?\b")


# Hours written as words, where they clearly are hours: "five pm", "after five", "at seven".
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_HOUR_WORD = re.compile(
    r"\b(?:(?P<lead>at|after|before|from|until|till|by|past)\s+)?(?P<word>" + "|".join(_NUMBER_WORDS) + r")\b"
    r"(?P<tail>\s*(?:a\.?m\.?|p\.?m\.?|o'?\s?clock|baje))?"
)


def hours_as_digits(text: str) -> str:
    """ "after five pm" -> "after 5 pm"; "the first one" is left alone (no time word around it)."""

    def digits(m: re.Match[str]) -> str:
        if not (m.group("lead") or m.group("tail")):
            return m.group(0)
        hour = str(_NUMBER_WORDS.index(m.group("word")) + 1)
        return m.group(0).replace(m.group("word"), hour, 1)

    return _HOUR_WORD.sub(digits, text)


def _corrected(word: str) -> str:
    if word in URDU_WEEKDAYS:
        return URDU_WEEKDAYS[word]
    if len(word) < 5 or word in _NOT_WEEKDAYS or word in ENGLISH_WEEKDAYS:
        return word
    close = difflib.get_close_matches(word, ENGLISH_WEEKDAYS, n=1, cutoff=_TYPO_CUTOFF)
    return close[0] if close else word


# "hafte ko", "haftay wale din": on a day, "hafta" is Saturday ("agle hafte", "hafte mein" stay a week).
SATURDAY = re.compile(
    r"(?P<before>\b\w+\s+)?\b(?:hafte|haftay|hafta|hafty)\s+(?=ko\b|ke din\b|ki din\b|wale din\b|waley din\b|waly din\b)"
)
_A_WEEK_BEFORE = {"agle", "aglay", "agla", "agley", "is", "next", "this", "coming", "pichle", "ek", "do"}


def _saturday(m: re.Match[str]) -> str:
    before = m.group("before") or ""
    return m.group(0) if before.strip() in _A_WEEK_BEFORE else f"{before}saturday "


def normalise_days(text: str) -> str:
    """`text` (lower case) with Roman Urdu and misspelt weekday names written as English weekday names."""
    text = SATURDAY.sub(_saturday, text)
    return re.sub(r"[a-z]+", lambda m: _corrected(m.group(0)), text)
