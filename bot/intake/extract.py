"""Slot values that a message gives without being asked, and whether it corrects an earlier answer.

"Started suddenly 3 weeks ago with a round patch" answers onset, duration and pattern at once, so the form
does not ask them again. Only phrasings that are unambiguous out of context are read here.
"""
from __future__ import annotations

import re
from typing import Any

from bot.intake.answers import matching_choices, parse_age, parse_name, normalise
from bot.intake.durations import parse_duration_days
from bot.intake.questions import question

_AGE = [
    re.compile(r"\b(?:i am|i'm|im|i m)\s+(\d{1,3})\b(?!\s*(?:days?|weeks?|months?|years? ago|kg|cm|%))", re.I),
    re.compile(r"\b(\d{1,3})\s*(?:years? old|yrs? old|y/o|yo|year-old|saal ka|saal ki)\b", re.I),
    re.compile(r"\b(?:age|aged|my age is|age is)\s*:?\s*(\d{1,3})\b", re.I),
]
_NAME = re.compile(r"\b(?:my name is|my name's|mera naam|call me)\s+([^\W\d_]+)", re.I | re.UNICODE)
_SEX = re.compile(r"\bi(?:'m| am|m)\s+(?:a\s+)?(woman|man|girl|boy|female|male|lady|guy)\b", re.I)
_SEX_WORDS = {"woman": "female", "girl": "female", "female": "female", "lady": "female",
              "man": "male", "boy": "male", "male": "male", "guy": "male"}
# A duration only counts when it is phrased as one ("for 3 months", "since 2 years", "3 weeks ago").
_DURATION_CONTEXT = re.compile(
    r"\b(?:for|since|past|last|over|about|around|almost|nearly|from)\s+(?:the\s+)?(?:past\s+|last\s+)?"
    r"[\w.-]+\s*(?:and a half\s*)?\w+|\b[\w.-]+\s+\w+\s+ago\b|\bsince last \w+", re.I)
_CORRECTION = re.compile(
    r"\b(?:actually|sorry|i meant|i mean|correction|wrong|mistake|not \w+ but|change (?:my|the|it)|"
    r"no wait|instead|update|galat|should be|it's not|its not)\b", re.I)
# Naming the slot ("my age is 35") is a correction too, even without "actually".
_MENTIONS = {
    "age": re.compile(r"\b(?:age|years old|yrs old)\b", re.I),
    "first_name": re.compile(r"\b(?:my name|name is|call me)\b", re.I),
    "onset": re.compile(r"\b(?:started|start|began|begun|onset)\b", re.I),
    "duration_days": re.compile(r"\b(?:for|since|ago|going on)\b", re.I),
}


def is_correction(text: str) -> bool:
    return bool(_CORRECTION.search(text or ""))


def mentioned_slots(text: str) -> set[str]:
    return {slot for slot, pattern in _MENTIONS.items() if pattern.search(text or "")}


def _single_choice(slot: str, text: str) -> Any | None:
    found = matching_choices(question(slot), text)
    return found[0] if len(found) == 1 else None


def volunteered(text: str) -> dict[str, Any]:
    """Slot values stated clearly enough in free text to be used without asking."""
    text = (text or "")[:5000]
    values: dict[str, Any] = {}
    for pattern in _AGE:
        match = pattern.search(text)
        if match and parse_age(match.group(1)) is not None:
            values["age"] = int(match.group(1))
            break
    match = _NAME.search(text)
    if match:
        name = parse_name(match.group(1))
        if name:
            values["first_name"] = name
    match = _SEX.search(text)
    if match:
        values["sex"] = _SEX_WORDS[match.group(1).lower()]
    for match in _DURATION_CONTEXT.finditer(text):
        days = parse_duration_days(match.group(0))
        if days:
            values["duration_days"] = days
            break
    for slot in ("onset", "pattern"):
        value = _single_choice(slot, text)
        if value is not None:
            values[slot] = value
    if "clumps" in matching_choices(question("shedding"), text):
        values["shedding"] = "clumps"
    return values


def corrections(text: str) -> dict[str, Any]:
    """Values for slots the message names or corrects ("actually I'm 35", "sorry, it started suddenly")."""
    values = volunteered(text)
    norm = normalise(text)
    if "age" in mentioned_slots(text) and "age" not in values:
        age = parse_age(norm)
        if age is not None:
            values["age"] = age
    return values
