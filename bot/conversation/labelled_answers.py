"""Answers given at the read-back by naming their question: "conditions: none. medicines: calcium tablets",
"she has no conditions", "age - 9".

The read-back asks "what should I change?"; a patient who names the line and its new value has said both, and
is not asked again. Each part of the message that names exactly one question is read as that question's answer
(after its name and a ":", "-", "=", "is" or "are" when it has one, else the whole part). The patient's own
words count only after such a name ("medicines: calcium tablets"); a part that says something is wrong gives
no value (form.py asks that question again)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.conversation.answers import Reply, answer_for
from bot.conversation.proposals import says_wrong
from bot.conversation.readback import WORDS_FOR_QUESTIONS, named_slots
from bot.conversation.turn import Turn
from bot.intake.questions import question
from bot.nlp.non_answers import asks_something

_SENTENCES = re.compile(r"[.;\n!]+(?:\s|$)|[.;\n!]+(?=[^\d])")
_LABEL_END = re.compile(r"\s*(?::|=|-|–|\bis\b|\bare\b|\bshould be\b)\s*", re.I)
# A part that opens on the question's name is labelled by it ("medicines calcium tablets").
_OPENING = re.compile(r"\s*(?:(?:my|her|his|the)\s+)?$", re.I)


@dataclass(frozen=True)
class LabelledAnswer:
    slot: str
    reply: Reply


def _parts(text_: str) -> list[str]:
    """Sentences; a sentence naming several questions is cut at its commas, each cut starting on a name."""
    out: list[str] = []
    for sentence in _SENTENCES.split(text_ or ""):
        if len(named_slots(sentence)) < 2:
            out.append(sentence)
            continue
        for piece in sentence.split(","):
            if out and not named_slots(piece) and named_slots(out[-1]):
                out[-1] = f"{out[-1]},{piece}"
            else:
                out.append(piece)
    return [p.strip() for p in out if p.strip()]


def _after_the_name(part: str, slot: str) -> str | None:
    """What follows the question's name and ":" / "is" ... ("calcium tablets" in "medicines: calcium tablets")."""
    for word in WORDS_FOR_QUESTIONS[slot]:
        for match in re.finditer(rf"(?<![\w']){re.escape(word)}(?![\w'])", part, re.I):
            label_end = _LABEL_END.match(part, match.end())
            end = label_end.end() if label_end else match.end() if _OPENING.fullmatch(part[: match.start()]) else None
            if end is not None and part[end:].strip(" ,"):
                return part[end:].strip(" ,")
    return None


def labelled_answers(text_: str) -> list[LabelledAnswer]:
    """The answers the message gives to questions it names, in its order."""
    found: list[LabelledAnswer] = []
    for part in _parts(text_):
        named = named_slots(part)
        if len(named) != 1 or says_wrong(part) or asks_something(part):
            continue
        slot = named[0]
        value_words = _after_the_name(part, slot)
        reply = answer_for(question(slot), Turn(text=value_words or part))
        if not reply.is_answer or reply.value is None:
            continue
        if reply.own_words is not None and value_words is None:
            continue  # "she takes calcium" names no line: its words are no answer to "medicines"
        found.append(LabelledAnswer(slot, reply))
    return found


def as_changes(answers: list[LabelledAnswer]) -> dict[str, Any]:
    return {a.slot: a.reply.value for a in answers}
