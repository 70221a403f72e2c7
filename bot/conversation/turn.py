"""The values the conversation works with: a patient's turn, a message to send, a turn's outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.messages import Button
from bot.nlp.understanding import Understanding


@dataclass
class Turn:
    """One patient message as Rasa understood it, and (once read) as bot.nlp understood it."""

    text: str = ""
    intent: str | None = None
    confidence: float = 0.0
    # the value of a clicked button, when the message came from one
    choice: str | None = None
    # bot.nlp's reading of the reply (see `understood`): made at most once per message, then carried here
    understanding: Understanding | None = None

    @property
    def reply(self) -> str:
        """What the patient answered: the clicked button's value, else their words."""
        return self.choice if self.choice is not None else self.text

    def understood(self, asked: str | None) -> Understanding:
        """bot.nlp's reading of the reply to the question `asked`, read once and kept with the turn.

        The reading for one question holds everything the free text says, plus a bare "yes"/"none" as
        the answer to that question (Understanding.stated_slots leaves it out). One turn answers one
        question, so the reading is made for the first question asked about it."""
        if self.understanding is None:
            from bot.nlp import understand  # the NLP pipeline loads only when a message needs reading

            self.understanding = understand(self.reply, context_slot=asked)
        return self.understanding


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
