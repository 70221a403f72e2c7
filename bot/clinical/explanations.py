"""Patient-facing texts about a result: why this likely type, what it means for mesotherapy, and more on request.

The result is short on purpose (a wall of messages scrolls the likely type out of sight): one message for the
likely type and why, one for what it means for mesotherapy or that a doctor should see the patient first.
`tell_me_more` gives the rest when the patient asks. All words live in explanations.yml; this module only
chooses and orders them. (FAQ answers are the utter_faq/* responses in domain.yml.)

`for_child`: a parent or guardian writes for a child, so the texts speak of "your child" and never describe
mesotherapy (the clinic gives it to no one under 18).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .assessment import UNCLEAR, Assessment, Evidence, Flag

EXPLANATIONS_PATH = Path(__file__).with_name("explanations.yml")
MAX_POINTS = 3
# Contraindications about pregnancy: then no treatment is suggested, not even the usual one for the type.
PREGNANCY_CODES = frozenset({"pregnancy", "breastfeeding", "trying_to_conceive"})
# Flags about medicines the patient takes: the patient hears (once) not to stop any medicine on their own.
MEDICINE_CODES = frozenset({"bleeding_risk", "immunosuppression", "cancer_treatment", "chemotherapy"})


@lru_cache(maxsize=1)
def _texts() -> dict[str, Any]:
    return yaml.safe_load(EXPLANATIONS_PATH.read_text(encoding="utf-8"))


def type_name(likely_type: str) -> str:
    return _texts()["type_names"].get(likely_type, likely_type.replace("_", " "))


def _worded(section: dict[str, str], key: str, for_child: bool) -> str:
    """The text for `key`, in its `_child` wording when a parent writes for a child and there is one."""
    return section.get(f"{key}_child", section[key]) if for_child else section[key]


def _patient_text(kind: str, item: Flag | Evidence, for_child: bool) -> str:
    """weights.yml words an item to the patient; for a child, explanations.yml's wording takes its place."""
    if for_child:
        return _texts()["for_child"].get(kind, {}).get(item.code, item.patient)
    return item.patient


def _bullets(intro: str, items: list[str]) -> str:
    if not items:
        return intro.rstrip(":") + "."
    return intro + "\n" + "\n".join(f"- {item}" for item in items)


def _paragraph(parts: Iterable[str]) -> str:
    return "\n".join(part for part in parts if part)


def explain_result(assessment: Assessment, for_child: bool = False) -> str:
    """One message: the pattern most like the patient's and the top reasons, in short. Never a diagnosis."""
    t = _texts()["result"]
    if assessment.likely_type == UNCLEAR:
        return _worded(t, "unclear", for_child)
    likely = _worded(t, "likely", for_child).format(type_name=type_name(assessment.likely_type))
    points = [
        _patient_text("points", e, for_child)
        for e in assessment.evidence
        if e.effects.get(assessment.likely_type, 0) > 0
    ][:MAX_POINTS]
    because = t["because"].format(points="\n".join(f"- {p}" for p in points)) if points else ""
    return _paragraph([likely, because, _worded(t, "not_a_diagnosis", for_child)])


def _keep_medicines(flags: list[Flag], said: list[str]) -> str:
    """ "Don't stop any medicine on your own", once: where a flag is about medicines and no text said it yet."""
    m = _texts()["mesotherapy"]
    if not any(f.code in MEDICINE_CODES for f in flags):
        return ""
    if any(m["keep_medicines_phrase"] in text.lower() for text in said):
        return ""
    return m["keep_medicines"]


def explain_mesotherapy(assessment: Assessment, for_child: bool = False) -> str:
    """One message on what the result means for mesotherapy.

    A red flag (and every child): a doctor first, each flag named once, no promise about any treatment.
    Contraindications: mesotherapy may not be safe now, and during pregnancy no treatment is suggested.
    Otherwise the type's lead. Each ends with how to hear more.
    """
    m = _texts()["mesotherapy"]
    flags = [_patient_text("red_flags", f, for_child) for f in assessment.red_flags]
    contra = [_patient_text("contraindications", c, for_child) for c in assessment.contraindications]
    everything = assessment.red_flags + assessment.contraindications
    hint = _worded(m, "tell_me_more_hint", for_child)
    if assessment.red_flags or for_child:
        return _paragraph(
            [
                _bullets(_worded(m, "red_flag_intro", for_child), flags),
                " ".join([m["also_not_now"], *contra]) if contra else "",
                _worded(m, "red_flag_close", for_child),
                _keep_medicines(everything, flags + contra),
                hint,
            ]
        )
    lead = m["by_type"].get(assessment.likely_type, m["by_type"][UNCLEAR])
    if not contra:
        return _paragraph([lead, hint])
    if PREGNANCY_CODES & {c.code for c in assessment.contraindications}:
        # No treatment suggested, not even the type's usual one; the lead says the dermatologist decides.
        lead, close = m["pregnancy_lead"], ""
    else:
        close = m["contraindication_close"]
    return _paragraph(
        [_bullets(m["contraindication_intro"], contra), lead, close, _keep_medicines(everything, contra), hint]
    )


def tell_me_more(assessment: Assessment | None, for_child: bool = False) -> list[str]:
    """What "tell me more" adds (a few messages), by the same cases as explain_mesotherapy.

    None: no result yet, so what mesotherapy is in general. A child: what happens at the consultation,
    nothing on mesotherapy. A red flag: no sessions or course, which would read as a promise. Pregnancy:
    nothing that suggests a medicine."""
    t = _texts()["more"]
    if for_child:
        return [t["consultation_child"]]
    if assessment is None:
        return [t["what_it_is"], _paragraph([t["evidence"], t["before_result"]])]
    if assessment.red_flags:
        return [t["what_it_is"], _paragraph([t["evidence"], t["after_doctor"]])]
    codes = {c.code for c in assessment.contraindications}
    if codes & PREGNANCY_CODES:
        return [t["what_it_is"], _paragraph([t["after_pregnancy"], t["evidence"]])]
    if codes:
        return [_paragraph([t["what_it_is"], t["side_effects"]]), _paragraph([t["evidence"], t["safe_first"]])]
    return [
        _paragraph([t["what_it_is"], t["procedure"]]),
        _paragraph([t["sessions"], t["side_effects"]]),
        _paragraph([t["comparison"], t["evidence"]]),
    ]
