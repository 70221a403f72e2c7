"""Short answers to the question the bot just asked: "yes", "nahi", "none", "my dad".

Used only with understand(text, context_slot=...): without knowing the question, "yes" answers nothing.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from bot.intake.questions import questions_by_slot

from .lexicon_file import context_words
from .understanding import Finding

DENY_CHOICE = {"shedding": "neither", "pregnancy": "no"}


def _starts_with(words: list[str], phrases: list[list[str]]) -> bool:
    return any(words[: len(p)] == p for p in phrases)


@cache
def _whole_replies() -> tuple[frozenset[str], frozenset[str]]:
    """(replies that are a yes, replies that are a no or "none of these"), from the lexicon."""
    words = context_words()
    return frozenset(words["affirm"]), frozenset(words["deny"] + words["none_of_these"])


def answer_for(slot: str, text: str, findings: list[Finding], context: dict[str, list[list[str]]]) -> Any | None:
    q = questions_by_slot().get(slot)
    if q is None:
        return None
    words = re.findall(r"[a-z']+", text.lower())
    if not words or any(f.slot == slot for f in findings):
        return None  # "no itching" is a partial answer about one item, not "none of these"
    whole = " ".join(words)
    yes_replies, no_replies = _whole_replies()
    affirm = whole in yes_replies or _starts_with(words, context["bare_affirm_leads"])
    deny = whole in no_replies or _starts_with(words, context["bare_deny_leads"])
    if affirm == deny:
        if (
            slot == "family_history"
            and set(words) & {p[0] for p in context["family_terms"]}
            and not any(f.negated for f in findings)
        ):
            return True  # "my dad and my uncle" in answer to "has anyone in your family had hair loss?"
        return None
    kind = q.kind
    if kind == "yesno":
        return affirm
    if kind == "multi" and deny:
        return []
    if kind == "choice" and deny and slot in DENY_CHOICE:
        return DENY_CHOICE[slot]
    return None
