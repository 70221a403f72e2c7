"""Reads lexicon.yml: the findings and the context word lists (negation, yes, no, family words ...).

The one reader of the file, and free of spaCy: the answer parsing of the conversation takes its yes, no and
negation words from here without loading the NLP pipeline."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_PATH = Path(__file__).with_name("lexicon.yml")


@cache
def lexicon_data(path: str = str(LEXICON_PATH)) -> dict[str, Any]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def context_words(path: str = str(LEXICON_PATH)) -> dict[str, list[str]]:
    """Each context list of the lexicon (e.g. "affirm", "negation_before"), lower-case."""
    return {k: [str(w).lower() for w in v] for k, v in (lexicon_data(path).get("context") or {}).items()}


def words(name: str) -> tuple[str, ...]:
    """One context list of the clinic's lexicon.yml, lower-case."""
    return tuple(context_words()[name])
