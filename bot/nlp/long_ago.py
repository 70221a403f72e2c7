"""Said of long ago, a finding is not about the patient now: "I used to wear tight braids as a kid", "I was
anaemic in pregnancy years ago", "Accutane 3 saal pehle khatam kiya".

A `long_ago` phrase marks the now-or-never answers in its clause (hairstyles, conditions, medicines, pregnancy,
scalp symptoms, triggers) as past, unless the clause says it goes on (`still_now`: "diagnosed with thyroid years
ago", "started warfarin 2 years ago"). A recent event is no past: "I came off the pill in March" is a trigger.
"When I was little" reaches back into the clause before it ("I wore braids when I was little"), and a long-ago
clause reaches into a when-clause after it ("I used to miss periods when stressed").
The history findings (a patch that grew back, alopecia areata named before) keep their meaning and are left.
A year two or more years back is long ago too ("Accutane was back in 2019", "in 2018 I had ringworm"), and a blood
thinner said to be over is not taken now (`ended_words` near it: "the injections finished in March", "warfarin band
kar di"); other medicines keep a recent stop (a trigger of shedding; isotretinoin defers injections for months).
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from bot.booking.schedule import clinic_today

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
    # "two years ago I had suicidal thoughts, after therapy I'm well": the red flag is for now (the crisis reply,
    # bot/clinical/crisis.py, still answers any mention)
    "self_harm",
)
# "I'm used to it", "got used to wearing a cap": used to = accustomed, no past
TIME_CLAUSE = {"when", "whenever", "while", "jab"}
LOOK = {"look", "looks", "looked", "looking", "resemble", "resembles", "seem", "seems", "similar"}
ACCUSTOMED_BEFORE = {"am", "'m", "im", "is", "are", "'re", "was", "were", "be", "been", "get", "got", "getting"}
# "back in 2019", "in 2018", "during 2017": a year this far back (or more) is long ago
YEAR = re.compile(r"^(?:19|20)\d\d$")
YEAR_BEFORE = {"in", "back", "during", "around"}
YEAR_AFTER = {"mein", "main", "me", "mai"}
LONG_AGO_YEARS = 2
# An ended word this many tokens from a medicine, with no other medicine, no hair loss and no word of going on
# between them, ends that medicine ("enoxaparin for six weeks after my C-section, they finished in March").
ENDED_REACH = 14
NOT_BEFORE = {"not", "n't", "never", "nahi", "nahin"}
# "just finished my seventh round", "finished cycle 3": one round of a course that goes on
ROUND_WORDS = {"round", "rounds", "cycle", "cycles", "session", "sessions", "dose", "doses", "infusion", "infusions"}
# Only what matters while it goes on ends with a word: a blood thinner's bleeding risk, breastfeeding ("doodh pilana 2
# mahine pehle chhor diya tha"). A stopped
# antidepressant or pill is still a trigger of shedding (the intake records it), isotretinoin still defers injections
# for months after the course, and hair loss during or soon after chemotherapy is the cancer doctor's to see.
ENDS_WITH_A_WORD = {("medicines", "blood_thinner"), ("pregnancy", "breastfeeding")}


def _starts(lower: list[str], phrases: list[list[str]]) -> list[tuple[int, list[str]]]:
    return [(i, p) for p in phrases for i in range(len(lower) - len(p) + 1) if lower[i : i + len(p)] == p]


def _long_ago_year(lower: list[str], i: int, this_year: int, urdu_too: bool = False) -> bool:
    """ "back in 2019" (and with `urdu_too`, "2020 mein course khatam ho gaya"): a year this far back. The Roman Urdu
    form only dates a course said to be over: "valve 2019 mein replace hua, warfarin roz leta hun" goes on."""
    before = i > 0 and lower[i - 1] in YEAR_BEFORE
    after = urdu_too and i + 1 < len(lower) and lower[i + 1] in YEAR_AFTER
    return bool(YEAR.match(lower[i])) and (before or after) and int(lower[i]) <= this_year - LONG_AGO_YEARS


def mark_long_ago(
    doc: Doc,
    findings: list[Finding],
    clause: list[int],
    context: dict[str, list[list[str]]],
    today: date | None = None,
) -> None:
    lower = [t.lower_ for t in doc]
    mark_ended_medicines(doc, findings, context)
    mark_medicines_not_yet(doc, findings, clause, context)
    mark_regrown(doc, findings, clause, context)
    mark_course_ended_long_ago(doc, findings, context, today)
    this_year = (today or clinic_today()).year  # the clinic's year, as for "since March" (durations.py)
    now_tokens = _now_finding_tokens(doc, findings)
    past_clauses: set[int] = set()
    past_parts: list[
        range
    ] = []  # "breastfeeding my baby, used to take acutane years ago": only the part after the comma

    def mark_past(i: int) -> None:
        part = _comma_part(lower, clause, i)
        if now_tokens & set(part) and now_tokens & (set(_clause_tokens(clause, i)) - set(part)):
            past_parts.append(part)
        else:
            past_clauses.add(clause[i])

    for i in range(len(lower)):
        if _long_ago_year(lower, i, this_year):
            mark_past(i)
    for i, phrase in _starts(lower, context["long_ago"]):
        if phrase == ["used", "to"] and i > 0 and lower[i - 1] in ACCUSTOMED_BEFORE:
            continue
        mark_past(i)
        if phrase[0] == "when" and i > 0 and doc[i].sent == doc[i - 1].sent:
            past_clauses.add(clause[i - 1])
    # "skin has been clear since": a "since" that ends its clause names no time that goes on
    going_on = [
        i
        for i, phrase in _starts(lower, context["still_now"])
        if not (phrase == ["since"] and (i + 1 == len(lower) or not lower[i + 1].isalnum()))
    ]
    past_clauses -= {clause[i] for i in going_on}
    past_parts = [part for part in past_parts if not set(part) & set(going_on)]
    if not past_clauses and not past_parts:
        return
    # "I used to miss periods when stressed": the when-clause is the same long-ago story
    for i in range(1, len(lower)):
        if clause[i] != clause[i - 1] and clause[i - 1] in past_clauses and lower[i] in TIME_CLAUSE:
            past_clauses.add(clause[i])
    for f in findings:
        if f.slot not in NOW_SLOTS and f.code not in NOW_FINDINGS:
            continue
        token = doc.char_span(f.start, f.end, alignment_mode="expand")
        if token is None or _looks_like(lower, token.start):
            continue
        if clause[token.start] in past_clauses or any(token.start in part for part in past_parts):
            f.past = True


def _now_finding_tokens(doc: Doc, findings: list[Finding]) -> set[int]:
    """Where the findings a past word can make past begin (token positions)."""
    out = set()
    for f in findings:
        if f.slot in NOW_SLOTS or f.code in NOW_FINDINGS:
            span = doc.char_span(f.start, f.end, alignment_mode="expand")
            if span is not None:
                out.add(span.start)
    return out


def _clause_tokens(clause: list[int], i: int) -> range:
    lo = i
    while lo > 0 and clause[lo - 1] == clause[i]:
        lo -= 1
    hi = i
    while hi + 1 < len(clause) and clause[hi + 1] == clause[i]:
        hi += 1
    return range(lo, hi + 1)


def _comma_part(lower: list[str], clause: list[int], i: int) -> range:
    """The tokens of i's clause between the commas around i."""
    whole = _clause_tokens(clause, i)
    lo = i
    while lo > whole.start and lower[lo - 1] != ",":
        lo -= 1
    hi = i
    while hi + 1 < whole.stop and lower[hi + 1] != ",":
        hi += 1
    return range(lo, hi + 1)


