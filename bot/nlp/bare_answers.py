"""Short answers to the question the bot just asked: "yes", "nahi", "none", "my dad".

Used only with understand(text, context_slot=...): without knowing the question, "yes" answers nothing.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from . import contract
from .understanding import Finding

DENY_CHOICE = {"shedding": "neither", "pregnancy": "no"}


def _starts_with(words: List[str], phrases: List[List[str]]) -> bool:
    return any(words[:len(p)] == p for p in phrases)


def answer_for(slot: str, text: str, findings: List[Finding], context: Dict[str, List[List[str]]]) -> Optional[Any]:
    q = contract.questions().get(slot)
    if q is None:
        return None
    words = re.findall(r"[a-z']+", text.lower())
    if not words or any(f.slot == slot for f in findings):
        return None  # "no itching" is a partial answer about one item, not "none of these"
    affirm = _starts_with(words, context["affirm"])
    deny = _starts_with(words, context["deny"])
    if affirm == deny:
        if slot == "family_history" and {w for w in words} & {p[0] for p in context["family_terms"]} \
                and not any(f.negated for f in findings):
            return True  # "my dad and my uncle" in answer to "has anyone in your family had hair loss?"
        return None
    kind = q["kind"]
    if kind == "yesno":
        return affirm
    if kind == "multi" and deny:
        return []
    if kind == "choice" and deny and slot in DENY_CHOICE:
        return DENY_CHOICE[slot]
    return None
