"""Red flags: reasons to see a doctor about the hair loss itself before any cosmetic treatment (weights.yml)."""
from __future__ import annotations

from typing import List

from . import model
from .assessment import Flag
from .facts import Facts


def rules_matching(section: str, facts: Facts) -> List[Flag]:
    out = []
    for rule in model.weights()[section]:
        if any(facts.all(terms) for terms in rule["any"]):
            out.append(Flag(code=rule["code"], patient=rule["patient"], staff=rule["staff"],
                            source=str(rule.get("source", ""))))
    return out


def red_flags(facts: Facts) -> List[Flag]:
    return rules_matching("red_flags", facts)
