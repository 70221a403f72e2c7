"""The short summary read back to the patient before they confirm it."""

from __future__ import annotations

from typing import Any

from bot.conversation.answers import contains_phrase
from bot.conversation.audience import confirm_text
from bot.conversation.slot_names import OTHER_ANSWERS
from bot.conversation.wording import text
from bot.intake.questions import OTHER, SKIPPED, question, question_slots

MAX_DESCRIPTION = 160
# Words that name a question when the patient says what to change ("the shedding is wrong", "change my age").
WORDS_FOR_QUESTIONS = {
    "first_name": ("name",),
    "age": ("age", "old"),
    "sex": ("sex", "gender"),
    "description": ("description", "my words", "in my words"),
    "duration_days": ("how long", "duration", "going on"),
    "onset": ("started", "start", "onset"),
    "pattern": ("where", "pattern", "location"),
    "shedding": ("shedding", "clumps"),
    "triggers": ("trigger", "triggers", "last six months"),
    "family_history": ("family",),
    "hairstyles": ("hairstyle", "hairstyles", "braids"),
    "scalp_symptoms": ("scalp",),
    "nail_changes": ("nail", "nails"),
    "conditions": ("condition", "conditions"),
    "medicines": ("medicine", "medicines", "medication", "tablets"),
    "pregnancy": ("pregnant", "pregnancy"),
    "treatments_tried": ("treatment", "treatments", "tried"),
}


def named_slots(text_: str) -> list[str]:
    """The questions a message names by their subject, in the order of the intake."""
    return [slot for slot, words in WORDS_FOR_QUESTIONS.items() if any(contains_phrase(text_, w) for w in words)]


def describe_days(days: int) -> str:
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 60:
        return f"about {round(days / 7)} weeks"
    if days < 365:
        return f"about {round(days / 30)} months"
    years = round(days / 365, 1)
    return f"about {years:g} year{'s' if years != 1 else ''}"


def display_value(slot: str, value: Any, own_words: str | None = None) -> str:
    """A value as the patient would say it: button titles for codes, "none" for an empty list, and the
    patient's own words (quoted) for the part no option fits, when they gave them."""
    if own_words and value == OTHER:
        return f"“{own_words}”"
    if value == SKIPPED:
        return "skipped"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list):
        return ", ".join(display_value(slot, v, own_words) for v in value) if value else "none"
    if slot == "duration_days" and isinstance(value, (int, float)):
        return describe_days(int(value))
    if slot == "description" and isinstance(value, str) and len(value) > MAX_DESCRIPTION:
        return value[:MAX_DESCRIPTION].rstrip() + "…"
    title = question(slot).title_of(value)
    return title if title else str(value).replace("_", " ")


def readback(slots: dict[str, Any]) -> str:
    lines = [confirm_text("header", slots)]
    own = slots.get(OTHER_ANSWERS) or {}
    for slot in question_slots():
        value = slots.get(slot)
        if value is None:
            continue
        lines.append(f"• {text(f'labels.{slot}')}: {display_value(slot, value, own.get(slot))}")
    return "\n".join(lines)


def said_back(slot: str, value: Any) -> str:
    """One fact as the proposal line says it ("going on for about 3 months", "started suddenly")."""
    shown = display_value(slot, value)
    return text(f"proposal.facts.{slot}", value=shown if slot == "first_name" else shown.lower())


def said_back_all(values: dict[str, Any]) -> str:
    return "; ".join(said_back(slot, value) for slot, value in values.items())
