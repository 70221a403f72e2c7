"""Single words with everyday senses ("spot on", "front of the queue", "a coin", "round the clock") are hair
findings only where the message is talking about hair.

Idioms are lexicon phrases of their own (`other_sense`: the longer match wins). A finding that is one of the
lexicon's `generic_words` (or of its `hair_sense_findings`, "in a month") also needs hair in its sentence or the
sentence before ("I found a spot on my head.
Round, smooth." -> the shape is the spot's): a `hair_words` word, or another, non-generic finding about the hair;
in reply to a question about the hair, every word is about it. A tempo ("slowly", "came back") in a sentence about
something else and no hair word ("the acne came back", "my skin cleared quickly") is not the hair's.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .understanding import Finding

HAIR_SLOTS = ("pattern", "shedding", "onset", "hairstyles")


def in_hair_sense(
    doc: Doc,
    findings: list[Finding],
    context: dict[str, list[list[str]]],
    hair_loss: set[str] | frozenset[str],
    asked: str | None = None,
) -> list[Finding]:
    """The findings without generic words said where the message is not about hair.

    `asked`: the slot the bot just asked about; a reply to a question about the hair ("the front") is about it."""
    if asked in HAIR_SLOTS:
        return findings
    generic = {p[0] for p in context["generic_words"] if len(p) == 1}
    generic_codes = {p[0] for p in context.get("hair_sense_findings", []) if len(p) == 1}
    hair_words = {p[0] for p in context["hair_words"] if len(p) == 1}
    sentences = list(doc.sents)

    def sentence_of(f: Finding) -> int | None:
        for n, sent in enumerate(sentences):
            if sent.start_char <= f.start < sent.end_char:
                return n
        return None

    def is_generic(f: Finding) -> bool:
        return f.text.lower() in generic or f.code in generic_codes

    about_hair = [bool({t.lower_ for t in sent} & hair_words) for sent in sentences]
    for f in findings:
        n = sentence_of(f)
        if n is not None and not is_generic(f) and (f.slot in HAIR_SLOTS or f.code in hair_loss):
            about_hair[n] = True
    tempo = {p[0] for p in context.get("tempo_findings", []) if len(p) == 1}
    other = {p[0] for p in context.get("other_subjects", []) if len(p) == 1}
    words = [{t.lower_ for t in sent} for sent in sentences]

    # sentences with a hair finding other than a tempo ("a round patch", "shedding")
    hair_found = [False] * len(sentences)
    for f in findings:
        n = sentence_of(f)
        if n is not None and f.code not in tempo and (f.slot in HAIR_SLOTS or f.code in hair_loss):
            hair_found[n] = True

    def about_something_else(n: int) -> bool:
        """The sentence names another subject (skin, acne, weight ...) and neither a hair word nor a hair finding."""
        # "skin" alone is no hair word here
        return bool(words[n] & other) and not words[n] & (hair_words - other) and not hair_found[n]

    kept = []
    for f in findings:
        n = sentence_of(f)
        if is_generic(f) and n is not None and not (about_hair[n] or (n > 0 and about_hair[n - 1])):
            continue
        if f.code in tempo and n is not None and about_something_else(n):
            continue  # "my skin cleared quickly": the tempo of something else
        kept.append(f)
    return kept


MEASURE_TIES = ("ponytail", "ponytails", "pony", "bun", "buns")
PULLING_WORDS = {"tight", "tightly", "high", "sleek", "scraped", "pulled"}


def ponytail_as_measure(doc: Doc, findings: list[Finding]) -> list[Finding]:
    """ "when I put it in a bun or ponytail there is way less to work with": a ponytail or bun said to show how thin
    the hair has become (a ponytail_thinner finding in the sentence) is no hairstyle that pulls, unless it is tight."""
    thinner = {
        doc.char_span(f.start, f.end, alignment_mode="expand").sent.start
        for f in findings
        if f.code == "ponytail_thinner" and f.asserted
    }
    kept = []
    for f in findings:
        words = set(f.text.lower().split())
        if f.code == "tight_hairstyle" and words & set(MEASURE_TIES) and not words & PULLING_WORDS:
            sent = doc.char_span(f.start, f.end, alignment_mode="expand").sent
            if sent.start in thinner and not {t.lower_ for t in sent} & PULLING_WORDS:
                continue
        kept.append(f)
    return kept
