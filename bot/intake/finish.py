"""What the assistant says when the intake form ends, by why it ended.

The likely-type assessment of a confirmed intake and its explanation are made here too (bot/clinical);
storing it is the caller's job (bot/intake/submit.py), so this stays free of I/O.
"""
from __future__ import annotations

from typing import Any

from bot.intake.dialogue import Message, Outcome
from bot.intake.questions import SKIPPED, text

# Intents with which a patient tries to (re)start the intake; after an FAQ answer we stay quiet.
STARTING_INTENTS = {"greet", "report_hair_loss", "inform", "affirm", "deny", "skip", "go_back"}
ASSESSMENT = "assessment"
CONSENT = "consent"
STATUS = "intake_status"


def assessment_for(slots: dict[str, Any]) -> dict[str, Any]:
    """The clinical assessment of the confirmed answers and the patient's own description."""
    from bot.clinical import assess
    from bot.nlp import understand

    description = slots.get("description")
    understanding = understand(description) if isinstance(description, str) and description != SKIPPED else None
    return assess(slots, understanding).to_dict()


def result_messages(assessment: dict[str, Any]) -> list[Message]:
    from bot.clinical.assessment import Assessment
    from bot.clinical import explain_mesotherapy, explain_result

    parsed = Assessment.from_dict(assessment)
    return [Message(line) for line in explain_result(parsed) + explain_mesotherapy(parsed)]


def finish(slots: dict[str, Any], intent: str | None) -> Outcome:
    """The form has ended: after declined consent, a confirmed intake (and booking), or nothing new."""
    outcome = Outcome()
    status = slots.get(STATUS)
    if slots.get(CONSENT) is False:
        if intent in STARTING_INTENTS and status == "declined_told":
            outcome.messages.append(Message(text("consent.declined_again")))
        outcome.updates[STATUS] = "declined_told"
    elif status == "confirmed":
        outcome.updates[STATUS] = "complete"
    elif status == "complete" and intent in STARTING_INTENTS:
        outcome.messages.append(Message(text("confirm.already_done")))
    return outcome
