"""The flag rules of weights.yml (red flags, contraindications): which of them hold for a patient's Facts."""

from __future__ import annotations

from .assessment import Flag
from .facts import Facts
from .weights import weights


def rules_matching(section: str, facts: Facts) -> list[Flag]:
    """The rules of `section` ("red_flags" or "contraindications") with at least one condition list that holds."""
    out = []
    for rule in weights()[section]:
        if any(facts.all(terms) for terms in rule["any"]):
            out.append(
                Flag(
                    code=rule["code"],
                    patient=rule["patient"],
                    staff=rule["staff"],
                    source=str(rule.get("source", "")),
                    refer_to=rule.get("refer_to", ""),
                )
            )
    return out
