"""Patient-facing texts about a result: why this likely type, and what mesotherapy involves for it.

All words live in explanations.yml; this module only chooses and orders them. (FAQ answers are the
utter_faq/* responses in domain.yml.)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .assessment import UNCLEAR, Assessment

EXPLANATIONS_PATH = Path(__file__).with_name("explanations.yml")
MAX_POINTS = 4


@lru_cache(maxsize=1)
def _texts() -> dict[str, Any]:
    return yaml.safe_load(EXPLANATIONS_PATH.read_text(encoding="utf-8"))


def type_name(likely_type: str) -> str:
    return _texts()["type_names"].get(likely_type, likely_type.replace("_", " "))


def explain_result(assessment: Assessment) -> list[str]:
    """The "why" for the patient: the pattern most like theirs, the top evidence points, not a diagnosis."""
    t = _texts()["result"]
    messages = []
    if assessment.likely_type == UNCLEAR:
        messages.append(t["unclear"])
    else:
        messages.append(t["likely"].format(type_name=type_name(assessment.likely_type)))
        points = [e.patient for e in assessment.evidence if e.effects.get(assessment.likely_type, 0) > 0]
        if points:
            messages.append(t["points_intro"] + "\n" + "\n".join(f"- {p}" for p in points[:MAX_POINTS]))
    if assessment.red_flags:
        messages.append(t["red_flags_intro"] + "\n" + "\n".join(f"- {f.patient}" for f in assessment.red_flags))
    return messages


def explain_mesotherapy(assessment: Assessment) -> list[str]:
    """Short chat messages about mesotherapy for this patient.

    Red flags: doctor first, no treatment promise.  Contraindications: may not be safe now.  Otherwise a
    type-specific lead, then what it involves, side effects, alternatives and the honest evidence.
    """
    m = _texts()["mesotherapy"]
    if assessment.red_flags:
        return (
            [m["red_flag_intro"]]
            + [f.patient for f in assessment.red_flags]
            + (
                [m["contraindication_intro"]] + [c.patient for c in assessment.contraindications]
                if assessment.contraindications
                else []
            )
            + [m["red_flag_close"], m["evidence"]]
        )
    lead = m["by_type"].get(assessment.likely_type, m["by_type"][UNCLEAR])
    if assessment.contraindications:
        return (
            [m["contraindication_intro"]]
            + [c.patient for c in assessment.contraindications]
            + [m["contraindication_close"], lead, m["what_it_is"], m["evidence"]]
        )
    return [lead, m["what_it_is"], m["procedure"], m["sessions"], m["side_effects"], m["comparison"], m["evidence"]]
