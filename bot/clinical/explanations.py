"""Patient-facing texts about a result: why this likely type, what it means for mesotherapy, and more on request.

The result is short on purpose (a wall of messages scrolls the likely type out of sight): one message for the
likely type and why, one for what it means for mesotherapy or who should see the patient first.
`tell_me_more` gives the rest when the patient asks. The words live in explanations.yml; the FAQ answers
(what mesotherapy is, sessions, evidence ...) are domain.yml's utter_faq/* responses, their only copy, which
`tell_me_more` reuses. This module only chooses and orders them.

Mesotherapy is talked through only where it is the route: pattern hair loss, no red flag, not a child. For
the other types the texts say what matters for that type instead; a red flag names who should see the patient
first, once for all the flags that send them there.

Points and red flags say back only what the patient said: the weights.yml conditions that held for them
(read from the facts the assessment was made of) choose the words.

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
from .facts import Facts
from .weights import weights

EXPLANATIONS_PATH = Path(__file__).with_name("explanations.yml")
# The FAQ answers: the utter_faq/* responses of the assistant's domain.
DOMAIN_PATH = Path(__file__).resolve().parents[2] / "domain.yml"
FAQ_PREFIX = "utter_faq/"
MAX_POINTS = 3
# The one type mesotherapy may be a route for (an add-on the dermatologist may suggest, REFERENCE 3).
MESOTHERAPY_ROUTE = "androgenetic_alopecia"
# Contraindications about pregnancy: then no treatment is suggested, not even the usual one for the type.
PREGNANCY_CODES = frozenset({"pregnancy", "breastfeeding", "trying_to_conceive"})
# Flags about medicines the patient takes: the patient hears (once) not to stop any medicine on their own.
MEDICINE_CODES = frozenset({"bleeding_risk", "immunosuppression", "cancer_treatment", "chemotherapy"})
# weights.yml's section for each kind of item a text is chosen for.
RULE_SECTIONS = {"points": "features", "red_flags": "red_flags", "contraindications": "contraindications"}


@lru_cache(maxsize=1)
def _texts() -> dict[str, Any]:
    return yaml.safe_load(EXPLANATIONS_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _faq_answers() -> dict[str, str]:
    responses = yaml.safe_load(DOMAIN_PATH.read_text(encoding="utf-8"))["responses"]
    return {
        name.removeprefix(FAQ_PREFIX): variants[0]["text"]
        for name, variants in responses.items()
        if name.startswith(FAQ_PREFIX)
    }


def faq(topic: str) -> str:
    """The FAQ answer on `topic` ("what_is_mesotherapy", "sessions" ...), as domain.yml words it."""
    return _faq_answers()[topic]


def type_name(likely_type: str) -> str:
    return _texts()["type_names"].get(likely_type, likely_type.replace("_", " "))


def _worded(section: dict[str, str], key: str, for_child: bool) -> str:
    """The text for `key`, in its `_child` wording when a parent writes for a child and there is one."""
    return section.get(f"{key}_child", section[key]) if for_child else section[key]


def _facts(assessment: Assessment) -> Facts:
    """The facts the assessment was made of, as it keeps them."""
    kept = assessment.facts
    return Facts(
        values={slot: set(values) for slot, values in (kept.get("values") or {}).items()},
        numbers=dict(kept.get("numbers") or {}),
        findings=set(kept.get("findings") or []),
        minor=bool(kept.get("minor")),
    )


def _rule_alternatives(kind: str, code: str) -> list[list[str]]:
    """The condition lists of the weights.yml rule behind an item: a feature's `when`, a flag's `any`."""
    for rule in weights().get(RULE_SECTIONS[kind]) or []:
        if rule["code"] == code:
            return [rule["when"]] if "when" in rule else list(rule.get("any") or [])
    return []  # a rule since renamed or removed (an assessment kept from before)


def said_words(kind: str, item: Flag | Evidence, assessment: Assessment) -> list[str]:
    """The patient's words for what raised `item`: the conditions of its rule that held, each once."""
    facts = _facts(assessment)
    words = _texts()["said"]
    found: list[str] = []
    for terms in _rule_alternatives(kind, item.code):
        if not facts.all(terms):
            continue
        for term in terms:
            if term.startswith("!"):
                continue
            slot, _, value = term.partition("=")
            # "triggers=*": any value of the slot, so the values the patient gave
            keys = [f"{slot}={v}" for v in sorted(facts.values.get(slot, ()))] if value == "*" else [term]
            found += [words[key] for key in keys if key in words]
    return list(dict.fromkeys(found))


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _patient_text(kind: str, item: Flag | Evidence, assessment: Assessment, for_child: bool) -> str:
    """The item's words: explanations.yml's for a child or where weights.yml's would say more than was said,
    else weights.yml's own; a {said} text says back what raised the item."""
    texts = _texts()
    text: Any = texts["for_child"].get(kind, {}).get(item.code) if for_child else None
    if text is None:
        text = texts["for_patient"].get(kind, {}).get(item.code)
    if text is None:
        return item.patient
    if isinstance(text, str):
        return text
    words = said_words(kind, item, assessment)
    return text["said"].format(said=_listed(words)) if words else text["otherwise"]


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
        _patient_text("points", e, assessment, for_child)
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


