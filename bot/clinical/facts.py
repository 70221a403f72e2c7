"""What is known about one patient, merged from the form's slots and the free-text Understanding, and the
small condition language weights.yml uses ("pattern=patches", "finding=eyebrow_loss", "age<18", "!x").

Form answers win over text for single-answer slots (the patient chose them); list slots take both.
"skipped", None and unknown slots are ignored, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.nlp.understanding import PATIENT, Finding, Understanding

NUMERIC = ("duration_days", "age", "trigger_lag_days")
# Counted even when the patient is unsure of it: an allergy they suspect is checked before any injection (as a
# medicine they are unsure of stays coded in the form, bot/conversation/answers.py)
CHECKED_WHEN_UNSURE = frozenset({"ingredient_allergy"})
# A finding that is also a broader one. (Lupus-like signs no longer imply systemic_symptoms: weights.yml names them in
# the systemic_symptoms flag itself, so the explanation says back the signs said, not "night sweats" too.)
IMPLIES: dict[str, str] = {}
# Said when neither the form nor the text describes any hair loss ("will Accutane make my hair fall out?"): a
# question or a worry, for which no likely type can be given (weights.yml feature no_hair_loss_described).
NOTHING_DESCRIBED = "no_hair_loss_described"
HAIR_SLOTS = ("pattern", "shedding", "onset")
# Findings that describe lost hair without a slot or the lexicon's hair_loss mark
HAIR_FINDINGS = {
    "eyebrow_loss",
    "beard_patch",
    "total_loss",
    "body_hair_loss",
    "rapid_spread",
    "exclamation_mark_hairs",
    "white_regrowth",
    "hair_breakage",
    "smooth_patch",
    "alopecia_totalis_named",
    "alopecia_universalis_named",
}
MULTI = ("triggers", "scalp_symptoms", "conditions", "medicines", "treatments_tried")
TERM = re.compile(r"^(?P<neg>!)?(?P<key>[a-z_]+)(?:(?P<op><=|>=|=|<|>)(?P<value>.+))?$")


@dataclass
class Facts:
    values: dict[str, set[str]] = field(default_factory=dict)  # slot -> values as lower-case strings
    numbers: dict[str, float] = field(default_factory=dict)
    findings: set[str] = field(default_factory=set)  # asserted finding codes
    minor: bool = False

    def holds(self, term: str) -> bool:
        m = TERM.match(term.strip())
        if not m:
            raise ValueError(f"bad condition term: {term!r}")
        result = self._holds(m.group("key"), m.group("op"), m.group("value"))
        return not result if m.group("neg") else result

    def all(self, terms: Iterable[str]) -> bool:
        return all(self.holds(t) for t in terms)

    def _holds(self, key: str, op: str | None, value: str | None) -> bool:
        if key == "minor" and op is None:
            return self.minor
        if key == "finding" and op == "=":
            return value in self.findings
        if op in ("<", "<=", ">", ">=") and value is not None:
            n = self.numbers.get(key)
            if n is None:
                return False
            v = float(value)
            return {"<": n < v, "<=": n <= v, ">": n > v, ">=": n >= v}[op]
        if op == "=" and value is not None:
            have = self.values.get(key)
            if have is None:
                return False
            if value == "*":
                return bool(have)
            if value == "[]":
                return not have
            return value.lower() in have
        raise ValueError(f"bad condition: {key}{op or ''}{value or ''}")


def _norm(value: Any) -> str:
    return str(value).lower()


def _usable(value: Any) -> bool:
    # "other" is an answer in the patient's own words: no code the rules could match
    return value is not None and value not in ("skipped", "other", "")


def _findings_of(understanding_or_findings: Any) -> list[Finding]:
    if understanding_or_findings is None:
        return []
    if isinstance(understanding_or_findings, Understanding):
        return list(understanding_or_findings.findings)
    out = []
    for f in understanding_or_findings:
        if isinstance(f, Finding):
            out.append(f)
        elif isinstance(f, dict) and "code" in f:
            out.append(Finding(**{k: v for k, v in f.items() if k in Finding.__dataclass_fields__}))
    return out


def _hair_loss_described(slots: dict[str, Any], findings: list[Finding]) -> bool:
    """The form or the text says something about lost hair (a pattern, shedding, a start, a patch, thinning)."""
    if any(_usable(slots.get(s)) and slots.get(s) != "neither" for s in HAIR_SLOTS):
        return True
    from bot.nlp.lexicon import load

    entries, _ = load()
    hair = {code for code, entry in entries.items() if entry.hair_loss} | HAIR_FINDINGS
    # a treatment used for it (minoxidil, a transplant) says there is hair loss too
    said = HAIR_SLOTS + ("treatments_tried",)
    return any(f.asserted and (f.code in hair or (f.slot in said and f.value != "neither")) for f in findings)


def build(slots: dict[str, Any] | None, understanding_or_findings: Any = None) -> Facts:
    slots = dict(slots or {}) if isinstance(slots, dict) else {}
    findings = _findings_of(understanding_or_findings)
    text_slots = dict(understanding_or_findings.slots) if isinstance(understanding_or_findings, Understanding) else {}
    facts = Facts()
    facts.findings = {f.code for f in findings if f.asserted}
    # "I think I'm allergic to it": what the patient only suspects of themselves now is still for the doctor to check
    facts.findings |= {
        f.code
        for f in findings
        if f.code in CHECKED_WHEN_UNSURE and f.subject == PATIENT and f.uncertain and not f.negated and not f.past
    }
    facts.findings |= {IMPLIES[c] for c in facts.findings if c in IMPLIES}
    if understanding_or_findings is not None and not _hair_loss_described(slots, findings):
        facts.findings.add(NOTHING_DESCRIBED)

    # Single-answer slots: the form's value, else every value the text asserted (conflicts stay visible).
    from_text: dict[str, set[str]] = {}
    for f in findings:
        if f.asserted and f.slot and f.slot not in NUMERIC:
            values = f.value if isinstance(f.value, list) else [f.value]
            from_text.setdefault(f.slot, set()).update(_norm(v) for v in values)
    for slot, value in text_slots.items():
        if slot not in NUMERIC and not isinstance(value, list):
            from_text.setdefault(slot, set()).add(_norm(value))
        elif isinstance(value, list):
            from_text.setdefault(slot, set())

    for slot in set(slots) | set(from_text) | set(text_slots):
        form = slots.get(slot)
        if slot in NUMERIC:
            continue
        if slot in MULTI:
            vals: set[str] = set(from_text.get(slot, set()))
            if isinstance(form, list):
                vals |= {_norm(v) for v in form if _usable(v)}
            if _usable(form) or slot in from_text:
                facts.values[slot] = vals
        elif _usable(form) and not isinstance(form, (list, dict)):
            facts.values[slot] = {_norm(form)}
        elif slot in from_text:
            facts.values[slot] = from_text[slot]

    for key in ("duration_days", "age"):
        for source in (slots.get(key), text_slots.get(key)):
            if source is not None and _usable(source):
                try:
                    facts.numbers[key] = float(source)
                    break
                except (TypeError, ValueError):
                    continue
    lags = [f.value for f in findings if f.code == "trigger_lag" and isinstance(f.value, (int, float))]
    if lags:
        facts.numbers["trigger_lag_days"] = float(lags[0])
    # The age answered is the patient's (a parent answers for the child): "my son is 6 months old" written by
    # a mother of 29 does not make her a minor. Without an age, a child named as the patient does, and so does
    # a child's age said alone ("she is 7", "wo 6 saal ki hai"): a message about someone else's child is rare.
    age = facts.numbers.get("age")
    child = {"child_patient", "child_age_stated"} & facts.findings
    facts.minor = age < 18 if age is not None else bool(child)
    return facts
