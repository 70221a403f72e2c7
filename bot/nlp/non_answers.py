"""Replies that answer nothing: empty, "?", "hmm", "what do you mean", keyboard mashing, only emoji, or only a
question put back to the bot ("is it safe?", "kitne paise lagte hain?").

A reply that may answer, however oddly, is not caught here: "3 months?" or "minoxidil?" is a hesitant answer,
and "asdf" inside a longer reply does not spoil it. The words are the lexicon's (not_an_answer,
question_starts).
"""

from __future__ import annotations

import re
from functools import cache

from .lexicon_file import words
from .yes_no import normalise

_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+", re.UNICODE)
VOWELS = set("aeiouy")
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
# Question words that make a question even without "?" ("what is prp", "kya ye safe hai"), unless a number
# follows ("how long has it been, maybe 2 years" answers).
WH_WORDS = frozenset({"what", "why", "how", "kya", "kyun", "kyon", "kaise", "kitna", "kitne", "kitni"})
MIN_QUESTION_WORDS = 3  # "do hafte" (two weeks) and "is it?" are too short to be a question back


@cache
def _keyboard_trigrams() -> frozenset[str]:
    rows = KEYBOARD_ROWS + tuple(r[::-1] for r in KEYBOARD_ROWS)
    return frozenset(row[i : i + 3] for row in rows for i in range(len(row) - 2))


def _gibberish(word: str) -> bool:
    """ "sdfg", "qwerty", "aaaaa", "asdkjh", "lkj": no vowel, one letter repeated, a keyboard run."""
    w = word.lower()
    if len(w) == 3 and w in _keyboard_trigrams():
        return True  # "lkj qwe"
    if w.isdigit() or len(w) < 4:
        return False
    if not VOWELS & set(w) or re.search(r"(\w)\1{3,}", w):
        return True
    runs = sum(w[i : i + 3] in _keyboard_trigrams() for i in range(len(w) - 2))
    return runs >= 2


# Roman Urdu puts the question word inside the sentence ("ye kyun pooch rahe ho?", "paise kitne lagte hain?").
URDU_WH_WORDS = frozenset({"kya", "kyun", "kyon", "kaise", "kitna", "kitne", "kitni", "kab", "kahan", "kaun"})


def is_question_back(text: str) -> bool:
    """Only a question to the bot: starts with a question word and asks (a "?" or a wh-word), or, in Roman
    Urdu, holds its question word anywhere and ends with a "?" (no number in it: "3 mahine, kya?" answers)."""
    norm = normalise(text)
    tokens = _WORDS.findall(norm)
    if len(tokens) < MIN_QUESTION_WORDS:
        return False
    if tokens[0] not in words("question_starts"):
        return (
            norm.rstrip().endswith("?") and bool(URDU_WH_WORDS & set(tokens)) and not any(t.isdigit() for t in tokens)
        )
    if norm.rstrip().endswith("?"):
        return True
    return tokens[0] in WH_WORDS and not any(t.isdigit() for t in tokens)


def asks_something(text: str) -> bool:
    """Some part of the reply is a question to the bot ("one question, do the injections hurt? I'm scared")."""
    pieces = re.findall(r"[^,.;!?]+\??", text or "")
    return any(is_question_back(piece.strip()) for piece in pieces)


def is_filler(text: str) -> bool:
    """A sound or a "what?" that answers nothing, though it may hold a yes/no word ("samjha nahi", "ok")."""
    norm = normalise(text).strip(" .!,;:-~")
    return norm in words("not_an_answer") or norm.rstrip("?").strip() in words("not_an_answer")


def is_not_an_answer(text: str) -> bool:
    """True when the reply answers nothing at all (see the module's docstring)."""
    norm = normalise(text).strip(" .!,;:-~")
    tokens = _WORDS.findall(norm)
    if not tokens:
        return True  # empty, punctuation, emoji only
    if is_filler(text):
        return True
    if all(_gibberish(t) for t in _WORDS.findall((text or "").lower())):  # before "aaaaa" is folded to "a"
        return True
    return is_question_back(text)
