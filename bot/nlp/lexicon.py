"""The lexicon's findings (lexicon.yml) checked against the intake contract, and matched in a spaCy Doc.

The YAML is content a clinician edits (read by lexicon_file.py); this module checks it against the
questions' allowed values and turns phrases into PhraseMatcher (LOWER attribute, so case does not matter)
and token patterns into Matcher rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.intake.questions import allows, questions_by_slot

from .lexicon_file import LEXICON_PATH, context_words, lexicon_data
from .slips import SlipReader


@dataclass
class Entry:
    code: str
    slot: str | None = None
    value: Any = None
    also: dict[str, Any] = field(default_factory=dict)
    hair_loss: bool = False
    phrases: list[str] = field(default_factory=list)
    patterns: list[list] = field(default_factory=list)


class LexiconError(ValueError):
    pass


@lru_cache(maxsize=1)
def load(path: str = str(LEXICON_PATH)) -> tuple[dict[str, Entry], dict[str, list[str]]]:
    """Return (entries by code, context word lists); raise LexiconError on a slot/value outside the contract."""
    data = lexicon_data(path)
    entries: dict[str, Entry] = {}
    for code, raw in data["findings"].items():
        e = Entry(
            code=code,
            slot=raw.get("slot"),
            value=raw.get("value"),
            also=raw.get("also") or {},
            hair_loss=bool(raw.get("hair_loss")),
            phrases=[str(p) for p in raw.get("phrases") or []],
            patterns=raw.get("patterns") or [],
        )
        for slot, value in ([(e.slot, e.value)] if e.slot else []) + list(e.also.items()):
            q = questions_by_slot().get(slot)
            multi = q is not None and q.kind == "multi"
            check = value if (not multi or isinstance(value, list)) else [value]
            if not allows(slot, check):
                raise LexiconError(f"{code}: {slot}={value!r} is not in questions.yml")
        entries[code] = e
    return entries, context_words(path)


class LexiconMatcher:
    """Finds lexicon phrases in a Doc; overlapping matches resolve to the longest one."""

    def __init__(self, nlp, entries: dict[str, Entry], context: dict[str, list[str]] | None = None):
        self.entries = entries
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.tokens = Matcher(nlp.vocab)
        for code, e in entries.items():
            if e.phrases:
                self.phrases.add(code, [nlp.make_doc(p) for p in e.phrases])
            if e.patterns:
                self.tokens.add(code, e.patterns)
        self.slips = SlipReader.for_lexicon(nlp, entries, context or {})

    def _matches(self, doc: Doc, matched: Doc) -> list[Span]:
        """Matches in `matched` (the Doc itself, or its words with slips read as meant) as spans of `doc`."""
        spans = [Span(doc, s, t, label=m) for m, s, t in self.phrases(matched)]
        return spans + [Span(doc, s, t, label=m) for m, s, t in self.tokens(matched)]

    def __call__(self, doc: Doc) -> list[Span]:
        spans = self._matches(doc, doc)
        as_meant = self.slips.read_as_meant(doc)  # "isotretinion", "thyriod": token for token, same positions
        if as_meant is not None:
            spans += self._matches(doc, as_meant)
        return sorted(filter_spans(spans), key=lambda s: s.start)


def tokenized_context(nlp, context: dict[str, list[str]]) -> dict[str, list[list[str]]]:
    """Context phrases as spaCy tokenizes them ("can't stop" -> ["ca", "n't", "stop"])."""
    return {k: [[t.lower_ for t in nlp.make_doc(w)] for w in words] for k, words in context.items()}
