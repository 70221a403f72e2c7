"""Whether a treatment or a medicine named in a message was used, and whether a medicine is a new one.

"I want mesotherapy" or "is PRP safe?" names a treatment the patient has not had: only a word of use in the
same clause ("tried", "been on", "3 sessions", "lagaya") makes it a treatment tried, and a wish ("want to
start", "karwana hai") undoes that. A medicine after a word of starting ("since I started warfarin", "nayi
dawai"), or one taken for six months or less ("two months on isotretinoin", "sotret for 8 weeks"), is also
the trigger "a new medicine". The words are the lexicon's (used_words, wish_words, started_words).
"""

from __future__ import annotations

from spacy.tokens import Doc

from .durations import find_times
from .understanding import PATIENT, Finding

TREATMENTS = "treatments_tried"
STARTED_REACH = 3  # tokens between "started" and the medicine ("started taking warfarin")
# Shedding follows a new drug by 2-4, at most 6 months (S8): a medicine taken that long or less is a new one.
RECENT_DAYS = 180
RECENT_REACH = 4  # tokens between the medicine and how long it has been taken ("on methotrexate for 5 months")


def _token_span(doc: Doc, f: Finding) -> tuple[int, int] | None:
    span = doc.char_span(f.start, f.end, alignment_mode="expand")
    return None if span is None else (span.start, span.end)


def _starts_any(lower: list[str], i: int, phrases: list[list[str]]) -> bool:
    """True when one of `phrases` (tokenized) starts at token i."""
    return any(lower[i : i + len(p)] == p for p in phrases)


def mark_unused_treatments(
    doc: Doc, findings: list[Finding], clause: list[int], context: dict[str, list[list[str]]], asked: str | None
) -> None:
    """Marks a treatment named without a word of use, or with a wish, as uncertain (it fills no slot).

    In reply to "have you tried any treatments?" (`asked`) the question itself supplies the use."""
    if asked == TREATMENTS:
        return
    lower = [t.lower_ for t in doc]
    for f in findings:
        if f.slot != TREATMENTS or f.negated or f.uncertain:
            continue
        where = _token_span(doc, f)
        if where is None:
            continue
        start, end = where
        same_clause = [i for i in range(len(lower)) if clause[i] == clause[start] and not start <= i < end]
        used = any(_starts_any(lower, i, context["used_words"]) for i in same_clause)
        wished = any(_starts_any(lower, i, context["wish_words"]) for i in same_clause if i < start)
        if not used or wished:
            f.uncertain = True


def _recent_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token spans of the times in `doc` of six months or less ("for 2 months", "3 mahine se", "two weeks")."""
    out = []
    for t in find_times(doc.text):
        if t.kind in ("duration", "ago") and t.days is not None and 0 < t.days <= RECENT_DAYS:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None:
                out.append((span.start, span.end))
    return out


def _taken_recently(doc: Doc, where: tuple[int, int], recent: list[tuple[int, int]], taken: set[int]) -> bool:
    """A recent time next to the medicine, in its sentence, with no other finding between the two."""
    for start, end in recent:
        gap = range(end, where[0]) if end <= where[0] else range(where[1], start)
        if len(gap) <= RECENT_REACH and doc[start].sent == doc[where[0]].sent and not taken & set(gap):
            return True
    return False


def new_medicine_triggers(doc: Doc, findings: list[Finding], context: dict[str, list[list[str]]]) -> list[Finding]:
    """A "new medicine" trigger for each medicine the patient says they started or have taken a short time."""
    lower = [t.lower_ for t in doc]
    recent = _recent_spans(doc)
    spans = [s for s in (_token_span(doc, f) for f in findings) if s is not None]
    out = []
    for f in findings:
        if f.slot != "medicines" or not f.asserted:
            continue
        where = _token_span(doc, f)
        if where is None:
            continue
        # tokens of the other findings: "on warfarin, shedding for 2 months" times the shedding, not the drug
        taken = {i for s in spans if s != where for i in range(*s)}
        before = range(max(0, where[0] - STARTED_REACH), where[0])
        if any(_starts_any(lower, i, context["started_words"]) for i in before) or _taken_recently(
            doc, where, recent, taken
        ):
            out.append(
                Finding(
                    code="trigger_new_medicine",
                    text=f.text,
                    start=f.start,
                    end=f.end,
                    subject=PATIENT,
                    slot="triggers",
                    value="new_medicine",
                )
            )
    return out
