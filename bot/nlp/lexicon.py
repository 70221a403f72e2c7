"""Loads lexicon.yml (findings + context words) and matches it in a spaCy Doc.

The YAML is content a clinician edits; this module only checks it against the intake contract and turns
phrases into PhraseMatcher (LOWER attribute, so case does not matter) and token patterns into Matcher rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import contract

LEXICON_PATH = Path(__file__).with_name("lexicon.yml")


@dataclass
class Entry:
    code: str
    slot: Optional[str] = None
    value: Any = None
    also: Dict[str, Any] = field(default_factory=dict)
    hair_loss: bool = False
    phrases: List[str] = field(default_factory=list)
    patterns: List[list] = field(default_factory=list)


class LexiconError(ValueError):
    pass


@lru_cache(maxsize=1)
def load(path: str = str(LEXICON_PATH)) -> Tuple[Dict[str, Entry], Dict[str, List[str]]]:
    """Return (entries by code, context word lists); raise LexiconError on a slot/value outside the contract."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    entries: Dict[str, Entry] = {}
    for code, raw in data["findings"].items():
        e = Entry(code=code, slot=raw.get("slot"), value=raw.get("value"), also=raw.get("also") or {},
                  hair_loss=bool(raw.get("hair_loss")), phrases=[str(p) for p in raw.get("phrases") or []],
                  patterns=raw.get("patterns") or [])
        for slot, value in ([(e.slot, e.value)] if e.slot else []) + list(e.also.items()):
            multi = contract.questions().get(slot, {}).get("kind") == "multi"
            check = value if (not multi or isinstance(value, list)) else [value]
            if not contract.is_valid(slot, check):
                raise LexiconError(f"{code}: {slot}={value!r} is not in questions.yml")
        entries[code] = e
    context = {k: [str(w).lower() for w in v] for k, v in data["context"].items()}
    return entries, context


class LexiconMatcher:
    """Finds lexicon phrases in a Doc; overlapping matches resolve to the longest one."""

    def __init__(self, nlp, entries: Dict[str, Entry]):
        self.entries = entries
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.tokens = Matcher(nlp.vocab)
        for code, e in entries.items():
            if e.phrases:
                self.phrases.add(code, [nlp.make_doc(p) for p in e.phrases])
            if e.patterns:
                self.tokens.add(code, e.patterns)

    def __call__(self, doc: Doc) -> List[Span]:
        spans = [Span(doc, s, t, label=m) for m, s, t in self.phrases(doc)]
        spans += [Span(doc, s, t, label=m) for m, s, t in self.tokens(doc)]
        return sorted(filter_spans(spans), key=lambda s: s.start)


def tokenized_context(nlp, context: Dict[str, List[str]]) -> Dict[str, List[List[str]]]:
    """Context phrases as spaCy tokenizes them ("can't stop" -> ["ca", "n't", "stop"])."""
    return {k: [[t.lower_ for t in nlp.make_doc(w)] for w in words] for k, words in context.items()}