def _looks_like(lower: list[str], start: int) -> bool:
    """ "patches that look exactly like the ringworm we had as kids": what it looks like now is no past."""
    before = lower[max(0, start - 5) : start]
    return "like" in before and bool(LOOK & set(before))


def mark_ended_medicines(doc: Doc, findings: list[Finding], context: dict[str, list[list[str]]]) -> None:
    """A blood thinner (or breastfeeding) with an ended word near it in its sentence is past: "the injections (enoxaparin) ... they
    finished in March", "warfarin band kar di". Not when a word of going on ("still",
    "started", "since"), another medicine or the hair loss itself comes between ("my hair has not stopped falling
    since I started warfarin"), nor when the ended word is negated ("haven't stopped my aspirin")."""
    lower = [t.lower_ for t in doc]
    ended = _starts(lower, context.get("ended_words", []))
    if not ended:
        return
    going_on = {i for i, _ in _starts(lower, context["still_now"])}
    spans = {}
    for f in findings:
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is not None:
            spans[id(f)] = (span.start, span.end)
    # the other medicines and the hair loss itself; the same medicine named twice ("blood thinner (enoxaparin)") is none
    blockers = [
        (spans[id(g)], g)
        for g in findings
        if id(g) in spans
        and (g.slot in ("medicines", "shedding", "pattern") or g.code in ("hair_loss", "hair_falling"))
    ]
    for f in findings:
        if not isinstance(f.value, str) or (f.slot, f.value) not in ENDS_WITH_A_WORD or id(f) not in spans or f.past:
            continue
        start, end = spans[id(f)]
        for i, _phrase in ended:
            if doc[i].sent != doc[start].sent or (i > 0 and lower[i - 1] in NOT_BEFORE):
                continue
            if ROUND_WORDS & set(lower[i + 1 : i + 4]):
                continue
            lo, hi = (end, i) if i >= end else (i + 1, start)
            if hi - lo > ENDED_REACH or going_on & set(range(lo, hi)):
                continue
            if any(
                lo <= b[0] < hi or lo < b[1] <= hi
                for b, g in blockers
                if g is not f and not (g.slot == "medicines" and g.value == f.value)
            ):
                continue
            f.past = True
            break


