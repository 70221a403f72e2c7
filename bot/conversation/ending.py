"""What the assistant says when the intake form ends, by why it ended."""

from __future__ import annotations

from typing import Any

from bot.conversation.slot_names import CONSENT, STATUS
from bot.conversation.turn import Message, Outcome
from bot.conversation.wording import text

# Intents with which a patient tries to (re)start the intake; after an FAQ answer we stay quiet.
STARTING_INTENTS = {"greet", "report_hair_loss", "inform", "affirm", "deny", "skip", "go_back"}


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