def _referral_groups(assessment: Assessment, for_child: bool) -> list[str]:
    """Who should see the patient first, each named once (Assessment.referrals' order), with the short
    reasons of the red flags that send the patient there."""
    referrals = _texts()["referrals"]
    first, also = ("first_child", "also_child") if for_child else ("first", "also")
    order = assessment.referrals()
    order += [""] if any(not f.refer_to for f in assessment.red_flags) else []  # flags kept from before refer_to
    groups = []
    for index, refer_to in enumerate(order):
        headings = referrals[first if index == 0 else also]
        reasons = [
            _patient_text("red_flags", f, assessment, for_child) for f in assessment.red_flags if f.refer_to == refer_to
        ]
        groups.append(_bullets(headings.get(refer_to, headings[""]), list(dict.fromkeys(reasons))))
    return groups


def explain_mesotherapy(assessment: Assessment, for_child: bool = False) -> str:
    """One message on what the result means for mesotherapy.

    A red flag (and every child): who should see the patient first, each named once with the reasons, and no
    promise about any treatment. Contraindications: mesotherapy may not be safe now, and during pregnancy no
    treatment is suggested. Otherwise the type's lead. Each ends with how to hear more.
    """
    m = _texts()["mesotherapy"]
    contra = [_patient_text("contraindications", c, assessment, for_child) for c in assessment.contraindications]
    everything = assessment.red_flags + assessment.contraindications
    if assessment.red_flags or for_child:
        groups = _referral_groups(assessment, for_child) if assessment.red_flags else []
        return _paragraph(
            [
                *groups,
                " ".join([m["also_not_now"], *contra]) if contra else "",
                _worded(m, "red_flag_close", for_child),
                _keep_medicines(everything, groups + contra),
                _worded(m, "tell_me_more_hint", for_child),
            ]
        )
    route = assessment.likely_type == MESOTHERAPY_ROUTE
    hint = m["tell_me_more_hint" if route else "tell_me_more_hint_other"]
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
    nothing on mesotherapy. A red flag: the doctor first, no sessions or course, which would read as a
    promise. Pregnancy: nothing that suggests a medicine. A type mesotherapy is not the route for: what
    matters for it, then what mesotherapy is and the evidence, no sessions."""
    t = _texts()["more"]
    if for_child:
        return [t["consultation_child"]]
    if assessment is None:
        return [faq("what_is_mesotherapy"), _paragraph([faq("evidence"), t["before_result"]])]
    codes = {c.code for c in assessment.contraindications}
    pregnancy = bool(codes & PREGNANCY_CODES)
    if assessment.red_flags:
        # what mesotherapy is names the medicines some mixes hold: not said to a pregnant patient
        about = t["after_pregnancy"] if pregnancy else faq("what_is_mesotherapy")
        return [t["after_doctor"], _paragraph([about, faq("evidence")])]
    type_first = t["by_type"].get(assessment.likely_type, "")
    if pregnancy:
        return [part for part in (type_first, t["after_pregnancy"], faq("evidence")) if part]
    if assessment.likely_type != MESOTHERAPY_ROUTE:
        safe = t["safe_first"] if codes else ""
        return [type_first or t["by_type"][UNCLEAR], _paragraph([faq("what_is_mesotherapy"), faq("evidence"), safe])]
    if codes:
        return [
            _paragraph([faq("what_is_mesotherapy"), faq("side_effects")]),
            _paragraph([faq("evidence"), t["safe_first"]]),
        ]
    return [
        _paragraph([faq("what_is_mesotherapy"), faq("procedure")]),
        _paragraph([faq("sessions"), faq("side_effects")]),
        _paragraph([faq("alternatives"), faq("evidence")]),
    ]
