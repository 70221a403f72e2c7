"""assess(): what the form and the free text say about a patient -> their Assessment.

The reasoning in order: Facts (facts.py), scores and evidence (scorecard.py), red flags, the likely type or
"unclear" (where the rules cannot pick a type, the text model's resemblance is one more named piece of evidence:
text_evidence.py), contraindications. Last, where the rules raised no red flag, the red-flag safety net
(red_flag_model.py) may add one doctor-first flag; it never removes a flag and never changes the type."""

from __future__ import annotations

from typing import Any

from .assessment import Assessment, Flag, FlagProbability
from .contraindications import contraindications
from .facts import build
from .red_flags import red_flags
from .scorecard import score
from .text_evidence import Resemblance, decide_with_text


def trained_resemblance(text: str) -> dict[str, float] | None:
    """The trained text model's probabilities, or None without one (imported on use: `python -m` runs the module)."""
    from .text_model import resemblance

    return resemblance(text)


def safety_net(text: str | None, raised: list[str], flag_probability: FlagProbability | None) -> Flag | None:
    """The red-flag safety net's flag or None (imported on use: `python -m` runs the module)."""
    from .red_flag_model import safety_net_flag

    return safety_net_flag(text, raised, flag_probability)


def assess(
    slots: dict[str, Any] | None = None,
    understanding_or_findings: Any = None,
    text: str | None = None,
    resemblance: Resemblance | None = None,
    flag_probability: FlagProbability | None = None,
) -> Assessment:
    """Likely type (never a diagnosis), red flags and contraindications for one patient.

    `slots`: intake answers in questions.yml vocabulary ("skipped"/missing tolerated).
    `understanding_or_findings`: bot.nlp Understanding of the free text, or a list of Finding (or dicts).
    `text`: the patient's description, for the text model (default: the `description` slot when it is text).
    `resemblance`: text -> the text model's probabilities (default: the trained model in models/, if any).
    `flag_probability`: text -> the red-flag model's probability (default: the trained model in models/, if any).
    """
    facts = build(slots, understanding_or_findings)
    scores, evidence = score(facts)
    flags = red_flags(facts)
    if text is None and isinstance(slots, dict) and isinstance(slots.get("description"), str):
        text = slots["description"]
    likely, probs, confidence, reason = decide_with_text(
        scores,
        evidence,
        [f.code for f in flags],
        text if text != "skipped" else None,
        resemblance or trained_resemblance,
    )
    net = safety_net(text if text != "skipped" else None, [f.code for f in flags], flag_probability)
    if net is not None:  # after the type is decided: the safety net adds a doctor first, it changes no type
        flags = flags + [net]
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
