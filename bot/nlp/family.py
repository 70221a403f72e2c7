"""Whose hair is it?  "my father is bald" is family history, not the patient's pattern.

Per clause: a relative named in the clause makes its findings the family's ("nobody in my family is bald",
"bhai bhi ganja hai"); "like my dad" is a comparison, so the finding stays the patient's and also counts as
family history; a non-relative (husband, friend) makes them nobody's business here; "my son/daughter ..."
written by a parent makes the child the patient; a reporting verb ("my barber found a patch") keeps the
finding the patient's, unless the report is about the reporter ("my friend noticed she has a bald spot", "my
barber said he is going bald").  Relative words inside a lexicon phrase ("lost my father", "family history",
"family doctor") are ignored here: the phrase itself says whose it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .understanding import FAMILY, OTHER, PATIENT

LOOK_BACK = 3
TOLD = {"me", "us", "mujhe", "humein", "hamein", "that"}
BORN = {"born", "birth", "paida"}
GAVE_BIRTH = {"birth", "delivered", "delivering", "delivery", "had", "having"}  # "since I had my son"
BABY_TIME = {"months", "month", "weeks", "mahine", "mahina", "hafte"}
# "when my son was two", "after my daughter turned one": the child marks a time in the parent's own story
TIME_WORDS = {"when", "since", "after", "before", "until", "till", "jab"}
WAS = {"was", "were", "turned", "started", "tha", "thi"}
MAIN_CLAUSE_SUBJECT = {"it", "i", "i'm", "i've", "my", "mine", "mera", "meri", "mere", "main"}
PARENT = {"i", "i'm", "im", "i've", "my", "me", "mera", "meri", "mere", "mujhe"}
PLURAL_CHILDREN = {"sons", "daughters", "boys", "girls", "kids", "children", "twins", "bachon"}
ONE_OF = {"one", "both", "eldest", "youngest", "middle"}
NURSING = {"nursing", "breastfeeding", "breastfeed", "breast-feeding", "postpartum", "pumping", "doodh"}
# After a reporting verb, the first person named says whose the report is about.
SPEAKER = {"i", "i'm", "im", "i've", "ive", "my", "me", "mine", "myself", "mera", "meri", "mere", "mujhe", "main"}
THIRD_PERSON = {
    "he",
    "she",
    "they",
    "his",
    "her",
    "their",
    "him",
    "them",
    "he's",
    "she's",
    "uska",
    "uski",
    "unka",
    "unki",
    "unke",
    "uske",
    "woh",
    "wo",
}
# "hair loss in my family", "bald on my father's side": words before the relative are theirs too.
BEFORE_IS_FAMILY = {"in", "on", "from", "of", "runs"}
# "My father takes Plavix since his heart attack", "my sister wishes she was dead because of her alopecia": a finding
# right after his / her / their belongs to the person last named, when that is a relative or another adult.
POSSESSIVE_3P = {"his", "her", "their", "uske", "uski", "uska", "unke", "unki", "unka"}
# "... one woman wrote that she wanted to die": a finding right after she / he / they, the same way
SUBJECT_3P = {"she", "he", "they"}
SELF_BEFORE = {"i'm", "im", "am", "i", "'m"}  # "I'm a woman": the writer
POSSESSIVE_REACH = 30  # tokens back to the person named
# "Baji, pichlay 6 mahine mein ...", "Bhai mere baal ...": words that also address the reader name a relative at the
# start of a sentence only after "my" / "meri"
VOCATIVE = {
    "baji",
    "bhai",
    "bhaijan",
    "bhaiya",
    "apa",
    "aapi",
    "sister",
    "brother",
    "behen",
    "behan",
    "uncle",
    "aunty",
    "auntie",
    "khala",
    "sis",
    "bro",
}
# "my sister thought dandruff, but after a week it's a scaly circle": the sentence's person reaches only this far
# ... unless a word after it makes them the subject: "bhai bhi ganja hai", "sister has alopecia"
SUBJECT_NEXT = {
    "bhi",
    "ka",
    "ki",
    "ke",
    "ko",
    "ne",
    "se",
    "is",
    "was",
    "has",
    "had",
    "'s",
    "also",
    "too",
    "and",
    "aur",
    "mein",
}
CLAUSE_TURN = {"but", "however", "lekin", "magar", "although", "though", "yet"}
# "as a teenager", "when I was a kid": the writer's own youth, no child patient
OWN_YOUTH = {"as", "was", "being"}
# "kid gloves", "my girl hair": a child word used as a modifier names no child
CHILD_WORD_AS_MODIFIER = {"hair", "hairs", "hairline", "baal", "shampoo", "oil", "powder", "fine", "fluff", "gloves"}


@dataclass
class SubjectResult:
    subjects: list[str]  # one per span
    comparisons: list[Span]  # "like my dad" phrases: family history, patient pattern
    child: Span | None = None  # "my son", "meri beti": the patient is a child


def _a_babys_age(lower: list[str], i: int) -> bool:
    """ "when my son was born", "giving birth to my son", "since my baby was 4 months I shed", "when my son was two":
    a point in the parent's own story, not a child patient ("my son is 8 months old and has a bald patch" is the
    baby's)."""
    near = lower[i + 1 : i + 5]
    if any(w in BORN for w in near) or any(w in GAVE_BIRTH | NURSING for w in lower[max(0, i - 4) : i]):
        return True  # "since I had my son", "I'm breastfeeding my daughter": the child is the parent's story
    if any(w in TIME_WORDS for w in lower[max(0, i - 3) : i]) and i + 1 < len(lower) and lower[i + 1] in WAS:
        return True
    rest = lower[i + 1 : next((j for j in range(i + 1, len(lower)) if lower[j] in (".", "!", "?")), len(lower))]
    # "my son is 3 months old ... I'm still nursing him": a baby still fed is the parent's story
    baby_time = any(w in BABY_TIME for w in lower[i + 1 : i + 7])  # "my son, he is 4 months old"
    return (any(w in BABY_TIME for w in near) and bool(PARENT & set(rest))) or (
        baby_time and bool(NURSING & set(lower))
    )


