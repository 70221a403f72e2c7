"""Said of long ago, a finding is not about the patient now: "I used to wear tight braids as a kid", "I was
anaemic in pregnancy years ago", "Accutane 3 saal pehle khatam kiya".

A `long_ago` phrase marks the now-or-never answers in its clause (hairstyles, conditions, medicines, pregnancy,
scalp symptoms, triggers) as past, unless the clause says it goes on (`still_now`: "diagnosed with thyroid years
ago", "started warfarin 2 years ago"). A recent event is no past: "I came off the pill in March" is a trigger.
"When I was little" reaches back into the clause before it ("I wore braids when I was little"), and a long-ago
clause reaches into a when-clause after it ("I used to miss periods when stressed").
The history findings (a patch that grew back, alopecia areata named before) keep their meaning and are left.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .understanding import Finding

NOW_SLOTS = ("hairstyles", "conditions", "medicines", "pregnancy", "scalp_symptoms", "triggers")
# Red-flag findings about an illness now, with no slot of their own: "ringworm two years ago" is no infection now,
# "skin cancer removed 10 years ago" no cancer now, "acne as a teenager" no acne now
NOW_FINDINGS = (
    "fungal_named",
    "black_dots",
    "kerion",
    "scalp_infection",
    "systemic_symptoms",
    "lupus_signs",
    "weight_loss",
    "ongoing_fever",
    "cancer",
    "acne",
)
# "I'm used to it", "got used to wearing a cap": used to = accustomed, no past
TIME_CLAUSE = {"when", "whenever", "while", "jab"}
LOOK = {"look", "looks", "looked", "looking", "resemble", "resembles", "seem", "seems", "similar"}
ACCUSTOMED_BEFORE = {"am", "'m", "im", "is", "are", "'re", "was", "were", "be", "been", "get", "got", "getting"}


def _starts(lower: list[str], phrases: list[list[str]]) -> list[tuple[int, list[str]]]:
    return [(i, p) for p in phrases for i in range(len(lower) - len(p) + 1) if lower[i : i + len(p)] == p]


def mark_long_ago(doc: Doc, findings: list[Finding], clause: list[int], context: dict[str, list[list[str]]]) -> None:
    lower = [t.lower_ for t in doc]
    past_clauses: set[int] = set()
    for i, phrase in _starts(lower, context["long_ago"]):
        if phrase == ["used", "to"] and i > 0 and lower[i - 1] in ACCUSTOMED_BEFORE:
            continue
        past_clauses.add(clause[i])
        if phrase[0] == "when" and i > 0 and doc[i].sent == doc[i - 1].sent:
            past_clauses.add(clause[i - 1])
    past_clauses -= {clause[i] for i, _ in _starts(lower, context["still_now"])}
    if not past_clauses:
        return
    # "I used to miss periods when stressed": the when-clause is the same long-ago story
    for i in range(1, len(lower)):
        if clause[i] != clause[i - 1] and clause[i - 1] in past_clauses and lower[i] in TIME_CLAUSE:
            past_clauses.add(clause[i])
    for f in findings:
        if f.slot not in NOW_SLOTS and f.code not in NOW_FINDINGS:
            continue
        token = doc.char_span(f.start, f.end, alignment_mode="expand")
        if token is not None and clause[token.start] in past_clauses and not _looks_like(lower, token.start):
            f.past = True


def _looks_like(lower: list[str], start: int) -> bool:
    """ "patches that look exactly like the ringworm we had as kids": what it looks like now is no past."""
    before = lower[max(0, start - 5) : start]
    return "like" in before and bool(LOOK & set(before))
