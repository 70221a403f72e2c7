"""Slot values that a message gives without being asked, and whether it corrects an earlier answer.

"Started suddenly 3 weeks ago with a round patch" answers onset, duration and pattern at once, so the form
does not ask them again. The clinical reading of free text is bot.nlp's (the turn's one reading); names and
ages are read here. Only what the patient states about themselves counts: nothing from a question they ask
("is warfarin a blood thinner?"), and no family history in passing ("his cousin had the same") -- that is
asked. A correction needs clear words ("actually", "I meant", "oops", "19 not 91"), not any "sorry" or
"started".
"""

from __future__ import annotations

import re
from typing import Any

from bot.conversation.answers import parse_age, parse_name
from bot.nlp.non_answers import is_question_back
from bot.nlp.understanding import Understanding

_NAME = re.compile(r"\b(?:my name is|my name's|mera naam|call me)\s+([^\W\d_]+)", re.I | re.UNICODE)
_CORRECTION = re.compile(
    r"\b(?:actually|i meant|correction|wrong|mistake|not \w+ but|change (?:my|the|it)|no wait|instead|galat|"
    r"ghalat|galti|should be|oops|typo|not \d+|\d+ not \d+|"
    # "sorry, it's 5 months" corrects; "sorry for my English" does not
    r"sorry,? (?:i|i'm|im|it|it's|its|my|that|the|not|\d+))\b",
    re.I,
)
# Naming a question's subject ("my age is 35") is a correction too, even without "actually". Not "started":
# a description says how it started without correcting anything.
_MENTIONS = {
    "age": re.compile(r"\b(?:age|years old|yrs old)\b", re.I),
    "first_name": re.compile(r"\b(?:my name|name is|call me)\b", re.I),
}
# Asked, never taken in passing: a relative mentioned in a description is not yet an answer about the family.
ASKED_ONLY = frozenset({"family_history"})
# "no medicines except vitamin D": the "none" of a list is not the whole answer.
_EXCEPTION = re.compile(r"\b(?:except|but|only|sirf|apart from|besides|other than|siwaye)\b", re.I)


def is_correction(text: str) -> bool:
    return bool(_CORRECTION.search(text or ""))


def mentioned_slots(text: str) -> set[str]:
    return {slot for slot, pattern in _MENTIONS.items() if pattern.search(text or "")}


def volunteered(text: str, understanding: Understanding) -> dict[str, Any]:
    """Slot values stated clearly enough in free text to be used without asking.

    `understanding`: bot.nlp's reading of `text`; a bare "yes" to the question asked is not volunteered."""
    if is_question_back(text or ""):
        return {}
    values: dict[str, Any] = {k: v for k, v in understanding.stated_slots().items() if k not in ASKED_ONLY}
    if _EXCEPTION.search(text or ""):
        values = {k: v for k, v in values.items() if v != []}
    if "duration_days" in values and not any(f.code == "duration" and f.asserted for f in understanding.findings):
        del values["duration_days"]  # "for years" names no number: the question asks for one
    match = _NAME.search(text or "")
    if match:
        name = parse_name(match.group(1))
        if name:
            values["first_name"] = name
    return values


def corrections(text: str, understanding: Understanding) -> dict[str, Any]:
    """Values for slots the message names or corrects ("actually I'm 35", "sorry, it started suddenly")."""
    values = volunteered(text, understanding)
    stated = understanding.stated_slots()
    if is_correction(text) and not is_question_back(text or ""):
        # "actually my father is bald too": said as a correction, it is a clear answer
        values.update({k: stated[k] for k in ASKED_ONLY if k in stated})
    if "age" in mentioned_slots(text) and "age" not in values:
        age = parse_age(text)
        if age is not None:
            values["age"] = age
    return values
