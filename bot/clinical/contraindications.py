"""Mesotherapy contraindications: reasons the treatment may not be safe now (weights.yml).

Different from red flags (REFERENCE.md 4): a contraindication is about the treatment, not the hair loss.
"""
from __future__ import annotations

from typing import List

from .assessment import Flag
from .facts import Facts
from .red_flags import rules_matching


def contraindications(facts: Facts) -> List[Flag]:
    return rules_matching("contraindications", facts)
