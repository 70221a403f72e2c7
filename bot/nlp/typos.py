"""A word typed with one slip ("femal", "slowley", "evrywhere", "monts") is the word meant.

Only words of five letters or more are compared, and only with words of five letters or more, so short
words never turn into others ("male" is not "female"); one slip is allowed (two from nine letters on): a
letter missing, added, changed, or two letters swapped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MIN_LENGTH = 5
LONG = 9  # from this length two slips are allowed


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, stopping early once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def close_to(typed: str, word: str) -> bool:
    """True when `typed` is `word` with a slip (and not the word itself)."""
    typed, word = typed.lower(), word.lower()
    if typed == word or len(typed) < MIN_LENGTH or len(word) < MIN_LENGTH:
        return False
    limit = 2 if len(word) >= LONG else 1
    return _distance(typed, word, limit) <= limit


def corrected(token: str, vocabulary: Mapping[str, Any]) -> str | None:
    """The vocabulary word `token` is a slip of, or None: no word, or words that mean different things.

    `vocabulary`: word -> what it means (an option code, a number of days); "monts" is "month" or "months",
    both 30 days, so either does."""
    if token.lower() in vocabulary:
        return None
    found = sorted(word for word in vocabulary if close_to(token, word))
    return found[0] if found and len({vocabulary[w] for w in found}) == 1 else None