# "my LO" (little one), "DS7", "DD1": the words parents' forums use for a child
FORUM_CHILD = re.compile(r"^(?:ds|dd)\d{0,2}$", re.I)
# "LO just turned 3", "DS has a patch": written in capitals these name the writer's child without "my"
FORUM_CHILD_UPPER = re.compile(r"^(?:LO|DS\d?|DD\d?)$")
# "Beti 5 saal ki hai", "Bachi matric ke papers de rahi hai", "Son is 11": opening a sentence, the writer's child
URDU_CHILD = {
    "beti",
    "beta",
    "bachi",
    "bacha",
    "bachcha",
    "bacchi",
    "bitiya",
    "munna",
    "munni",
    "bachay",
    "bache",
    # "Son is 11, GP said tinea capitis"
    "son",
    "daughter",
    "kid",
    "child",
}
# "bachi ke sar pe", "the kid's scalp": a child word that owns the head or hair needs no "my"
GENITIVE = {"ke", "ki", "ka", "'s"}
HEAD_OR_HAIR = {"sar", "sir", "baal", "bal", "scalp", "head", "hair", "hairline", "crown"}


def _child_word(doc: Doc, lower: list[str], i: int, word: str) -> str:
    """ "child" for a word that names a child only in context ("my little one", "my LO", "DS7"), else the word."""
    if word == "one" and i >= 1 and lower[i - 1] == "little":
        return "child"
    if doc[i].text == "LO" or FORUM_CHILD.match(word):
        return "child"
    return word


def _owns_the_hair(lower: list[str], i: int) -> bool:
    return i + 2 < len(lower) and lower[i + 1] in GENITIVE and lower[i + 2] in HEAD_OR_HAIR


def _addresses_the_reader(lower: list[str], i: int, sentence_start: bool, possessive: set[str]) -> bool:
    """ "Baji pichle 3 mahine se ...": a relative's word opening a sentence, without "my" before it or a word after it
    that makes it the subject ("bhai bhi ganja hai"), addresses the reader."""
    return (
        lower[i] in VOCATIVE
        and sentence_start
        and not (i > 0 and lower[i - 1] in possessive)
        and not (i + 1 < len(lower) and lower[i + 1] in SUBJECT_NEXT)
    )


def _single(words: Sequence[list[str]]) -> set[str]:
    return {w[0] for w in words if len(w) == 1}


