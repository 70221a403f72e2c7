"""Findings -> intake slots (questions.yml names and values), only where the text clearly answers.

Rules that keep partial answers out:
- only asserted findings (the patient's, not negated, not hedged) give values;
- choice slots need one unambiguous value ("a bald patch near my hairline" leaves `pattern` open);
- a list slot is [] ("none") only from a statement about the whole slot ("scalp is fine", "no medicines"),
  never because one item was denied ("no itching" does not answer scalp_symptoms);
- "no patches" answers nothing: denying one pattern is not naming one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.intake.questions import allows, questions_by_slot

from .understanding import FAMILY, Finding

# First wins when the patient says both ("more hair on the pillow, even clumps" -> clumps).
CHOICE_PRECEDENCE = {"shedding": ["clumps", "more_shedding"], "pregnancy": ["pregnant", "breastfeeding", "trying"]}
# Generic words that, negated, mean "none of these" ("I don't take any medicines").
NONE_WHEN_NEGATED = {
    "scalp_any": "scalp_symptoms",
    "condition_any": "conditions",
    "medicine_any": "medicines",
    "tried_any": "treatments_tried",
}


# The quality the hairstyles question asks about; a style named without it ("a bun") may or may not pull.
TIGHTNESS = ("tight", "tightly", "tait", "pull", "pulls", "pulling", "khinch", "khinchti", "khenchti")


def _about_tightness(f: Finding) -> bool:
    return f.slot == "hairstyles" and any(w in f.text.lower().split() for w in TIGHTNESS)


def _tightness_denied(findings: Iterable[Finding]) -> bool:
    return any(_about_tightness(f) and f.negated and f.subject != FAMILY for f in findings)


def _tightness_stated(findings: Iterable[Finding]) -> bool:
    return any(_about_tightness(f) and f.asserted for f in findings)


def _choice(slot: str, values: list[Any]) -> Any | None:
    distinct = list(dict.fromkeys(values))
    if len(distinct) == 1:
        return distinct[0]
    for preferred in CHOICE_PRECEDENCE.get(slot, []):
        if preferred in distinct:
            return preferred
    return None


def family_history(findings: Iterable[Finding], hair_loss_codes: set) -> bool | None:
    positive = negative = False
    for f in findings:
        if f.uncertain:
            continue
        about_family = f.subject == FAMILY
        if about_family and (f.code in hair_loss_codes or f.code == "family_history_mention"):
            if f.negated:
                negative = True
            else:
                positive = True
        elif about_family and f.code == "full_hair" and not f.negated:
            negative = True
    return True if positive else False if negative else None


def fill(
    findings: list[Finding], hair_loss_codes: set, age: int | None = None, sex: str | None = None
) -> dict[str, Any]:
    q = questions_by_slot()
    slots: dict[str, Any] = {}
    by_slot: dict[str, list[Any]] = {}
    for f in findings:
        if f.asserted and f.slot:
            values = f.value if isinstance(f.value, list) else [f.value]
            by_slot.setdefault(f.slot, []).extend(values)

    for slot, values in by_slot.items():
        kind = q[slot].kind if slot in q else None
        if kind == "yesno":
            continue  # below: a denied "yes" finding is a no
        if kind == "choice":
            value = _choice(slot, values)
            if value is not None:
                slots[slot] = value
        elif kind == "multi":
            slots[slot] = sorted(set(values))  # [] when only a "scalp is fine" kind of statement matched

    for code, slot in NONE_WHEN_NEGATED.items():
        if slot not in slots and any(
            f.code == code and f.negated and f.subject != FAMILY and not f.uncertain for f in findings
        ):
            slots[slot] = []

    # Shedding: "no shedding", "not falling out" alone answer "neither" ("no clumps" does not: maybe more than usual).
    if "shedding" not in slots and any(
        f.code == "shedding_more" and f.negated and f.subject != FAMILY and not f.uncertain for f in findings
    ):
        slots["shedding"] = "neither"

    # Pregnancy: "not pregnant" alone answers "no"; any positive statement wins over it.
    if "pregnancy" not in slots and any(
        f.code == "pregnancy_pregnant" and f.negated and f.subject != FAMILY for f in findings
    ):
        slots["pregnancy"] = "no"

    for slot in (s for s, question in q.items() if question.kind == "yesno"):
        # "braids" -> yes, "no braids" -> no, "a loose bun" (a finding whose value is false) -> no; yes wins;
        # "used to wear braids" answers nothing about now.
        states = [
            f.value if not f.negated else not f.value
            for f in findings
            if f.slot == slot and isinstance(f.value, bool) and f.subject != FAMILY and not f.uncertain and not f.past
        ]
        if slot == "hairstyles" and _tightness_denied(findings) and not _tightness_stated(findings):
            states = [False]  # "a bun daily but not tight": the style is named, its pull denied
        if True in states:
            slots[slot] = True
        elif False in states:
            slots[slot] = False

    fh = family_history(findings, hair_loss_codes)
    if fh is not None:
        slots["family_history"] = fh

    # A number said ("for 3 years") before a vague span ("for years": 730, the "more than a year" answer).
    durations = [f for f in findings if f.code == "duration" and f.asserted]
    durations += [f for f in findings if f.code == "duration_vague" and f.asserted]
    if durations:
        slots["duration_days"] = int(durations[0].value)
    if age is not None:
        slots["age"] = age
    if sex is not None:
        slots["sex"] = sex
    return {k: v for k, v in slots.items() if allows(k, v)}
