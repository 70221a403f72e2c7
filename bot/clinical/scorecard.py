"""Likely type from Facts: additive weights from weights.yml, softmax, and an explicit "unclear" rule.

A transparent scorecard: a clinician must be able to read and change every weight. The trained text model
(text_model.py) only adds one named, weighted piece of evidence where this scorecard cannot decide (text_evidence.py).
"""

from __future__ import annotations

import math

from .assessment import UNCLEAR, Evidence
from .facts import Facts
from .weights import weights

# Why the answer is "unclear" when the rules cannot pick a type (not a sign of another condition): the cases where
# the text model may be consulted (text_evidence.py).
TOO_LITTLE = "too little information"
CONFLICTING = "conflicting evidence"
NONE_STANDS_OUT = "no type clearly more likely"
OUTSIDE_THE_FOUR = "signs of a condition outside the four types: "  # then the red-flag codes
UNDECIDED = (TOO_LITTLE, CONFLICTING, NONE_STANDS_OUT)


def softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exp = {k: math.exp(v - top) for k, v in scores.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


def score(facts: Facts) -> tuple[dict[str, float], list[Evidence]]:
    """Scores per full type name and the evidence items that fired."""
    w = weights()
    short = w["types"]
    scores = {short[k]: float(v) for k, v in w["priors"].items()}
    evidence = []
    for feat in w["features"]:
        if not facts.all(feat["when"]):
            continue
        effects = {short[k]: float(v) for k, v in feat["weights"].items() if v}
        for t, v in effects.items():
            scores[t] += v
        evidence.append(
            Evidence(
                code=feat["code"],
                patient=feat["patient"],
                staff=feat["staff"],
                effects=effects,
                source=str(feat.get("source", "")),
            )
        )
    return scores, evidence


def decide(
    scores: dict[str, float], evidence: list[Evidence], red_flag_codes: list[str]
) -> tuple[str, dict[str, float], float, str | None]:
    """(likely type or "unclear", probabilities, confidence, why unclear)."""
    w = weights()
    th = w["thresholds"]
    probs = softmax(scores)
    ranked = sorted(probs, key=lambda t: probs[t], reverse=True)
    top, second = ranked[0], ranked[1]

    def support(t: str) -> float:
        return sum(e.effects.get(t, 0.0) for e in evidence if e.effects.get(t, 0.0) > 0)

    reason = None
    outside = [c for c in red_flag_codes if c in w.get("unclear_when_red_flags", [])]
    # a feature may itself say the picture is none of the four ("unclear: hair pulling ...")
    none_of_four = {f["code"]: f["unclear"] for f in w["features"] if f.get("unclear")}
    other_cause = [none_of_four[e.code] for e in evidence if e.code in none_of_four]
    if outside:
        reason = OUTSIDE_THE_FOUR + ", ".join(outside)
    elif other_cause:
        reason = "; ".join(other_cause)
    elif support(top) < th["min_support"]:
        reason = TOO_LITTLE
    elif probs[top] < th["min_odds_ratio"] * probs[second]:
        # one rule for "no type stands out": the top type is less than twice as likely as the runner-up
        reason = CONFLICTING if support(second) >= th["min_support"] else NONE_STANDS_OUT
    probs = {k: round(v, 4) for k, v in probs.items()}
    return (UNCLEAR if reason else top), probs, round(probs[top], 4), reason
