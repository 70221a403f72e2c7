"""assess(): what the form and the free text say about a patient -> their Assessment.

The reasoning in order: Facts (facts.py), scores and evidence (scorecard.py), red flags, the likely type or
"unclear", contraindications."""

from __future__ import annotations

from typing import Any

from .assessment import Assessment
from .contraindications import contraindications
from .facts import build
from .red_flags import red_flags
from .scorecard import decide, score


def assess(slots: dict[str, Any] | None = None, understanding_or_findings: Any = None) -> Assessment:
    """Likely type (never a diagnosis), red flags and contraindications for one patient.

    `slots`: intake answers in questions.yml vocabulary ("skipped"/missing tolerated).
    `understanding_or_findings`: bot.nlp Understanding of the free text, or a list of Finding (or dicts).
    """
    facts = build(slots, understanding_or_findings)
    scores, evidence = score(facts)
    flags = red_flags(facts)
    likely, probs, confidence, reason = decide(scores, evidence, [f.code for f in flags])
    focus = likely if likely in probs else max(probs, key=lambda t: probs[t])
    evidence.sort(key=lambda e: -abs(e.effects.get(focus, 0.0)))
    return Assessment(
        likely_type=likely,
        probabilities=probs,
        confidence=confidence,
        red_flags=flags,
        contraindications=contraindications(facts),
        evidence=evidence,
        unclear_reason=reason,
        facts={
            "values": {k: sorted(v) for k, v in facts.values.items()},
            "numbers": facts.numbers,
            "findings": sorted(facts.findings),
            "minor": facts.minor,
        },
    )
