"""Who the intake is about, so the words and options fit: the person writing, or a child a parent writes for.

A parent or guardian writing for a child is asked about "your child" and gets guardian wording, never "as you
are under 18". Options that cannot apply (childbirth, the contraceptive pill, PCOS) are not offered to a child
or a man, and neither is the pregnancy question. The wording is in audience.yml.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.conversation.slot_names import DESCRIPTION_READING
from bot.conversation.wording import text
from bot.intake.questions import SKIPPED, Question
from bot.messages import Button, MessageFile

WORDING = MessageFile(Path(__file__).with_name("audience.yml"))
# Younger than this the patient is a child whoever writes: a parent writes, and pregnancy cannot apply.
CHILD_BELOW = 13
ADULT_AGE = 18
OLDEST_PREGNANCY_AGE = 55
CHILD = "child"
MAN = "man"
# bot.nlp's finding for a message written about a child ("my daughter ...", "mere bete ...").
CHILD_FINDING = "child_patient"


def _age(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def is_child(age: Any, child_mentioned: bool) -> bool:
    """A parent or guardian writes for a child: an age under 13, or a child named as the patient (under 18,
    or of unknown age). A teenager who writes without naming a child is taken to write for themselves."""
    years = _age(age)
    if years is None:
        return child_mentioned
    return years < CHILD_BELOW or (child_mentioned and years < ADULT_AGE)


def child_mentioned(slots: dict[str, Any]) -> bool:
    """The patient's own description speaks of their child (bot.nlp's reading of it, kept at the time)."""
    reading = slots.get(DESCRIPTION_READING)
    if not isinstance(reading, dict):
        return False
    findings = (reading.get("understanding") or {}).get("findings") or []
    return any(isinstance(f, dict) and f.get("code") == CHILD_FINDING for f in findings)


def about_child(slots: dict[str, Any]) -> bool:
    return is_child(slots.get("age"), child_mentioned(slots))


def audience(slots: dict[str, Any]) -> str | None:
    """CHILD, MAN, or None for everyone else (the usual wording)."""
    if about_child(slots):
        return CHILD
    if slots.get("sex") == "male":
        return MAN
    return None


def may_be_pregnant(slots: dict[str, Any]) -> bool:
    """Whether the pregnancy question applies: not for a man, a child, or past the age it can."""
    if audience(slots) is not None:
        return False
    years = _age(slots.get("age"))
    return years is None or CHILD_BELOW <= years <= OLDEST_PREGNANCY_AGE


@lru_cache(maxsize=1)
def _hidden() -> dict[str, dict[str, frozenset[str]]]:
    raw = WORDING.data.get("hidden_options") or {}
    return {who: {slot: frozenset(values) for slot, values in by_slot.items()} for who, by_slot in raw.items()}


def options(question: Question, slots: dict[str, Any]) -> tuple[Button, ...]:
    """The question's buttons without the options that cannot apply to this patient."""
    hidden = _hidden().get(audience(slots) or "", {}).get(question.slot, frozenset())
    return tuple(b for b in question.buttons if b.value not in hidden)


def wording(question: Question, slots: dict[str, Any]) -> tuple[str, str]:
    """(ask, reask) for this patient: audience.yml's wording where it has one, else questions.yml's."""
    who = audience(slots)
    own = (WORDING.data.get("questions") or {}).get(who or "", {}).get(question.slot) or {}
    return own.get("ask", question.ask), own.get("reask", question.reask)


def under_18_note(slots: dict[str, Any], child_in_message: bool = False) -> str:
    """What is said when the patient is under 18: guardian wording, by name, to a parent writing for a child.

    `child_in_message`: the message that gave the age spoke of a child ("my son is 15")."""
    if not is_child(slots.get("age"), child_in_message or child_mentioned(slots)):
        return text("form.under_18")
    name = slots.get("first_name")
    if isinstance(name, str) and name.strip() and name != SKIPPED:
        return WORDING.text("under_18.child", name=name.strip())
    return WORDING.text("under_18.child_unnamed")


def confirm_text(key: str, slots: dict[str, Any]) -> str:
    """The read-back's header or the thanks ("header", "done"): to a parent about their child by name, else
    messages.yml's wording to the patient."""
    given = slots.get("first_name")
    name = given.strip() if isinstance(given, str) and given != SKIPPED else ""
    if about_child(slots):
        if name:
            return WORDING.text(f"confirm.child.{key}", name=name)
        return WORDING.text(f"confirm.child.{key}_unnamed")
    return (
        text(f"confirm.{key}", name=name).replace(" ,", ",").replace(", :", ":").replace(" .", ".").replace(",.", ".")
    )
