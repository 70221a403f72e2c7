"""Scalp symptoms and patches said of another part of the body: "painkillers when my knee hurts" is no scalp
pain, "an eczema patch on my arm" no bald patch.

A scalp-symptom finding in a clause or sentence that names another part of the body (lexicon:
other_body_parts) and not the scalp or head is left out; so is a bare "patch" or "spot" in a clause that names
another part of the body and no hair ("a bald patch on my cheek" stays: a beard patch). A scalp-symptom word
right before another part or another subject names that one's symptom ("deep painful acne on my jaw",
"itchy skin on my arms"), whatever else the sentence says about the scalp."""

from __future__ import annotations

from spacy.tokens import Doc

from .understanding import Finding

SCALP = "scalp_symptoms"
SCALP_WORDS = frozenset({"scalp", "head", "sar", "sir", "hair", "baal", "crown", "hairline"})
PATCH_WORDS = frozenset({"patch", "patches", "spot", "spots", "pach"})
# findings of the skin that may be anywhere: "daad baazu pe hai" is ringworm of the arm, no tinea of the scalp
ELSEWHERE_TOO = {"fungal_named"}
HAIR_WORDS = SCALP_WORDS | {"bald", "hairs", "beard", "daarhi", "darhi", "eyebrow", "eyebrows", "ganja"}


def _bare_patch(f: Finding) -> bool:
    return f.slot == "pattern" and f.text.lower() in PATCH_WORDS


def on_the_scalp(
    doc: Doc, findings: list[Finding], clause: list[int], context: dict[str, list[list[str]]]
) -> list[Finding]:
    """The findings without scalp symptoms or bare patches that are about another part of the body."""
    body = {p[0] for p in context["other_body_parts"] if len(p) == 1}
    described = body | {p[0] for p in context.get("other_subjects", []) if len(p) == 1}
    lower = [t.lower_ for t in doc]
    kept = []
    for f in findings:
        scalp_like = f.slot == SCALP or f.code in ELSEWHERE_TOO
        span = doc.char_span(f.start, f.end, alignment_mode="expand") if scalp_like or _bare_patch(f) else None
        if span is not None:
            clause_words = {lower[i] for i in range(len(lower)) if clause[i] == clause[span.start]}
            if scalp_like:
                if span.end < len(lower) and lower[span.end] in described:
                    continue
                sentence_words = {t.lower_ for t in span.sent}
                # "tablets for my knee, it hurts": the knee may be named in the clause or the sentence before "it"
                if any(words & body and not words & SCALP_WORDS for words in (clause_words, sentence_words)):
                    continue
            elif clause_words & body and not clause_words & HAIR_WORDS:
                continue
        kept.append(f)
    return kept
