"""How many replies to each question could not be used (slot `intake_retries`): the re-ask is worded by it."""

from __future__ import annotations

from typing import Any

from bot.conversation.slot_names import RETRIES
from bot.conversation.turn import Outcome


def count(slots: dict[str, Any], slot: str) -> int:
    return int((slots.get(RETRIES) or {}).get(slot, 0))


def add_one(slots: dict[str, Any], slot: str, outcome: Outcome) -> int:
    """Counts one more unusable reply to `slot`; returns the new count."""
    counts = dict(outcome.updates.get(RETRIES) or slots.get(RETRIES) or {})
    counts[slot] = counts.get(slot, 0) + 1
    outcome.updates[RETRIES] = counts
    return counts[slot]


def reset(slots: dict[str, Any], slot: str, outcome: Outcome) -> None:
    counts = dict(outcome.updates.get(RETRIES) or slots.get(RETRIES) or {})
    if counts.pop(slot, None) is not None:
        outcome.updates[RETRIES] = counts


def keep(slots: dict[str, Any], outcome: Outcome) -> None:
    """Sets the counts unchanged: a turn that changes nothing else still sets a slot, so Rasa's form keeps it."""
    outcome.updates.setdefault(RETRIES, dict(slots.get(RETRIES) or {}))
