"""The values the conversation logic works with: a patient's turn, a message to send, a turn's outcome."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.intake.questions import Button


@dataclass
class Turn:
    """One patient message as Rasa understood it."""
    text: str = ""
    intent: str | None = None
    confidence: float = 0.0
    # the value of a clicked button, when the message came from one
    choice: str | None = None


@dataclass
class Message:
    text: str
    buttons: tuple[Button, ...] = ()


@dataclass
class Outcome:
    updates: dict[str, Any] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    next_slot: str | None = None
    # True: the message is not an answer; let the dialogue rules handle it, then come back
    reject: bool = False
