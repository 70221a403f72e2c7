"""Whether a reply clearly leaves the open question (for an FAQ, a human, stop, start over ...).

The NLU guesses an intent for every message, and short answers are easily mistaken ("thori" for a request for
a human, "metformin" for "delete my data"). While a question is open, the form takes a reply that can be its
answer as its answer, and leaves the question only on the clear words of leaving_words.yml.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

WORDS_PATH = Path(__file__).with_name("leaving_words.yml")


@cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(WORDS_PATH.read_text(encoding="utf-8"))


@cache
def _patterns(intent: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in (_data()["intents"].get(intent) or ()))


@cache
def _faq_topics() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in _data()["faq_topics"])


@cache
def _question_start() -> re.Pattern[str]:
    """A clause that opens with a question word: at the start, or after a comma or full stop."""
    words = "|".join(re.escape(w) for w in _data()["question_words"])
    fillers = "|".join(re.escape(w) for w in _data()["question_fillers"])
    return re.compile(rf"(?:^|[,.;:!]\s*)(?:(?:{fillers})\s+)?(?:{words})\b", re.I)


@cache
def _announces_question() -> re.Pattern[str]:
    return re.compile("|".join(_data()["question_announced"]), re.I)


def is_question(text: str) -> bool:
    """A reply that asks something ("does it hurt?", "one question, do the injections hurt"), rather than tells."""
    stripped = (text or "").strip()
    return "?" in stripped or bool(_question_start().search(stripped) or _announces_question().search(stripped))


def is_faq_question(text: str) -> bool:
    """A question about what the FAQ answers: price, pain, sessions, side effects, the clinic ..."""
    return is_question(text) and any(p.search(text) for p in _faq_topics())


def says_so(intent: str | None, text: str) -> bool:
    """True when the words of `text` clearly ask for what `intent` names, not only the NLU's guess."""
    if not intent or not text:
        return False
    if intent == "faq":
        return is_faq_question(text)
    return any(p.search(text) for p in _patterns(intent))
