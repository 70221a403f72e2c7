"""Worry about the hair loss is no cause of it: "I'm so stressed about my hair fall", "baalon ki wajah se bohat
pareshan hoon", "the hair fall is stressing me out" say how the patient feels about the loss, not that stress set
it off (which would count for telogen effluvium). The stress finding of such a clause is dropped; stress that came
first stays: "stress ki wajah se baal gir rahe hain", "after a stressful year my hair fell", "stressed about exams".

Three shapes, words in lexicon.yml's context, each tight so that a cause is never taken for a worry: the stress word,
a link (`worry_about`: about, over, because of) and the hair with only "my", "the", "losing" between; or the hair, a
link back (`worry_from`: "ki wajah se", "se", "is", "giving me") and, with only "so", "bohat", "a lot of" between,
the stress word ("my hair is falling because of stress" keeps its stress: "is" is followed by "falling"); or, in
Roman Urdu order, the stress word and then the hair with its postposition (`worry_because_of`: "pareshan hoon baalon
ki wajah se").
"""

from __future__ import annotations

from spacy.tokens import Doc

from .understanding import Finding

STRESS = "trigger_stress"
REACH = 6  # tokens between the stress word and the hair
# between "about" and the hair: "stressed about losing my hair", "tension over this bald patch"
TO_THE_HAIR = {
    "my",
    "the",
    "this",
    "that",
    "these",
    "those",
    "her",
    "his",
    "their",
    "our",
    "all",
    "whole",
    "own",
    "losing",
    "mere",
    "meri",
    "apne",
    "apni",
    "in",
    "un",
}
# between the stress word and the hair it is about, in Roman Urdu order ("pareshan hoon baalon ki wajah se")
VERBS_AFTER = {
    "hoon",
    "hun",
    "hu",
    "hai",
    "hain",
    "ho",
    "hy",
    "rehta",
    "rehti",
    "rehte",
    "hota",
    "hoti",
    "hote",
    "bohat",
    "bahut",
    "boht",
    "bht",
    "main",
    "mein",
    "me",
    "bhi",
    "hi",
    "sirf",
    "in",
    "apne",
    "mere",
    "meri",
}
HAIR_AFTER = {"fall", "loss", "girne", "jharne", "girna", "jharna", "patle", "kam"}
# between the link back and the stress word: "is so stressful", "ki wajah se bohat pareshan", "gives me a lot of"
INTENSIFIERS = {
    "so",
    "very",
    "really",
    "too",
    "extremely",
    "quite",
    "super",
    "a",
    "lot",
    "of",
    "such",
    "me",
    "bohat",
    "bahut",
    "bht",
    "boht",
    "buhat",
    "kaafi",
    "kafi",
    "itna",
    "itni",
    "itne",
    "zyada",
    "ziada",
    "mujhe",
    "main",
    "mein",
    "hi",
    "bhi",
    "got",
    "getting",
}


def _phrases(context: dict[str, list[list[str]]], key: str) -> list[list[str]]:
    return [p for p in context.get(key, []) if p]


def _followed_by(lower: list[str], i: int, phrases: list[list[str]]) -> int | None:
    """The index after a phrase starting at i, or None."""
    for p in phrases:
        if lower[i : i + len(p)] == p:
            return i + len(p)
    return None


def without_worry_about_hair(
    doc: Doc, findings: list[Finding], clause: list[int], context: dict[str, list[list[str]]]
) -> list[Finding]:
    if not any(f.code == STRESS for f in findings):
        return findings
    lower = [t.lower_ for t in doc]
    hair = {p[0] for p in context["hair_words"] if len(p) == 1} | {"hairfall", "hairloss", "fall", "loss", "patch"}
    about = _phrases(context, "worry_about")
    back = _phrases(context, "worry_from")
    postpositions = _phrases(context, "worry_because_of")

    def token_range(f: Finding) -> tuple[int, int] | None:
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        return (span.start, span.end) if span is not None else None

    def about_hair(start: int, end: int) -> bool:
        n = clause[start]
        # stress, a link, the hair: "stressed about my hair fall", "tension over the bald patch"
        i = end
        while i < len(lower) and lower[i] in INTENSIFIERS and i < end + 3:
            i += 1
        after = _followed_by(lower, i, about)
        if after is not None:
            j = after
            while j < len(lower) and lower[j] in TO_THE_HAIR and j < after + REACH:
                j += 1
            if j < len(lower) and lower[j] in hair and clause[j] == n:
                return True
        # Roman Urdu order, the cause after: "pareshan hoon baalon ki wajah se", "tension hai hair fall ki wajah se"
        j = end
        while j < len(lower) and lower[j] in VERBS_AFTER and j < end + 4:
            j += 1
        if j < len(lower) and lower[j] in hair:
            k = j + 1
            while k < len(lower) and lower[k] in hair | HAIR_AFTER and k < j + 3:
                k += 1
            if _followed_by(lower, k, postpositions) is not None:
                return True
        # the hair, a link back, stress: "baalon ki wajah se pareshan", "hair fall is stressing me"
        for j in range(max(0, start - 2 * REACH), start):
            if lower[j] not in hair or clause[j] < n - 1:
                continue
            for i in range(j + 1, start):
                after = _followed_by(lower, i, back)
                if after is None or clause[i] != clause[j]:  # the stress word may follow a break: "is so stressful"
                    continue
                while after < start and lower[after] in INTENSIFIERS:
                    after += 1
                if after == start:
                    return True
        return False

    kept = []
    for f in findings:
        where = token_range(f) if f.code == STRESS else None
        if where is not None and about_hair(*where):
            continue
        kept.append(f)
    return kept
