"""classify_text(): one description -> one JSON-able result; shared by the CLI, the evaluation and the bench."""

from __future__ import annotations

from typing import Any

from bot.nlp import understand

from .assessment import FlagProbability
from .reasoning import assess


def classify_text(
    text: str, slots: dict[str, Any] | None = None, flag_probability: FlagProbability | None = None
) -> dict[str, Any]:
    """`flag_probability`: the red-flag safety net's model (default: the trained one, if any; `lambda _t: None`
    for the rules alone)."""
    u = understand(text)
    merged = dict(u.slots)
    merged.update({k: v for k, v in (slots or {}).items() if v not in (None, "skipped")})
    a = assess(merged, u, text=text, flag_probability=flag_probability)
    return {
        "likely_type": a.likely_type,
        "probabilities": a.probabilities,
        "confidence": a.confidence,
        "red_flags": [f.code for f in a.red_flags],
        "contraindications": [c.code for c in a.contraindications],
        "evidence": [e.summary() for e in a.evidence],
        "unclear_reason": a.unclear_reason,
        "findings": u.to_dict(),
    }
