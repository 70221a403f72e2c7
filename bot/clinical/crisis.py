"""Self-harm in a patient's message, and the caring reply with crisis helplines (crisis_helplines.yml).

The same lexicon finding as the `self_harm` red flag (bot/nlp/lexicon.yml), said about the patient and not
negated ("no thoughts of hurting myself" is no mention).  Missing a crisis costs more than a caring reply too
many, so two things differ from the red flag: a hedge still counts ("maybe everyone would be better off
without me"), and a negation counts only close by (NEGATION_REACH words, no punctuation between): the
pipeline's wider reach would let "I have no energy and there is no point living" or "I don't know, sometimes I
want to die" deny the thought.  Pausing the intake and alerting staff belong to the conversation, not here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.nlp import understand
from bot.nlp.cleaning import clean
from bot.nlp.lexicon_file import words
from bot.nlp.understanding import PATIENT, Finding

HELPLINES_PATH = Path(__file__).with_name("crisis_helplines.yml")
SELF_HARM = "self_harm"
NEGATION_REACH = 4  # words before the thought ("I never had suicidal thoughts", "no thoughts of hurting myself")
AFTER_REACH = 2  # words after it ("khudkushi ka khayal nahi aaya")
WORD = re.compile(r"[\w']+|[.,;:!?]")
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "main", "mujhe", "mera", "meri", "apni", "khud"})
SKIPPED_AFTER = frozenset({":", "?"})  # "suicidal thoughts: no", "thoughts of suicide? no"


def mentions_self_harm(text: Any) -> bool:
    """True when the patient writes of self-harm or hopelessness about their own life."""
    cleaned = clean(text)
    return any(
        f.code == SELF_HARM
        and (f.subject == PATIENT or _first_person(f.text))
        and not (f.negated and _negated_close_by(cleaned, f))
        for f in understand(text).findings
    )


def _first_person(words_said: str) -> bool:
    """ "kill myself", "better off without me": the writer's own thought even in a clause naming a relative."""
    return bool(set(WORD.findall(words_said.lower())) & FIRST_PERSON)


def _is_negation(word: str) -> bool:
    return word in _single_words("negation_before") or word.endswith("n't")


@lru_cache(maxsize=4)
def _single_words(name: str) -> frozenset[str]:
    return frozenset(w for w in words(name) if " " not in w)


def _negated_close_by(text: str, finding: Finding) -> bool:
    """A negation word just before the finding (same stretch of words) or just after it."""
    before = WORD.findall(text[: finding.start].lower())[-NEGATION_REACH:]
    for word in reversed(before):
        if not word[0].isalnum():
            break
        if _is_negation(word):
            return True
    after_words = _single_words("negation_after") | _single_words("negation_after_urdu")
    for word in [w for w in WORD.findall(text[finding.end :].lower()) if w not in SKIPPED_AFTER][:AFTER_REACH]:
        if not word[0].isalnum():
            break
        if word in after_words:
            return True
    return False


@lru_cache(maxsize=1)
def _helplines() -> dict[str, Any]:
    return yaml.safe_load(HELPLINES_PATH.read_text(encoding="utf-8"))


def helplines_confirmed() -> bool:
    """Whether the clinic has confirmed the numbers (until then staff should be told when the reply is sent)."""
    return _helplines().get("confirmed_by_clinic") is True


def _line(helpline: dict[str, Any]) -> str:
    hours = f" ({helpline['hours']})" if helpline.get("hours") else ""
    return f"- {helpline['name']}: {helpline['number']}{hours}"


def crisis_message() -> str:
    """A short caring reply: not alone, talk to someone now, the numbers, the clinic will reach out."""
    data = _helplines()
    words = data["message"]
    # One message: no blank lines, which Rasa's output channels would send as separate messages.
    lines = [words["opening"], words["talk"]]
    lines += [_line(h) for h in data["helplines"] if h["kind"] == "talk"]
    lines += [words["emergency"]]
    lines += [_line(h) for h in data["helplines"] if h["kind"] == "emergency"]
    lines += [words["closing"]]
    return "\n".join(lines)
