"""Slot values that a message gives without being asked, and whether it corrects an earlier answer.

"Started suddenly 3 weeks ago with a round patch" answers onset, duration and pattern at once, so the form
does not ask them again. The clinical reading of free text is bot.nlp's (the turn's one reading); names and
ages are read here.
"""

from __future__ import annotations

import re
from typing import Any

from bot.conversation.answers import parse_age, parse_name
from bot.nlp.understanding import Understanding

_NAME = re.compile(r"\b(?:my name is|my name's|mera naam|call me)\s+([^\W\d_]+)", re.I | re.UNICODE)
_CORRECTION = re.compile(
    r"\b(?:actually|sorry|i meant|i mean|correction|wrong|mistake|not \w+ but|change (?:my|the|it)|"
    r"no wait|instead|update|galat|should be|it's not|its not)\b",
    re.I,
)
# Naming a question's subject ("my age is 35") is a correction too, even without "actually".
_MENTIONS = {
    "age": re.compile(r"\b(?:age|years old|yrs old)\b", re.I),
    "first_name": re.compile(r"\b(?:my name|name is|call me)\b", re.I),
    "onset": re.compile(r"\b(?:started|start|began|begun|onset)\b", re.I),
}


def is_correction(text: str) -> bool:
    return bool(_CORRECTION.search(text or ""))


def mentioned_slots(text: str) -> set[str]:
    return {slot for slot, pattern in _MENTIONS.items() if pattern.search(text or "")}


def volunteered(text: str, understanding: Understanding) -> dict[str, Any]:
    """Slot values stated clearly enough in free text to be used without asking.

    `understanding`: bot.nlp's reading of `text`; a bare "yes" to the question asked is not volunteered."""
    values: dict[str, Any] = understanding.stated_slots()
    match = _NAME.search(text or "")
    if match:
        name = parse_name(match.group(1))
        if name:
            values["first_name"] = name
    return values


def corrections(text: str, understanding: Understanding) -> dict[str, Any]:
    """Values for slots the message names or corrects ("actually I'm 35", "sorry, it started suddenly")."""
    values = volunteered(text, understanding)
    if "age" in mentioned_slots(text) and "age" not in values:
        age = parse_age(text)
        if age is not None:
            values["age"] = age
    return values
