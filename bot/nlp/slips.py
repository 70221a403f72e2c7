"""Typing slips in the words the lexicon knows ("isotretinion", "thyriod", "kharsih") read as the word meant.

Patients type on phones: one long word in four or five with a slip lost about one red flag in ten on the labelled
sets. A word is read as a slip only when it is neither a lexicon word nor an English word (pyspellchecker's
English word list, so "thinking" never becomes "thinning") and exactly one lexicon word, starting with the same
letter, is one slip away (seven letters or more; typos.close_to: two slips from nine). A letter held down
("dooodh") is read as the lexicon word it then spells, at any length. The lexicon is matched on
the message as typed and again with its slips read as meant; the finding quotes what the patient typed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from spacy.tokens import Doc

from .typos import LONG, close_to

_LETTERS = re.compile(r"^[a-z]+$")
# Shorter words are too often another word one slip away ("clomid" / "clopid", "cheez" / "cheek").
MIN_LENGTH = 7


@cache
def english_words() -> frozenset[str]:
    """English words (pyspellchecker's list, shipped in its wheel: nothing is downloaded)."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en", distance=1).word_frequency.dictionary)


_RUNS = re.compile(r"(\w)\1{2,}")
_RUNS_OF_TWO = re.compile(r"(\w)\1")


# British spellings of American words: the word list is American ("stabilise" is no slip of "stabiliser")
_BRITISH = (
    (r"is(e|ed|es|ing|ation)$", r"iz\1"),
    (r"our", "or"),
    (r"tre$", "ter"),
    (r"ae", "e"),
    (r"oe", "e"),
    (r"yse$", "yze"),
    (r"ll(ed|ing)$", r"l\1"),
    (r"ogue$", "og"),
)


def is_english(word: str) -> bool:
    words = english_words()
    return word in words or any(re.sub(old, new, word) in words for old, new in _BRITISH)


def _pattern_words(value: Any) -> Iterable[str]:
    """The literal words of a token pattern ({LOWER: {IN: [...]}}, {LOWER: "x"}); NOT_IN lists are no targets."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _pattern_words(v)
    elif isinstance(value, dict):
        for key, v in value.items():
            if key not in ("NOT_IN", "REGEX", "OP"):
                yield from _pattern_words(v)


class SlipReader:
    """Reads the slips of a Doc's words against one vocabulary (the lexicon's words)."""

    def __init__(self, meanings: dict[str, frozenset[str]], names: Iterable[str] = ()):
        """`meanings`: every lexicon word (never read as a slip) -> the findings and context lists it is part of;
        `names`: medicine and condition names that are slips' targets besides the English words of the lexicon.
        Roman Urdu words are no targets: spelt many ways, short and close to each other ("wahan" is not "wazan",
        "jahan" not "jalan"), the lexicon lists their spellings instead."""
        self.meanings = meanings
        self.known = set(meanings)
        allowed = {w.lower() for w in names} | {w for w in self.known if is_english(w)}
        self.targets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in self.known & allowed:
            if len(word) >= MIN_LENGTH and _LETTERS.match(word):
                self.targets[(word[0], len(word))].append(word)

    @classmethod
    def for_lexicon(cls, nlp, entries: dict[str, Any], context: dict[str, list[str]]) -> SlipReader:
        """From lexicon.Entry objects (phrases, patterns) and the context lists."""
        meanings: dict[str, set[str]] = defaultdict(set)

        def add(texts: Iterable[str], meaning: str) -> None:
            for text in texts:
                for token in nlp.make_doc(text):
                    meanings[token.lower_].add(meaning)

        for code, entry in entries.items():
            add(entry.phrases, code)
            add((w for pattern in entry.patterns for w in _pattern_words(pattern)), code)
        for key, words in context.items():
            add(words, f"context:{key}")
        # medicine and condition names (brands, "isotretinoin") are slips' targets though no English word
        names = [
            t.lower_
            for e in entries.values()
            if e.slot in ("medicines", "conditions")
            for p in e.phrases
            for t in nlp.make_doc(p)
        ]
        return cls({w: frozenset(m) for w, m in meanings.items()}, names)

    @lru_cache(maxsize=4096)  # noqa: B019 - one reader per process, built once with the pipeline
    def meant(self, word: str) -> str | None:
        """The lexicon word `word` is a slip of, or None."""
        w = word.lower()
        if not _LETTERS.match(w) or w in self.known:
            return None
        squeezed = _RUNS.sub(r"\1\1", w)  # "dooodh", "plzzz": a key held down
        if squeezed != w:
            for form in (squeezed, _RUNS_OF_TWO.sub(r"\1", squeezed)):
                if form in self.known:
                    return form
        if len(w) < MIN_LENGTH or is_english(w):
            return None
        found = self._one_slip_from(w)
        if not found and w.endswith("s"):
            found = self._one_slip_from(w[:-1])  # "keloyds": a slip in the plural of "keloid"
        return self._one_meaning(found) or self._ending_as_typed(w, found)

    def _one_meaning(self, found: set[str]) -> str | None:
        """The one word meant, or None. Words of the same findings are one meaning ("eyelashs": "eyelash" or
        "eyelashes"): the shortest."""
        if not found:
            return None
        if len({self.meanings.get(w) for w in found}) == 1:
            return min(found, key=lambda w: (len(w), w))
        return None

    def _ending_as_typed(self, typed: str, found: set[str]) -> str | None:
        """Of several words one slip away, the one ending as typed (a slip is seldom in the last letter:
        "diabetis" is "diabetes", not "diabetic")."""
        same_end = {w for w in found if w[-1] == typed[-1]}
        return self._one_meaning(same_end) if same_end else None

    def _one_slip_from(self, w: str) -> set[str]:
        slips = 2 if len(w) >= LONG else 1
        return {
            target
            for n in range(len(w) - slips, len(w) + slips + 1)
            for target in self.targets.get((w[0], n), ())
            if close_to(w, target)
        }

    def read_as_meant(self, doc: Doc) -> Doc | None:
        """The Doc with each slip replaced by the word meant, token for token (None: no slip)."""
        fixed = [self.meant(t.text) for t in doc]
        if not any(fixed):
            return None
        words = [m or t.text for m, t in zip(fixed, doc, strict=True)]
        return Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
