"""A question or a general claim about a cause asserts no cause: "can braids cause this?", "does stress do this?",
"is it the wig?", "kya braids se ye hota hai", "braids se baal jaate hain" (braids make hair go).

A question runs from a question word that starts the sentence or a clause ("my edges are thin, is it the
braids?", "what is frontal fibrosing alopecia?") to its question mark, and "Keloid kya hota hai?" asks what a word
means; Roman Urdu's "kya" at the start of a clause makes the rest of its sentence a
question, mark or not (not "kya karun": what shall I do).
A general claim is a cause followed by "causes" or "se" in a clause where the patient does not speak of
themselves ("my braids cause ..." and "braids se mere baal ..." are the patient's).
Only causes (hairstyles, triggers) become uncertain: the symptoms in a question ("why is my hair falling out?")
and medicines or conditions the patient names ("can I have it while on warfarin?") are still said, unless the
question speaks of no one in particular ("does a tight ponytail make the hairline recede?": no I, my, me in it).
"""

from __future__ import annotations

from spacy.tokens import Doc

from .understanding import Finding

CAUSE_SLOTS = ("hairstyles", "triggers")
URDU_QUESTION = {"kya", "kia"}
# "kya karun" is "what shall I do": "kya" as "what", no yes/no question
WHAT_TO_DO = {"karun", "karoon", "karu", "karein", "karen", "karna", "kiya", "hua", "hai", "ho"}
JOINERS = {",", ";", ":", "-", "and", "or", "but", "so", "also", "aur", "ya"}
CAUSING = {"cause", "causes", "causing"}
# Roman Urdu: "X se" + a verb of what happens in general ("braids se baal jaate hain"), not of what is happening
# now ("stress se baal gir rahe hain" is the patient's story)
FROM = {"se", "say"}
IN_GENERAL = {
    "hota",
    "hoti",
    "hote",
    "jaate",
    "jate",
    "jaata",
    "jata",
    "jaati",
    "girte",
    "girta",
    "jhadte",
    "jharte",
    "nikalte",
}
NOW = {"rahe", "raha", "rahi", "rhe", "rha", "rhi", "gaye", "gaya", "gayi", "gye"}
# asking what something is: "what is ...?", "what's ...?", "X kya hota hai?" ("ye khushki kya hai?" is about this one)
WHAT = {"what", "what's", "whats"}
DEFINED = {"is", "are", "'s", "exactly", "does"}
DEFINED_URDU = {"hota", "hoti", "hote"}
THIS = {"ye", "yeh", "this", "mera", "meri", "mere", "mujhe", "my"}
FIRST_PERSON = {"i", "i'm", "im", "i've", "my", "me", "mine", "mera", "meri", "mere", "meray", "mujhe", "hamare", "our"}
ALWAYS_SAID = {"self_harm"}  # a crisis is never hypothetical


def _question_spans(doc: Doc, clause: list[int], starts: set[str]) -> list[tuple[int, int]]:
    """Token ranges [start, end) that are yes/no questions."""
    lower = [t.lower_ for t in doc]
    spans = []
    for sent in doc.sents:
        opened = None
        for i in range(sent.start, sent.end):
            word = lower[i]
            at_clause_start = i == sent.start or lower[i - 1] in JOINERS or clause[i] != clause[i - 1]
            nxt = lower[i + 1] if i + 1 < len(lower) else ""
            if word in URDU_QUESTION and at_clause_start and nxt not in WHAT_TO_DO:
                spans.append((i, sent.end))
                break
            if word in starts and at_clause_start:
                opened = i
            # "what is frontal fibrosing alopecia?": asking what a word means
            if word in WHAT and nxt in DEFINED and at_clause_start:
                opened = i
            # "Keloid kya hota hai?": the same in Roman Urdu, the word before "kya"
            if (
                word in URDU_QUESTION
                and not at_clause_start
                and nxt in DEFINED_URDU
                and not THIS & set(lower[sent.start : i])
            ):
                spans.append((sent.start, i + 1))
                break
            if word == "?" and opened is not None:
                spans.append((opened, i))
                opened = None
    return spans


def _general_claim(lower: list[str], clause: list[int], start: int, end: int) -> bool:
    """ "braids cause hair loss", "braids se baal jaate hain": said of anyone, not of the patient.

    `end`: where the run of causes named together ends ("tight braids")."""
    if end >= len(lower):
        return False
    # "my braids cause ...", "braids se mere baal ...": the patient's own (a reporter before it is not)
    said_of = {lower[i] for i in range(max(0, start - 2), len(lower)) if clause[i] == clause[start]}
    if FIRST_PERSON & said_of:
        return False
    if lower[end] in CAUSING:
        return True
    return lower[end] in FROM and bool(said_of & IN_GENERAL) and not said_of & NOW


def mark_cause_questions(
    doc: Doc, findings: list[Finding], clause: list[int], context: dict[str, list[list[str]]]
) -> None:
    """Marks hairstyles and triggers named in a yes/no question or a general claim as uncertain."""
    starts = {p[0] for p in context["yes_no_question_starts"] if len(p) == 1}
    spans = _question_spans(doc, clause, starts)
    lower = [t.lower_ for t in doc]
    causes = []
    for f in findings:
        token = doc.char_span(f.start, f.end, alignment_mode="expand") if f.slot in CAUSE_SLOTS else None
        if token is not None:
            causes.append((f, token.start, token.end))
    ends = {start: end for _, start, end in causes}
    for f, start, end in causes:
        while end in ends and ends[end] > end:  # "tight braids": one cause named in two findings
            end = ends[end]
        if any(a <= start < b for a, b in spans) or _general_claim(lower, clause, start, end):
            f.uncertain = True
    # a question about anyone ("is it true that tight ponytails make the hairline go back?") says nothing of the
    # patient: every finding in it is hypothetical (but thoughts of self-harm are always taken as said)
    general = [(a, b) for a, b in spans if not FIRST_PERSON & set(lower[a : b + 1])]
    for f in findings:
        token = doc.char_span(f.start, f.end, alignment_mode="expand")
        if f.code not in ALWAYS_SAID and token is not None and any(a <= token.start < b for a, b in general):
            f.uncertain = True
