"""What the assistant says around the questions (bot/conversation/messages.yml), by dotted path.

The questions' own wording is in bot/intake/questions.yml; the booking's in booking_messages.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.messages import Button, MessageFile

MESSAGES = MessageFile(Path(__file__).with_name("messages.yml"))


def text(path: str, **values: Any) -> str:
    """A message by dotted path, e.g. text("form.changed", what="age", value=35)."""
    return MESSAGES.text(path, **values)


def buttons(path: str) -> tuple[Button, ...]:
    return MESSAGES.buttons(path)