class SubjectDetector:
    def __init__(self, context: dict[str, list[list[str]]]):
        self.family = _single(context["family_terms"])
        self.other = _single(context["other_person_terms"])
        self.compare = _single(context["comparison_before"])
        self.child = _single(context["child_terms"])
        self.possessive = _single(context["possessive"])
        self.reporting = _single(context["reporting_verbs"])
        self.someone = _single(context.get("someone_terms", []))

    def assign(
        self,
        doc: Doc,
        spans: Sequence[Span],
        clause: list[int],
        hair_loss: set[str],
        patient_words: frozenset[str] | set[str] = frozenset(),
    ) -> SubjectResult:
        """`patient_words`: the word naming the adult the message is written for (bot/nlp/proxy.py): the patient."""
        lower = [t.lower_ for t in doc]
        inside = {i for s in spans for i in range(s.start, s.end)}
        clause_subject: dict[int, tuple] = {}  # clause -> (subject, first token it applies to)
        comparisons: list[Span] = []
        child: Span | None = None
        seen_clauses: set[int] = set()
        for i, word in enumerate(lower):
            if i in inside:
                continue
            c = clause[i]
            word = _child_word(doc, lower, i, word)
            if word in self.child and i + 1 < len(lower) and lower[i + 1] in CHILD_WORD_AS_MODIFIER:
                continue
            if word in self.child and i >= 2 and lower[i - 1] in ("a", "an") and lower[i - 2] in OWN_YOUTH:
                continue
            if word in self.child and (
                any(lower[j] in self.possessive for j in range(max(0, i - 5), i))
                or _owns_the_hair(lower, i)
                or FORUM_CHILD_UPPER.match(doc[i].text)
                or (doc[i].is_sent_start and word in URDU_CHILD)
            ):
                # "my kids noticed my bald spot": children named together are the writer's family, "one of my
                # boys has a patch" is a child patient
                if word in PLURAL_CHILDREN and not ONE_OF & set(lower[max(0, i - 4) : i]):
                    continue
                if not _a_babys_age(lower, i):
                    child = child or doc[max(0, i - 1) : i + 1]
                continue
            if word not in self.family and word not in self.other or word in patient_words:
                continue
            if _addresses_the_reader(lower, i, bool(doc[i].is_sent_start), self.possessive):
                continue  # "Baji, ...": the reader addressed
            if c in seen_clauses:
                continue
            seen_clauses.add(c)
            verbs = [j for j in range(i + 1, min(len(lower), i + 1 + LOOK_BACK)) if lower[j] in self.reporting]
            if verbs and not self._about_the_reporter(lower, clause, verbs[0]):
                continue
            back = range(max(0, i - LOOK_BACK), i)
            if word in self.family and any(lower[j] in self.compare and clause[j] == c for j in back):
                clause_spans = [s for s in spans if clause[s.start] == c]
                if any(s.label_ in hair_loss for s in clause_spans):
                    comparisons.append(doc[max(0, i - 2) : i + 1])
                continue
            applies_from = i
            prep = [j for j in range(max(0, i - 2), i) if lower[j] in BEFORE_IS_FAMILY]
            if prep:
                applies_from = max(0, prep[0] - 4)
            clause_subject[c] = (
                FAMILY if word in self.family else OTHER,
                applies_from,
                self._reach_end(lower, spans, clause, i),
            )
        subjects = []
        for s in spans:
            if s.label_ == "family_history_mention":
                subjects.append(FAMILY)
            else:
                subject, first, last = clause_subject.get(clause[s.start], (PATIENT, 0, 0))
                subject = subject if first <= s.start < last else PATIENT
                if subject == PATIENT:
                    subject = self._whose(lower, s.start, inside, patient_words) or PATIENT
                if subject == PATIENT:
                    subject = self._sentence_about(s, spans, inside, patient_words) or PATIENT
                subjects.append(subject)
        return SubjectResult(subjects=subjects, comparisons=comparisons, child=child)

    def _whose(self, lower: list[str], start: int, inside: set[int], patient_words) -> str | None:
        """ "his heart attack", "her alopecia", "(one woman wrote that) she wanted to die": FAMILY or OTHER when the
        person last named before the possessive or pronoun is a relative or another adult; None when there is none,
        or that person is a child, the writer ("I'm a woman") or the one the message is written for (the patient)."""
        if not (start > 0 and lower[start - 1] in POSSESSIVE_3P | SUBJECT_3P):
            return None
        for j in range(start - 2, max(-1, start - 2 - POSSESSIVE_REACH), -1):
            word = lower[j]
            if j in inside:
                continue
            if word in self.child or word in patient_words:
                return None
            if word in self.family:
                return FAMILY
            if word in self.other:
                return OTHER
            if word in self.someone:
                return None if SELF_BEFORE & set(lower[max(0, j - 3) : j]) else OTHER
        return None

    def _sentence_about(self, span: Span, spans: Sequence[Span], inside: set[int], patient_words) -> str | None:
        """ "Abbu 26 saal ke thay jab unke saare baal, bhanwein, palkein sab chale gaye thay": a sentence that opens on
        a relative or another adult, where the writer never speaks of themselves and nobody reports, is all theirs.
        None for a child or the one the message is written for (the patient)."""
        sent = span.sent
        words = [t.lower_ for t in sent]
        k = 0
        while k < len(words) and (sent[k].is_punct or words[k] in self.possessive):
            k += 1
        if k >= len(words) or sent.start + k in inside or words[k] in patient_words or words[k] in self.child:
            return None
        if _addresses_the_reader(words, k, True, self.possessive):
            return None
        turn = next((j for j in range(k + 1, len(words)) if words[j] in CLAUSE_TURN), len(words))
        if span.start - sent.start >= turn:
            return None
        owner = FAMILY if words[k] in self.family else OTHER if words[k] in self.other else None
        if owner is None or SPEAKER & set(words[k + 1 :]) or self.reporting & set(words[k + 1 : k + 1 + LOOK_BACK]):
            return None
        # "my nephew is in kindergarten and has an itchy patch": a young relative is the patient
        if any(s.label_ == "child_age_stated" and s.sent == sent for s in spans):
            return None
        return owner

    @staticmethod
    def _about_the_reporter(lower: list[str], clause: list[int], verb: int) -> bool:
        """ "my friend noticed she has a spot": the first person named after the verb is the reporter.
        ("told me she ...": the one told is no subject.)"""
        first = verb + 1
        while first < len(lower) and lower[first] in TOLD:
            first += 1
        for j in range(first, len(lower)):
            if lower[j] in SPEAKER:
                return False
            if lower[j] in THIRD_PERSON:
                return True
            if lower[j] in (".", "!", "?", ";"):
                break
        return False

    @staticmethod
    def _reach_end(lower: list[str], spans: Sequence[Span], clause: list[int], i: int) -> int:
        """A relative's reach ends with the clause, or at a comma once something was said about them:
        "my mum is bald, nails pitted" -> the nails are the patient's."""
        starts = {s.start for s in spans}
        seen = False
        # "when my mother fell ill it began to thin": a relative in a time clause reaches to the writer's next words
        timed = any(w in TIME_WORDS for w in lower[max(0, i - 3) : i])
        for j in range(i + 1, len(lower)):
            if clause[j] != clause[i]:
                return j
            if lower[j] == "," and seen:
                return j
            if timed and j > i + 1 and lower[j] in MAIN_CLAUSE_SUBJECT:
                return j
            seen = seen or j in starts
        return len(lower)


