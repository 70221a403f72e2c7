"""The words the assistant tells patients to type, and the intent each one means (commands.yml).

Only a message that is the command itself counts ("Start.", "START", "“start over”"): anything longer is left to
the classifier, which has the context of the sentence."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

COMMANDS_FILE = Path(__file__).with_name("commands.yml")
# quotes, punctuation and emoji around the words; inner spaces collapsed
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_SPACES = re.compile(r"\s+")


@cache
def commands() -> dict[str, str]:
    """The command words (lower case) and their intents."""
    loaded = _load().get("intents") or {}
    return {_normal(str(words)): str(intent) for words, intent in loaded.items()}


@cache
def booking_step_words() -> tuple[str, ...]:
    """Words taught inside an open booking step, read there (bot/booking/requests.py), not by intent."""
    return tuple(_normal(str(words)) for words in _load().get("read_by_the_booking_step") or [])


@cache
def _load() -> dict:
    return yaml.safe_load(COMMANDS_FILE.read_text(encoding="utf-8")) or {}


def _normal(text: str) -> str:
    return _SPACES.sub(" ", _EDGES.sub("", text.strip().lower()))


def command_intent(text: object) -> str | None:
    """The intent of a message that is exactly one of the command words, else None."""
    if not isinstance(text, str) or len(text) > 60:
        return None
    return commands().get(_normal(text))
