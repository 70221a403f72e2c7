"""Scalp symptoms said of another part of the body: "painkillers when my knee hurts" is no scalp pain.

A scalp-symptom finding in a clause or sentence that names another part of the body (lexicon:
other_body_parts) and not the scalp or head is left out."""

from __future__ import annotations

from spacy.tokens import Doc

from .understanding import Finding

SCALP = "scalp_symptoms"
SCALP_WORDS = frozenset({"scalp", "head", "sar", "sir", "hair", "baal", "crown", "hairline"})


def on_the_scalp(
    doc: Doc, findings: list[Finding], clause: list[int], context: dict[str, list[list[str]]]
) -> list[Finding]:
    """The findings without scalp symptoms that are about another part of the body."""
    body = {p[0] for p in context["other_body_parts"] if len(p) == 1}
    lower = [t.lower_ for t in doc]
    kept = []
    for f in findings:
        span = doc.char_span(f.start, f.end, alignment_mode="expand") if f.slot == SCALP else None
        if span is not None:
            clause_words = {lower[i] for i in range(len(lower)) if clause[i] == clause[span.start]}
            sentence_words = {t.lower_ for t in span.sent}
            # "tablets for my knee, it hurts": the knee may be named in the clause or the sentence before "it"
            if any(words & body and not words & SCALP_WORDS for words in (clause_words, sentence_words)):
                continue
        kept.append(f)
    return kept
