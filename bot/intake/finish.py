"""What the assistant says when the intake form ends, by why it ended."""
from __future__ import annotations

from typing import Any

from bot.intake.form_logic import CONSENT, STATUS, Message, Outcome
from bot.intake.questions import SKIPPED, text

# Intents with which a patient tries to (re)start the intake; after an FAQ answer we stay quiet.
STARTING_INTENTS = {"greet", "report_hair_loss", "inform", "affirm", "deny", "skip", "go_back"}


def finish(slots: dict[str, Any], intent: str | None) -> Outcome:
    outcome = Outcome()
    status = slots.get(STATUS)
    name = slots.get("first_name")
    name = name if isinstance(name, str) and name != SKIPPED else ""
    if slots.get(CONSENT) is False:
        if intent in STARTING_INTENTS and status == "declined_told":
            outcome.messages.append(Message(text("consent.declined_again")))
        outcome.updates[STATUS] = "declined_told"
    elif status == "confirmed":
        outcome.messages.append(Message(text("confirm.done", name=name).replace(" .", ".").replace(",.", ".")))
        outcome.updates[STATUS] = "complete"
    elif status == "complete" and intent in STARTING_INTENTS:
        outcome.messages.append(Message(text("confirm.already_done")))
    return outcome