def mark_medicines_not_yet(
    doc: Doc, findings: list[Finding], clause: list[int], context: dict[str, list[list[str]]]
) -> None:
    """A medicine in a clause that says it is still to come is not taken now: "he starts Accutane next month". Not
    chemotherapy: hair loss from a course about to start is the cancer doctor's to discuss all the same."""
    lower = [t.lower_ for t in doc]
    future = {clause[i] for i, _ in _starts(lower, context.get("not_yet", []))}
    if not future:
        return
    for f in findings:
        if f.slot != "medicines" or f.value == "chemotherapy":
            continue
        token = doc.char_span(f.start, f.end, alignment_mode="expand")
        if token is not None and clause[token.start] in future:
            f.past = True


# what hair that has grown back (or an infection that healed) ends: loss, the look of a bald place, the infection;
# not the history it makes
CANCER_CODES = {"cancer", "medicine_chemotherapy"}
REGROWN_CODES = {
    "shiny_skin",
    "eyebrow_loss",
    "total_loss",
    "near_total_loss",
    "body_hair_loss",
    "rapid_spread",
    "rapid_worsening",
    "fungal_named",
    "black_dots",
    "dry_scaly_patch",
    "kerion",
    "scalp_infection",
    # "had hair fall after typhoid but it all grew back", "ek gol patch hua tha jo khud theek ho gaya"
    "shedding_more",
    "shedding_clumps",
    "hair_falling",
    "pattern_patches",
    "round_patch",
    "round_shape",
    "smooth_patch",
}
NOT_REGROWN = {"never", "not", "n't", "hasn't", "haven't", "hasnt", "havent", "nahi", "yet"}


def mark_regrown(doc: Doc, findings: list[Finding], clause: list[int], context: dict[str, list[list[str]]]) -> None:
    """Loss told before "... has grown back" (or an infection before "... healed") in the same sentence is over: "my
    patches were shiny for a while but all the hair has grown back now". Not "never grew back" nor "hasn't grown back
    yet"."""
    lower = [t.lower_ for t in doc]
    regrown = [
        i for i, _ in _starts(lower, context.get("regrown", [])) if not NOT_REGROWN & set(lower[max(0, i - 2) : i])
    ]
    _over_before(doc, findings, regrown, REGROWN_CODES)
    # "had breast cancer, now cancer free": the cancer and its treatment told before are over
    _over_before(doc, findings, [i for i, _ in _starts(lower, context.get("cancer_over", []))], CANCER_CODES)


def _over_before(doc: Doc, findings: list[Finding], enders: list[int], codes: set[str]) -> None:
    """Findings of `codes` told before one of the `enders` (token positions) in the same sentence are past."""
    if not enders:
        return
    for f in findings:
        if f.code not in codes:
            continue
        token = doc.char_span(f.start, f.end, alignment_mode="expand")
        if token is not None and any(doc[i].sent == token.sent and token.end <= i for i in enders):
            f.past = True


def mark_course_ended_long_ago(
    doc: Doc, findings: list[Finding], context: dict[str, list[list[str]]], today: date | None = None
) -> None:
    """A course (a medicine, a cancer treatment) said to be over in a sentence that dates it two or more years back
    is over, whatever else goes on ("Finished a course of isotretinoin back in 2019, skin has been clear since",
    "Tamoxifen 5 saal li thi, 2020 mein course khatam ho gaya")."""
    lower = [t.lower_ for t in doc]
    this_year = (today or clinic_today()).year
    ended = _starts(lower, context.get("ended_words", []))
    if not ended:
        return
    for f in findings:
        if not (f.slot == "medicines" or f.code == "cancer") or f.past:
            continue
        token = doc.char_span(f.start, f.end, alignment_mode="expand")
        if token is None:
            continue
        sent = token.sent
        dated = any(_long_ago_year(lower, i, this_year, urdu_too=True) for i in range(sent.start, sent.end))
        if dated and any(sent.start <= i < sent.end for i, _ in ended):
            f.past = True
