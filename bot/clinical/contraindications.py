"""Mesotherapy contraindications: reasons the treatment may not be safe now (weights.yml).

Different from red flags: a contraindication is about the treatment, not the hair loss.
"""

from __future__ import annotations

from .assessment import Flag
from .facts import Facts
from .flag_rules import rules_matching


def contraindications(facts: Facts) -> list[Flag]:
    return rules_matching("contraindications", facts)
