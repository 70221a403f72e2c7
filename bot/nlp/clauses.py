"""Splits a Doc into clauses: the reach of a negation, a family mention or a hedge ends at a clause break.

"no itching, but my scalp burns" -> the "no" must not reach "burns"; "hair fell out after my father died"
-> "father" must not turn the patient's hair fall into family history.  Rules, not a parser: blank spaCy
has no dependency parse, and these few rules are easy to test and to explain.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

HARD_PUNCT = {".", "!", "?", ";", "\n", "...", "|"}
# After "," or "and"/"or", these words start a new clause ("no itching, my dad is bald").
CLAUSE_STARTERS = {
    "i",
    "i'm",
    "im",
    "my",
    "me",
    "it",
    "it's",
    "its",
    "she",
    "he",
    "his",
    "her",
    "they",
    "their",
    "we",
    "our",
    "the",
    "this",
    "there",
    "now",
    "then",
    "mera",
    "meri",
    "main",
    "mein",
    "since",
    "after",
    "but",
    "ab",
    "nobody",
    "noone",
    "everyone",
    "everybody",
    "none",
    # a new thing named after "and": "more fell without me touching it, and a bald patch started" (not negated)
    "a",
    "an",
    # a verb after "and" starts a new thought: "I couldn't eat and lost weight" (the weight loss is no negation)
    "lost",
    "started",
    "noticed",
    "began",
    "gained",
    "became",
    "developed",
}


def clause_ids(doc: Doc, breaks: Sequence[list[str]]) -> list[int]:
    """A clause number per token; tokens in the same clause share a number.  `breaks`: tokenized phrases."""
    multi = [b for b in breaks if len(b) > 1]
    single = {b[0] for b in breaks if len(b) == 1} - {"and", "or"}
    ids, current = [], 0
    lower = [t.lower_ for t in doc]
    for i, tok in enumerate(doc):
        word = lower[i]
        nxt = lower[i + 1] if i + 1 < len(doc) else ""
        starts_multi = any(lower[i : i + len(m)] == m for m in multi)
        if (
            word in single
            or starts_multi
            or (word in {",", "and", "or", "-", ":"} and nxt in CLAUSE_STARTERS)
            or tok.is_sent_start
            and i > 0
        ):
            current += 1
        ids.append(current)
        if word in HARD_PUNCT or tok.is_space and "\n" in tok.text:
            current += 1
    return ids
