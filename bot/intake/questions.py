"""Loads the intake questions (bot/intake/questions.yml): their wording, kinds and allowed values.

This is the only reader of questions.yml. The file is also the contract of the answers: bot.nlp may only
fill these slots with values `allows` accepts, and the stored summary is typed from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.messages import Button

QUESTIONS_PATH = Path(__file__).with_name("questions.yml")
SKIPPED = "skipped"
OTHER = "other"  # an answer in the patient's own words (multi: an item of the list); the words: other_answers


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
    # option words too general to choose against another option named in the same reply ("front" beside
    # "edges"): they choose only when no other option is named
    generic: frozenset[str] = frozenset()

    def title_of(self, value: Any) -> str | None:
        """The button title for a value code, used when reading answers back."""
        for button in self.buttons:
            if button.value == str(value):
                return button.title
        return None

    def allows(self, value: Any) -> bool:
        """True when `value` is an answer this question can hold (codes from `choices`, the right type)."""
        if self.kind == "choice":
            return value in self.choices
        if self.kind == "multi":
            return isinstance(value, list) and all(v in self.choices for v in value)
        if self.kind == "yesno":
            return isinstance(value, bool)
        if self.kind in ("duration", "age"):
            return isinstance(value, int) and not isinstance(value, bool) and value > 0
        if self.kind in ("name", "text"):
            return isinstance(value, str) and bool(value.strip())
        return False


def _buttons(raw: list[dict] | None) -> tuple[Button, ...]:
    return tuple(Button(str(b["title"]), str(b["value"])) for b in raw or ())


@cache
def questions() -> tuple[Question, ...]:
    raw = yaml.safe_load(QUESTIONS_PATH.read_text(encoding="utf-8"))
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
            generic=frozenset(str(w).lower() for w in q.get("generic") or ()),
        )
        for q in raw["questions"]
    )


@cache
def questions_by_slot() -> dict[str, Question]:
    return {q.slot: q for q in questions()}


def question(slot: str) -> Question:
    """The question for `slot`; KeyError for a slot that is not a question."""
    return questions_by_slot()[slot]


def question_slots() -> list[str]:
    return [q.slot for q in questions()]


def allows(slot: str, value: Any) -> bool:
    """True when `slot` is a question and `value` an answer it can hold."""
    q = questions_by_slot().get(slot)
    return q is not None and q.allows(value)
