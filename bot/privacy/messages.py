"""What the assistant says about erasure (bot/privacy/messages.yml, editable by the clinic)."""

from __future__ import annotations

from pathlib import Path

from bot.messages import MessageFile

MESSAGES = MessageFile(Path(__file__).with_name("messages.yml"))
