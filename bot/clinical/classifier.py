"""Likely type from Facts: additive weights from weights.yml, softmax, and an explicit "unclear" rule.

A transparent scorecard rather than a trained model: 83 labelled descriptions are far too few to train on,
and a clinician must be able to read and change every weight.
"""
from __future__ import annotations

import math
from typing import Dict, List, Optional, Tuple

from . import model
from .assessment import UNCLEAR, Evidence
from .facts import Facts


def softmax(scores: Dict[str, float]) -> Dict[str, float]:
    top = max(scores.values())
    exp = {k: math.exp(v - top) for k, v in scores.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


def score(facts: Facts) -> Tuple[Dict[str, float], List[Evidence]]:
    """Scores per full type name and the evidence items that fired."""
    w = model.weights()
    short = w["types"]
    scores = {short[k]: float(v) for k, v in w["priors"].items()}
    evidence = []
    for feat in w["features"]:
        if not facts.all(feat["when"]):
            continue
        effects = {short[k]: float(v) for k, v in feat["weights"].items() if v}
        for t, v in effects.items():
            scores[t] += v
        evidence.append(Evidence(code=feat["code"], patient=feat["patient"], staff=feat["staff"],
                                 effects=effects, source=str(feat.get("source", ""))))
    return scores, evidence


def decide(scores: Dict[str, float], evidence: List[Evidence], red_flag_codes: List[str]
           ) -> Tuple[str, Dict[str, float], float, Optional[str]]:
    """(likely type or "unclear", probabilities, confidence, why unclear)."""
    w = model.weights()
    th = w["thresholds"]
    probs = softmax(scores)
    ranked = sorted(probs, key=probs.get, reverse=True)
    top, second = ranked[0], ranked[1]
    def support(t: str) -> float:
        return sum(e.effects.get(t, 0.0) for e in evidence if e.effects.get(t, 0.0) > 0)
    reason = None
    outside = [c for c in red_flag_codes if c in w.get("unclear_when_red_flags", [])]
    if outside:
        reason = "signs of a condition outside the four types: " + ", ".join(outside)
    elif support(top) < th["min_support"]:
        reason = "too little information"
    elif probs[top] < th["min_probability"]:
        reason = "no type clearly more likely"
    elif probs[top] - probs[second] < th["min_margin"] or (
            support(second) >= th["conflict_support"] and probs[top] - probs[second] < th["conflict_margin"]):
        reason = "conflicting evidence"
    probs = {k: round(v, 4) for k, v in probs.items()}
    return (UNCLEAR if reason else top), probs, round(probs[top], 4), reason
