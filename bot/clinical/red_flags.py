"""Red flags: reasons to see a doctor about the hair loss itself before any cosmetic treatment (weights.yml)."""

from __future__ import annotations

from .assessment import Flag
from .facts import Facts
from .flag_rules import rules_matching


def red_flags(facts: Facts) -> list[Flag]:
    return rules_matching("red_flags", facts)