# "my hair", "my parting", "mere baal": hair said to be the writer's own
OWN = {"my", "mere", "meri", "mera", "meray"}
HAIR_NOUNS = {
    "hair",
    "hairs",
    "parting",
    "part",
    "crown",
    "scalp",
    "head",
    "hairline",
    "temples",
    "baal",
    "maang",
    "sar",
    "sir",
    "fringe",
    "ponytail",
}
# "I'm shedding", "I've been losing", "main ganja ho raha hun": the writer's own loss
# (the writer as a person in the message: also bot/nlp/proxy.py's test of a message written for someone else)
WRITER = {"i", "i'm", "im", "i've", "ive", "me", "myself", "mujhe", "main"}
LOSS_VERBS = {"losing", "lost", "shedding", "shed", "balding", "thinning", "going", "ganja", "ganji"}


def only_own_hair(doc: Doc, spans: Sequence[Span], scalp_codes: set[str], child: Span, hair_codes: set[str]) -> bool:
    """ "My daughter noticed that my parting is wider", "looking after my sick son ... I'm shedding in clumps": the
    child is in the parent's story, every sentence that tells of hair or scalp says it is the writer's own. False when
    any such sentence does not ("my son has a bald patch and my hair is thinning too" keeps the child), or the child's
    own sentence tells of a scalp symptom ("my daughter has black dots, and I'm losing hair myself")."""
    sentences = {s.sent.start: s.sent for s in spans if s.label_ in scalp_codes}
    if not sentences or any(s.label_ in scalp_codes - hair_codes and s.sent.start == child.sent.start for s in spans):
        return False
    for sent in sentences.values():
        words = [t.lower_ for t in sent]
        own = any(w in OWN and k + 1 < len(words) and words[k + 1] in HAIR_NOUNS for k, w in enumerate(words)) or any(
            w in WRITER and LOSS_VERBS & set(words[k + 1 : k + 4]) for k, w in enumerate(words)
        )
        if not own or set(words) & POSSESSIVE_3P:
            return False
    return True
