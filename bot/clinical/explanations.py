"""Patient-facing texts: why this result, what mesotherapy involves (tailored), and FAQ answers.

All words live in explanations.yml; this module only chooses and orders them.
"""
from __future__ import annotations

import re
from typing import List

from . import model
from .assessment import UNCLEAR, Assessment

MAX_POINTS = 4


def _texts():
    return model.explanations()


def type_name(likely_type: str) -> str:
    return _texts()["type_names"].get(likely_type, likely_type.replace("_", " "))


def explain_result(assessment: Assessment) -> List[str]:
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


def explain_mesotherapy(assessment: Assessment) -> List[str]:
    """Short chat messages about mesotherapy for this patient.

    Red flags: doctor first, no treatment promise.  Contraindications: may not be safe now.  Otherwise a
    type-specific lead, then what it involves, side effects, alternatives and the honest evidence.
    """
    m = _texts()["mesotherapy"]
    if assessment.red_flags:
        return ([m["red_flag_intro"]] + [f.patient for f in assessment.red_flags]
                + ([m["contraindication_intro"]] + [c.patient for c in assessment.contraindications]
                   if assessment.contraindications else [])
                + [m["red_flag_close"], m["evidence"]])
    lead = m["by_type"].get(assessment.likely_type, m["by_type"][UNCLEAR])
    if assessment.contraindications:
        return ([m["contraindication_intro"]] + [c.patient for c in assessment.contraindications]
                + [m["contraindication_close"], lead, m["what_it_is"], m["evidence"]])
    return [lead, m["what_it_is"], m["procedure"], m["sessions"], m["side_effects"], m["comparison"],
            m["evidence"]]


def _key(topic: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(topic).lower()).strip("_")


def faq_topics() -> List[str]:
    return list(_texts()["faq"])


def faq_answer(topic: str) -> str:
    """Answer for a FAQ topic or one of its aliases ("price" -> cost); a polite fallback otherwise."""
    faq = _texts()["faq"]
    key = _key(topic)
    if key in faq:
        return faq[key]["answer"]
    for entry in faq.values():
        if key in {_key(a) for a in entry.get("aliases", [])}:
            return entry["answer"]
    return _texts()["faq_fallback"]
