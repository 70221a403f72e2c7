"""Assertion status of a finding: negated ("no itching", "never had patches", "itching: nahi") or uncertain
("maybe", "not sure", "thinking of minoxidil").

Rule-based in the NegEx style: a trigger before the finding negates it when both are in the same clause
and at most MAX_REACH tokens apart; a few triggers also work right after the finding.  Pseudo-triggers
("can't stop", "no longer") are skipped, and trigger words inside another finding's phrase
("lost weight without trying") do not count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span

MAX_REACH = 8
# Words between a finding and a negation after it: "dard to nahi hai", "daane wagaira nahi", "itching: no"
SKIP_AFTER = {":", "-", "?", "=", "—", "–"} | {
    "zyada",
    "bilkul",
    "really",
    "at",
    "all",
    "koi",
    "bhi",
    "kuch",
    "to",
    "toh",
    "wagaira",
    "waghaira",
    "waghera",
    "wagera",
    "itni",
    "itna",
    "kabhi",
    "khaas",
    "khas",
    "bhe",
    # "PCOS test nahi karwaya": not tested says nothing of having it
    "test",
    "tests",
    # "koi tight style nahi karta": the head noun of a hairstyle before the negation
    "style",
    "styles",
    "hairstyle",
    "hairstyles",
}
END_AFTER = {"hai", "hain", "tha", "thi", "he", "ha"}
# "the back and sides are still fine", "crown theek hai": a place said to be fine has no hair loss
LINKING = {
    "is",
    "are",
    "was",
    "were",
    "'s",
    "'re",
    "look",
    "looks",
    "seem",
    "seems",
    "still",
    "all",
    "bilkul",
    "totally",
    "completely",
    "perfectly",
    "quite",
    "pretty",
    "hai",
    "hain",
    "to",
    "toh",
    # "bhanwein bhi theek hain": the eyebrows too are fine
    "bhi",
    "bhe",
}
# "peep ya zakhm nahi hai": a negation after the last of findings joined by "or" denies each of them
OR_JOINED = {"ya", "or", "aur", "nor", "and"}


def _phrase_starts(lower: list[str], phrases: Iterable[list[str]]) -> set[int]:
    """Token positions where one of `phrases` (each a list of lower-case tokens) starts."""
    starts: set[int] = set()
    for words in phrases:
        n = len(words)
        for i in range(len(lower) - n + 1):
            if lower[i : i + n] == words:
                starts.add(i)
    return starts


def _phrase_tokens(lower: list[str], phrases: Iterable[list[str]]) -> set[int]:
    covered: set[int] = set()
    for p in phrases:
        n = len(p)
        for i in _phrase_starts(lower, [p]):
            covered.update(range(i, i + n))
    return covered


def _estimates(doc: Doc, phrases: Iterable[list[str]]) -> set[int]:
    """Uncertainty words right before a number guess an amount, not whether it happened ("I lost maybe 30 percent",
    "perhaps 100 hairs a day"): those positions are no uncertainty trigger."""
    lower = [t.lower_ for t in doc]
    out = set()
    for p in phrases:
        for i in _phrase_starts(lower, [p]):
            j = i + len(p)
            if j < len(doc) and (
                doc[j].like_num or (doc[j].lower_ in ("about", "around") and j + 1 < len(doc) and doc[j + 1].like_num)
            ):
                out.add(i)
    return out


FOR = {"for"}
POSSESSIVE_BEFORE = {"my", "her", "his", "the", "their", "our"}
STOPPING = {
    "stop",
    "stopped",
    "stopping",
    "quit",
    "quitting",
    "give",
    "given",
    "gave",
    "giving",
    "chhor",
    "chor",
    "chhod",
    "band",
}
BECAUSE = {"because", "cause", "'cause", "coz", "cuz", "since", "kyunke", "kyunki", "kyun"}


def _after_for(lower: list[str], start: int) -> bool:
    """The finding follows "for" ("medicine for thyroid", "pills for my PCOS")."""
    j = start - 1
    while j >= 0 and lower[j] in POSSESSIVE_BEFORE:
        j -= 1
    return j >= 0 and lower[j] in FOR


def _because_between(lower: list[str], trigger: int, start: int) -> bool:
    return any(w in BECAUSE for w in lower[trigger + 1 : start])


URDU_NO = frozenset({"nahi", "nahin", "nai"})
PAUSES = frozenset({",", ";", ".", "!", "?"})


class AssertionDetector:
    def __init__(
        self,
        context: dict,
        places: frozenset[str] | set[str] = frozenset(),
        indications: frozenset[str] | set[str] = frozenset(),
    ):
        """`context`: word lists from lexicon.yml, each phrase already tokenized (list of lower-case tokens);
        `places`: the codes of findings that say where the hair is lost (they can be said to be fine);
        `indications`: the codes of conditions, which "for" names as what a medicine treats."""
        self.places = places
        self.indications = indications
        self.fine = {p[0] for p in context["fine_after"] if len(p) == 1}
        self.before = context["negation_before"]
        self.after = {" ".join(p) for p in context["negation_after"]}
        self.after_urdu = {" ".join(p) for p in context["negation_after_urdu"]}
        self.pseudo = context["pseudo_negation"]
        self.uncertain = context["uncertainty"]

    def mark(self, doc: Doc, spans: Sequence[Span], clause: list[int]):
        """Return (negated, uncertain) flags per span."""
        lower = [t.lower_ for t in doc]
        inside = {i for s in spans for i in range(s.start, s.end)}
        pseudo = _phrase_tokens(lower, self.pseudo)
        neg_starts = _phrase_starts(lower, self.before) - pseudo - inside
        unc_starts = _phrase_starts(lower, self.uncertain) - inside - _estimates(doc, self.uncertain)
        span_starts = {s.start for s in spans}
        ends = {s.start: s.end for s in spans}
        out = []
        for s in spans:
            # "went five days without my thyroid medication for Hashimoto's": the medicine is not taken, the
            # condition it is for is still had
            indication = s.label_ in self.indications and _after_for(lower, s.start)
            negated = (
                (not indication and any(self._reaches(i, s, clause, lower) for i in neg_starts))
                or self._negated_after(lower, s, clause)
                or self._negated_after_urdu(lower, s, pseudo, span_starts, ends)
                or (s.label_ in self.places and self._said_fine(lower, s))
            )
            # "I wonder if it's because I'm breastfeeding": the cause is the guess, the fact after "because" is not
            uncertain = any(self._reaches(i, s, clause) and not _because_between(lower, i, s.start) for i in unc_starts)
            out.append((negated, uncertain))
        return out

    def _negated_after_urdu(
        self, lower: list[str], span: Span, pseudo: set[int], span_starts: set[int], ends: dict[int, int] | None = None
    ) -> bool:
        """ "koi dawai nahi leti": the negation follows the word, and a verb follows the negation. `ends` (the end
        of the finding starting at each position) lets "peep ya zakhm nahi" deny both."""
        i, skipped = span.end, 0
        while ends and i + 1 < len(lower) and lower[i] in OR_JOINED and i + 1 in ends:
            i = ends[i + 1]
        while i < len(lower) and lower[i] in SKIP_AFTER and skipped < 2:
            i, skipped = i + 1, skipped + 1
        if i >= len(lower) or lower[i] not in self.after_urdu or i in pseudo:
            return False
        return i + 1 not in span_starts

    def _said_fine(self, lower: list[str], span: Span) -> bool:
        i = span.end
        while i < len(lower) and i - span.end < 3 and lower[i] in LINKING:
            i += 1
        # "the crown is full of spots" is no crown said to be fine
        return i < len(lower) and lower[i] in self.fine and (i + 1 == len(lower) or lower[i + 1] != "of")

    @staticmethod
    def _reaches(trigger: int, span: Span, clause: list[int], lower: list[str] | None = None) -> bool:
        """ "I haven't stopped the braids", "can't give up my weave": the stopping is denied, not the finding."""
        if lower is not None and STOPPING & set(lower[trigger + 1 : span.start]):
            return False
        # "apna doodh nahi pilati, delivery ke baad hairfall": Roman Urdu's "nahi" closes its own phrase (it follows
        # what it denies); past a comma it denies nothing
        if lower is not None and lower[trigger] in URDU_NO and PAUSES & set(lower[trigger + 1 : span.start]):
            return False
        return trigger < span.start and span.start - trigger <= MAX_REACH and clause[trigger] == clause[span.start]

    def _negated_after(self, lower: list[str], span: Span, clause: list[int]) -> bool:
        i, skipped = span.end, 0
        while i < len(lower) and lower[i] in SKIP_AFTER and skipped < 2:
            i, skipped = i + 1, skipped + 1
        if i >= len(lower) or lower[i] not in self.after:
            return False
        nxt = lower[i + 1] if i + 1 < len(lower) else ""
        # "itching no dandruff": that "no" belongs to dandruff, not to itching.
        return nxt == "" or not nxt.isalnum() or nxt in END_AFTER
