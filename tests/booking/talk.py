"""Talking to the booking conversation through the intake form, as validate_intake_form does: form.step reads
each message (the booking's own reading, booking_steps.handle, comes first in it), the question asked next is
the form's next_slot, worded by the form's ask."""
from __future__ import annotations

from bot.conversation.form import ask, next_slot, step
from bot.conversation.turn import Outcome, Turn


def say(slots, text, desk, intent="inform", choice=None, conversation="conv-1", confidence=0.95) -> Outcome:
    outcome = step(slots, next_slot(slots), Turn(text, intent, confidence, choice), desk, conversation)
    slots.update(outcome.updates)
    return outcome


def asked(slots, desk):
    """What the form asks next (its messages), or [] when it asks nothing."""
    requested = next_slot(slots)
    return ask(requested, slots, desk) if requested else []


def texts(messages) -> str:
    return " ".join(m.text for m in messages)
