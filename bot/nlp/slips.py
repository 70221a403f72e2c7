"""Typing slips in the words the lexicon knows ("isotretinion", "thyriod", "kharsih") read as the word meant.

Patients type on phones: one long word in four or five with a slip lost about one red flag in ten on the labelled
sets. A word is read as a slip only when it is neither a lexicon word nor an English word (pyspellchecker's
English word list, so "thinking" never becomes "thinning") and exactly one lexicon word, starting with the same
letter, is one slip away (seven letters or more; typos.close_to: two slips from nine). The lexicon is matched on
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

    def __init__(self, vocabulary: Iterable[str], names: Iterable[str] = ()):
        """`vocabulary`: every lexicon word (never read as a slip); `names`: medicine and condition names that are
        slips' targets besides the English words of the vocabulary. Roman Urdu words are no targets: spelt many
        ways, short and close to each other ("wahan" is not "wazan", "jahan" not "jalan"), the lexicon lists
        their spellings instead."""
        self.known = {w.lower() for w in vocabulary}
        english = english_words()
        allowed = {w.lower() for w in names} | {w for w in self.known if w in english}
        self.targets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in self.known & allowed:
            if len(word) >= MIN_LENGTH and _LETTERS.match(word):
                self.targets[(word[0], len(word))].append(word)

    @classmethod
    def for_lexicon(
        cls, nlp, phrases: Iterable[str], patterns: Iterable[Any], context: Iterable[str], names: Iterable[str] = ()
    ) -> SlipReader:
        def tokens(texts: Iterable[str]) -> set[str]:
            return {t.lower_ for text in texts for t in nlp.make_doc(text)}

        words = tokens([*phrases, *context])
        for pattern in patterns:
            words.update(w.lower() for w in _pattern_words(pattern))
        return cls(words, tokens(names))

    @lru_cache(maxsize=4096)  # noqa: B019 - one reader per process, built once with the pipeline
    def meant(self, word: str) -> str | None:
        """The lexicon word `word` is a slip of, or None."""
        w = word.lower()
        if len(w) < MIN_LENGTH or not _LETTERS.match(w) or w in self.known or w in english_words():
            return None
        slips = 2 if len(w) >= LONG else 1
        found = {
            target
            for n in range(len(w) - slips, len(w) + slips + 1)
            for target in self.targets.get((w[0], n), ())
            if close_to(w, target)
        }
        return found.pop() if len(found) == 1 else None

    def read_as_meant(self, doc: Doc) -> Doc | None:
        """The Doc with each slip replaced by the word meant, token for token (None: no slip)."""
        fixed = [self.meant(t.text) for t in doc]
        if not any(fixed):
            return None
        words = [m or t.text for m, t in zip(fixed, doc, strict=True)]
        return Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
