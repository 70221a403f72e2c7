"""The clinical assessment of a confirmed intake, and the messages that tell the patient about it.

bot.clinical decides; this module gives it the confirmed answers and the reading of the patient's own
description, which is kept from the turn that answered it (DESCRIPTION_READING), so the description is
not read a second time at confirmation."""

from __future__ import annotations

from typing import Any

from bot.clinical import Assessment, assess, explain_mesotherapy, explain_result
from bot.conversation.slot_names import DESCRIPTION_READING
from bot.conversation.turn import Message
from bot.intake.questions import SKIPPED
from bot.nlp.understanding import Understanding


def description_reading(description: str, understanding: Understanding) -> dict[str, Any]:
    """What DESCRIPTION_READING keeps: the description and bot.nlp's reading of exactly that text."""
    stated = Understanding(slots=understanding.stated_slots(), findings=understanding.findings)
    return {"text": description, "understanding": stated.to_dict()}


def _description_understanding(slots: dict[str, Any]) -> Understanding | None:
    description = slots.get("description")
    if not isinstance(description, str) or description == SKIPPED:
        return None
    kept = slots.get(DESCRIPTION_READING)
    if isinstance(kept, dict) and kept.get("text") == description:
        return Understanding.from_dict(kept["understanding"])
    # No reading of this text was kept (typed over several lines, or a conversation from before it was
    # kept): read it now.
    from bot.nlp import understand

    return understand(description)


def assess_intake(slots: dict[str, Any]) -> dict[str, Any]:
    """The clinical assessment of the confirmed answers and the patient's own description, as kept in a slot."""
    return assess(slots, _description_understanding(slots)).to_dict()


def result_messages(assessment: dict[str, Any]) -> list[Message]:
    """The likely type and why, then what it means for mesotherapy, from an assessment kept in a slot."""
    parsed = Assessment.from_dict(assessment)
    return [Message(line) for line in explain_result(parsed) + explain_mesotherapy(parsed)]
