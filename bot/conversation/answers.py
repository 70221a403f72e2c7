"""Turns a patient's reply to one known question into a typed value.

Each parser returns the value, or None when the reply cannot be used; the form then re-asks.
The question is known here, so "yes" or "3 months" can be read in its context. The yes, no and negation
words are the lexicon's (bot/nlp/lexicon.yml), shared with bot.nlp.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.intake.questions import Question
from bot.nlp.lexicon_file import words as lexicon_words
from bot.nlp.numbers import parse_count
from bot.nlp.understanding import Understanding

MAX_TEXT = 2000
YES = frozenset(lexicon_words("affirm"))
NO = frozenset(lexicon_words("deny"))
YES_LEADS = lexicon_words("affirm_leads")
NO_LEADS = lexicon_words("deny_leads")
NONE_OF_THESE = NO | frozenset(lexicon_words("none_of_these"))
# Compared without apostrophes: the lexicon spells "dont", a patient "don't".
NEGATORS = frozenset(w.replace("'", "") for w in lexicon_words("negation_before"))
GREETINGS = {"hi", "hello", "hey", "salam", "salaam", "aoa", "assalam", "assalamualaikum", "hii", "helo"}
NAME_STOPWORDS = {
    "i",
    "im",
    "my",
    "name",
    "is",
    "am",
    "me",
    "call",
    "it",
    "the",
    "a",
    "yes",
    "no",
    "ok",
    "okay",
    "skip",
    "why",
    "what",
    "hair",
    "loss",
    "sure",
    "not",
    "dont",
    "don't",
    "know",
}

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*", re.UNICODE)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w']+", normalise(text))


def contains_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", normalise(text)) is not None


def _negated(text: str, phrase: str) -> bool:
    """True when a negation word stands within three words before the phrase ("no itching")."""
    norm = normalise(text)
    for match in re.finditer(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", norm):
        before = " " + " ".join(w.replace("'", "") for w in re.findall(r"[\w']+", norm[: match.start()])[-3:]) + " "
        if not any(f" {negator} " in before for negator in NEGATORS):
            return False
    return True


def matching_choices(question: Question, text: str) -> list[Any]:
    """Value codes whose words appear, not negated, in the text (each code once, in question order)."""
    found = []
    for value, words in question.choices.items():
        for word in sorted(words, key=len, reverse=True):
            if contains_phrase(text, word) and not _negated(text, word):
                found.append(value)
                break
    return found


def parse_yes_no(text: str) -> bool | None:
    norm = normalise(text).strip(" .!?")
    if norm in YES or any(norm.startswith(w + " ") for w in YES_LEADS):
        return True
    if norm in NO or any(norm.startswith(w + " ") for w in NO_LEADS):
        return False
    return None


def _is_none_answer(text: str) -> bool:
    norm = normalise(text).strip(" .!?")
    return norm in NONE_OF_THESE or any(norm.startswith(w + " ") for w in ("none", "nothing", "no "))


def parse_name(text: str, question: Question | None = None, understanding: Understanding | None = None) -> str | None:
    norm = (text or "").strip()
    m = re.search(r"(?:my name is|my name's|name is|i am|i'm|im|call me|this is|mera naam)\s+(.+)", norm, re.I)
    candidate = m.group(1) if m else norm
    words = _WORD.findall(candidate)
    words = [w for w in words if w.lower() not in {"hai", "here", "speaking"}]
    if not words or len(words) > 4:
        return None
    first = words[0]
    if first.lower() in NAME_STOPWORDS or first.lower() in GREETINGS or len(first) > 40:
        return None
    return first[:1].upper() + first[1:]


AGE_FILLER = {
    "i",
    "i'm",
    "im",
    "am",
    "age",
    "aged",
    "my",
    "is",
    "years",
    "year",
    "yrs",
    "yr",
    "old",
    "y/o",
    "yo",
    "saal",
    "umar",
    "about",
    "around",
    "roughly",
    "ka",
    "ki",
    "hai",
    "actually",
    "sorry",
    "just",
    "turned",
    "turning",
    "it's",
    "its",
    "he",
    "she",
    "he's",
    "she's",
    "meri",
    "and",
    "a",
    "half",
}


def parse_age(text: str, question: Question | None = None, understanding: Understanding | None = None) -> int | None:
    """Whole years when the reply is only an age ("34", "I'm 34 years old", "thirty four")."""
    words = re.findall(r"[\w'/]+|[^\w\s]", normalise(text).replace("-", " "))
    rest = [w for w in words if w not in AGE_FILLER and w not in {".", ",", "!"}]
    if not rest or not all(w.isdigit() or parse_count(w) is not None for w in rest):
        return None
    value = parse_count(" ".join(rest))
    if value is None or not 1 <= value <= 110:
        return None
    return value


def parse_free_text(
    text: str, question: Question | None = None, understanding: Understanding | None = None
) -> str | None:
    cleaned = re.sub(r"\s+", " ", (text or "")).strip()
    if len(_WORD.findall(cleaned)) < 2:
        return None
    return cleaned[:MAX_TEXT]


def _understood(text: str, question: Question, understanding: Understanding | None) -> Any | None:
    """What bot.nlp reads in the reply as the answer to `question` (the turn's reading, when given)."""
    if understanding is None:
        from bot.nlp import understand

        understanding = understand(text, context_slot=question.slot)
    return understanding.slots.get(question.slot)


def _button_value(text: str, question: Question) -> Any | None:
    """A clicked button's value code, or its title typed out."""
    norm = normalise(text)
    for value in question.choices:
        if norm == str(value).lower():
            return value
    for button in question.buttons:
        if norm == button.title.lower() and button.value in {str(v) for v in question.choices}:
            return next(v for v in question.choices if str(v) == button.value)
    return None


def parse_duration(text: str, question: Question, understanding: Understanding | None = None) -> int | None:
    value = _button_value(text, question)
    if value is not None:
        return int(value)
    days = _understood(text, question, understanding)
    if days is None:
        found = matching_choices(question, text)
        days = int(found[0]) if len(found) == 1 else None
    return days


def parse_choice(text: str, question: Question, understanding: Understanding | None = None) -> Any | None:
    value = _button_value(text, question)
    if value is not None:
        return value
    value = _understood(text, question, understanding)
    if value is not None:
        return value
    found = matching_choices(question, text)
    return found[0] if len(found) == 1 else None


def parse_multi(text: str, question: Question, understanding: Understanding | None = None) -> list | None:
    norm = normalise(text)
    if norm in {"none", "no"}:
        return []
    value = _button_value(text, question)
    if value is not None:
        return [value]
    understood = _understood(text, question, understanding)
    if understood is not None:
        return understood
    found = matching_choices(question, text)
    if found:
        return found
    if _is_none_answer(text):
        return []
    return None


def parse_bool(text: str, question: Question, understanding: Understanding | None = None) -> bool | None:
    value = parse_yes_no(text)
    return value if value is not None else _understood(text, question, understanding)


PARSERS: dict[str, Callable[..., Any]] = {
    "name": parse_name,
    "age": parse_age,
    "text": parse_free_text,
    "duration": parse_duration,
    "choice": parse_choice,
    "multi": parse_multi,
    "yesno": parse_bool,
}


def parse_answer(question: Question, text: str, understanding: Understanding | None = None) -> Any | None:
    """The typed value of a reply to `question`, or None when it cannot be used.

    `understanding`: bot.nlp's reading of `text` for this question, when the caller has it already."""
    if not text or not text.strip():
        return None
    return PARSERS[question.kind](text, question, understanding)
