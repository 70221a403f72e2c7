"""Loads the intake questions (bot/intake/questions.yml) and the assistant's texts (messages.yml)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.messages import Button, MessageFile

HERE = Path(__file__).parent
SKIPPED = "skipped"


@dataclass(frozen=True)
class Question:
    slot: str
    kind: str
    ask: str
    why: str
    reask: str
    buttons: tuple[Button, ...] = ()
    # value code -> words a patient may type for it
    choices: dict[Any, tuple[str, ...]] = field(default_factory=dict)
    when: str | None = None

    def title_of(self, value: Any) -> str | None:
        """The button title for a value code, used when reading answers back."""
        for button in self.buttons:
            if button.value == str(value):
                return button.title
        return None


def _buttons(raw: list[dict] | None) -> tuple[Button, ...]:
    return tuple(Button(str(b["title"]), str(b["value"])) for b in raw or ())


MESSAGES = MessageFile(HERE / "messages.yml")


@lru_cache(maxsize=1)
def questions() -> tuple[Question, ...]:
    raw = yaml.safe_load((HERE / "questions.yml").read_text(encoding="utf-8"))
    return tuple(
        Question(
            slot=q["slot"],
            kind=q["kind"],
            ask=q["ask"],
            why=q["why"],
            reask=q["reask"],
            buttons=_buttons(q.get("buttons")),
            choices={k: tuple(str(w).lower() for w in v) for k, v in (q.get("choices") or {}).items()},
            when=q.get("when"),
        )
        for q in raw["questions"]
    )


@lru_cache(maxsize=None)
def question(slot: str) -> Question:
    for q in questions():
        if q.slot == slot:
            return q
    raise KeyError(slot)


def question_slots() -> list[str]:
    return [q.slot for q in questions()]


def text(path: str, **values: Any) -> str:
    """A message by dotted path, e.g. text("form.changed", what="age", value=35)."""
    return MESSAGES.text(path, **values)


def buttons(path: str) -> tuple[Button, ...]:
    return MESSAGES.buttons(path)
