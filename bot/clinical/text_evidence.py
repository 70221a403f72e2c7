"""The text model's guess as one named piece of evidence, consulted only where the rules cannot pick a type.

The rules decide first (scorecard.decide). Where they answer "unclear" because too little was said or no type
stands out (never for a red flag or a picture outside the four types), the text model (text_model.py) is asked
which labelled descriptions the wording resembles. If its top label is one of the four types and at least
`min_probability` likely, one evidence item "Wording resembles descriptions of ..." adds `weight` x probability to
that type, and the rules decide again with it. Both numbers are in weights.yml (`text_model`), chosen by
leave-one-set-out (bot/clinical/leave_one_set_out.py). Red flags never come from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .assessment import UNCLEAR, Evidence
from .scorecard import UNDECIDED, decide
from .weights import weights

# The text model's probabilities for a description, or None when no model is trained.
Resemblance = Callable[[str], "dict[str, float] | None"]
NOT_AVAILABLE = "text_model_not_available"


def settings() -> dict[str, Any]:
    return weights()["text_model"]


def resemblance_evidence(text_probs: dict[str, float], conf: dict[str, Any] | None = None) -> Evidence | None:
    """The evidence item for the model's top label, or None when it is "unclear" or under `min_probability`."""
    conf = conf or settings()
    label = max(text_probs, key=lambda k: text_probs[k])
    p = text_probs[label]
    if label == UNCLEAR or p < conf["min_probability"] or conf["weight"] <= 0:
        return None
    words = conf["resembles"][label]
    return Evidence(
        code=f"text_resembles_{label}",
        patient=words["patient"],
        staff=f"{words['staff']} (text model, probability {p:.2f})",
        effects={label: round(conf["weight"] * p, 2)},
        source=conf["source"],
    )


def not_available_evidence() -> Evidence:
    """Said where the model would have been consulted but none is trained: the answer is the rules' alone."""
    return Evidence(
        code=NOT_AVAILABLE,
        patient="",
        staff="Wording not compared with labelled descriptions: the text model is not available (make text-model)",
        effects={},
    )


def decide_with_text(
    scores: dict[str, float],
    evidence: list[Evidence],
    flag_codes: list[str],
    text: str | None,
    resemblance: Resemblance,
    conf: dict[str, Any] | None = None,
) -> tuple[str, dict[str, float], float, str | None]:
    """scorecard.decide(), then, where it says "unclear" for want of a clear type, once more with the text model's
    evidence. `evidence` gains that item (or the note that the model is not available)."""
    decided = decide(scores, evidence, flag_codes)
    likely, _, _, reason = decided
    if likely != UNCLEAR or reason not in UNDECIDED or not (text and text.strip()):
        return decided
    text_probs = resemblance(text)
    if text_probs is None:
        evidence.append(not_available_evidence())
        return decided
    item = resemblance_evidence(text_probs, conf)
    if item is None:
        return decided
    evidence.append(item)
    with_text = dict(scores)
    for label, value in item.effects.items():
        with_text[label] += value
    return decide(with_text, evidence, flag_codes)
