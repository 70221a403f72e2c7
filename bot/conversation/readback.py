"""The short summary read back to the patient before they confirm it."""

from __future__ import annotations

from typing import Any

from bot.conversation.wording import text
from bot.intake.questions import SKIPPED, question, question_slots

MAX_DESCRIPTION = 160


def describe_days(days: int) -> str:
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 60:
        return f"about {round(days / 7)} weeks"
    if days < 365:
        return f"about {round(days / 30)} months"
    years = round(days / 365, 1)
    return f"about {years:g} year{'s' if years != 1 else ''}"


def display_value(slot: str, value: Any) -> str:
    """A value as the patient would say it: button titles for codes, "none" for an empty list."""
    if value == SKIPPED:
        return "skipped"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list):
        return ", ".join(display_value(slot, v) for v in value) if value else "none"
    if slot == "duration_days" and isinstance(value, (int, float)):
        return describe_days(int(value))
    if slot == "description" and isinstance(value, str) and len(value) > MAX_DESCRIPTION:
        return value[:MAX_DESCRIPTION].rstrip() + "…"
    title = question(slot).title_of(value)
    return title if title else str(value).replace("_", " ")


def readback(slots: dict[str, Any]) -> str:
    name = slots.get("first_name")
    lines = [
        text("confirm.header", name=name if isinstance(name, str) and name != SKIPPED else "")
        .replace(" ,", ",")
        .replace(", :", ":")
    ]
    for slot in question_slots():
        value = slots.get(slot)
        if value is None:
            continue
        lines.append(f"• {text(f'labels.{slot}')}: {display_value(slot, value)}")
    return "\n".join(lines)
