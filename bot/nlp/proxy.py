"""A message written for an adult relative or partner is about that person: "Asking for my wife, she is 62 ...",
"My boyfriend is 29 and has started to go bald", "Meri ammi 62 saal ki hain ... unke baal patle ho gaye hain", "Ammi ki chemo chal rahi hai aur unke saare baal gir gaye".

The person is the patient when the writer introduces them as the one asked about (asking or writing for them; a
partner's age; a relative's age, or a message that opens on the relative, with their hair told in the third person) and says nothing of their own hair: then
their findings are not family history, and their age and sex are the patient's. "My dad is 60 and bald, and my
hairline is going too" and "my brother is 19 and thinning at the temples" stay family history, and so does any
reply to a question (understand() with a context slot: "does anyone in your family have hair loss?").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .family import GENITIVE, HAIR_NOUNS, VOCATIVE, WRITER

FEMALE = {
    "wife", "mother", "mom", "mum", "mummy", "ammi", "ami", "amma", "sister", "behan", "behen", "girlfriend", "aunt",
    "aunty", "auntie", "khala", "phupho", "phuppo", "grandmother", "grandma", "granny", "nani", "dadi", "biwi",
    "walida", "waalida", "saheli", "bhabhi", "bhabi", "fiancee", "fiancée",
}  # fmt: skip
MALE = {
    "husband", "father", "dad", "daddy", "papa", "abbu", "abu", "abba", "brother", "bhai", "boyfriend", "uncle",
    "chacha", "mamu", "mamoo", "grandfather", "grandpa", "grandad", "granddad", "nana", "dada", "shohar", "walid",
    "waalid", "fiance", "fiancé",
}  # fmt: skip
_MY = r"(?:my|our|meri|mera|mere|meray|hamari|hamara)"
_WHO = r"(?P<who>[^\W\d_]+(?:-in-law)?)"
# "asking for my wife", "writing on behalf of my mother", "question about my husband"
ASKING = re.compile(
    rf"\b(?:asking|writing|posting|enquiring|inquiring|messaging|question|here)\s+(?:for|on\s+behalf\s+of|about)\s+"
    rf"{_MY}\s+{_WHO}",
    re.I,
)
# "my boyfriend is 29", "my girlfriend, who is 33", "meri ammi 62 saal ki hain", "my wife (45)", and at the start of
# the message without "my": "Ammi 58 saal ki hain ..."
AGED = re.compile(
    rf"(?:\b{_MY}\s+|^\W*){_WHO}\s*[,(]?\s*(?:who\s+is\s+|who's\s+|is\s+|aged\s+|now\s+)?(?P<age>\d{{2,3}})\b"
    r"(?!\s*(?:months?|weeks?|days?|kg|kgs|%|mahine|hafte|times))"
    # "Nana 30 saal ke thay jab ...": an age they were once
    r"(?!\s*(?:saal|sal|years?)?\s*(?:ke|ka|ki)?\s*(?:thay|tha|thi|the|thin)\b)",
    re.I,
)
# "Ammi ki chemo chal rahi hai, unke saare baal ...", "My mother has lost all her hair": the message opens on them
OPENS_ON = re.compile(rf"^\W*(?:{_MY}\s+)?{_WHO}\b", re.I)
# "Asking for my wife, she is 62": the age right after
LATER_AGE = re.compile(r"^\W*(?:she|he|who)\s*(?:is|'s)\s+(?P<age>\d{2,3})\b", re.I)
# "Main 22 ka hun", "I'm 22": the writer gives their own age, so a relative only named or aged is not the patient
OWN_AGE = re.compile(r"\b(?:i'?m|i\s+am|im|main|mai)\s+(?:only\s+|just\s+)?\d{1,2}\b", re.I)
# Partners are no blood relatives: a message giving a partner's age is written for them
PARTNERS = {
    "husband",
    "wife",
    "boyfriend",
    "girlfriend",
    "fiance",
    "fiancee",
    "fiancé",
    "fiancée",
    "shohar",
    "biwi",
    "partner",
}
# A relative's hair told in the third person ("her hair", "unke baal", "she has a patch") ...
THIRD_PERSON = {
    "she",
    "he",
    "her",
    "his",
    "she's",
    "he's",
    "him",
    "unke",
    "unki",
    "unka",
    "uske",
    "uski",
    "uska",
    "woh",
    "wo",
}
# ... unless the writer compares ("my brother is 19 and thinning too", "bhai bhi ganja hai": family history)
ALSO = {"too", "also", "bhi", "same", "like"}
# The writer speaking of themselves
SELF = {
    "i",
    "i'm",
    "im",
    "i've",
    "ive",
    "me",
    "myself",
    "mine",
    "my",
    "mujhe",
    "mera",
    "meri",
    "mere",
    "meray",
    "main",
    "apne",
    "apni",
    "apna",
}
POSSESSIVE = {"my", "our", "meri", "mera", "mere", "meray", "hamari", "hamara"}


@dataclass
class Proxy:
    word: str  # the lower-case word naming the person asked about ("wife", "ammi")
    age: int | None
    sex: str | None


def _candidates(text: str) -> Iterable[tuple[str, int | None, str]]:
    """(person, age, how): "asking for my wife" names them ("named"); "my brother is 19" only gives an age ("aged");
    "Ammi ki chemo ..." only opens on them ("opens")."""
    for m in ASKING.finditer(text):
        later = LATER_AGE.match(text[m.end() :])
        yield m.group("who").lower(), int(later.group("age")) if later else None, "named"
    for m in AGED.finditer(text):
        yield m.group("who").lower(), int(m.group("age")), "aged"
    opening = OPENS_ON.match(text)
    # "Baji, ..." / "Bhai ..." at the start address the reader; only "meri baji" names a relative
    if opening and not (opening.group("who").lower() in VOCATIVE and not re.match(rf"^\W*{_MY}\s", text, re.I)):
        yield opening.group("who").lower(), None, "opens"


def _told_in_third_person(doc: Doc, spans: Sequence[Span], hair_codes: set[str]) -> bool:
    """Their hair described as theirs ("her hair is thin", "unke baal patle"), without a comparison to the writer
    right at the hair ("thinning too", "bhi ganja"; "she also has acne" compares nothing)."""
    seen_hair = False
    for s in spans:
        if s.label_ not in hair_codes:
            continue
        # "thinning too" compares with the writer; "eyebrows ... and lashes also" adds a sign to one told already
        if not seen_hair and {t.lower_ for t in doc[max(0, s.start - 2) : s.end + 2]} & ALSO:
            return False
        seen_hair = True
    return any(s.label_ in hair_codes and {t.lower_ for t in s.sent} & THIRD_PERSON for s in spans)


# "my sister's eyebrows", "meri behan ke baal": the person, then their hair (family.py's words, and the brows)
POSSESSIVE_AFTER = GENITIVE | {"’s", "kay", "kaa"}
THEIR_HAIR = HAIR_NOUNS | {"bal", "baalon", "balon", "eyebrows", "brows", "lashes"}


def _their_hair_named(doc: Doc, spans: Sequence[Span], hair_codes: set[str], who: str) -> bool:
    """The person's own hair named right after them: "My sister's eye brows ...", "meri behan ke baal ...".
    (No pronoun need follow: the possessive says whose.)"""
    words = [t.lower_ for t in doc]
    i = next((k for k, w in enumerate(words) if w == who), None)
    if i is None or i + 1 >= len(words) or words[i + 1] not in POSSESSIVE_AFTER:
        return False
    if set(words[i + 2 : i + 7]) & ALSO:
        return False  # "walida ke baal bhi jhar gaye thay": compared with the writer's own
    return any(s.label_ in hair_codes and i + 1 < s.start <= i + 4 for s in spans) or (
        i + 2 < len(words) and words[i + 2] in THEIR_HAIR
    )


def _reports(doc: Doc, who: str, reporting: frozenset[str]) -> bool:
    """The person opening the message is followed by a verb of saying: "My neighbour mentioned that ..."."""
    words = [t.lower_ for t in doc]
    i = next((k for k, w in enumerate(words) if w == who), None)
    return i is not None and bool(set(words[i + 1 : i + 4]) & reporting)


def _speaks_of_own_hair(doc: Doc, spans: Sequence[Span], hair_codes: set[str], persons: set[str]) -> bool:
    """A hair finding in a sentence where the writer speaks of themselves ("my hair", "I'm losing"), not counting
    the "my" that introduces a relative ("my wife")."""
    for s in spans:
        if s.label_ not in hair_codes:
            continue
        sent = [t.lower_ for t in s.sent]
        for k, w in enumerate(sent):
            if w in SELF and not (w in POSSESSIVE and k + 1 < len(sent) and sent[k + 1] in persons):
                return True
    return False


def find_proxy(
    doc: Doc, spans: Sequence[Span], persons: set[str], hair_codes: set[str], reporting: frozenset[str] = frozenset()
) -> Proxy | None:
    """The adult the message is written for, or None. `persons`: relative and partner words (lexicon context);
    `hair_codes`: the lexicon codes that describe hair loss; `reporting`: verbs of saying ("my neighbour mentioned
    that he ...": a report, not a message written for them)."""
    for who, age, how in _candidates(doc.text):
        if who not in persons or (age is not None and not 18 <= age <= 110):
            continue
        if how == "opens" and (_reports(doc, who, reporting) or WRITER & {t.lower_ for t in doc}):
            continue  # "My brother has a patch in his beard, will I get it too?": the writer asks for themselves
        # a partner's age says the message is for them; a message that only opens on someone must tell their hair
        told_as_theirs = _told_in_third_person(doc, spans, hair_codes) or _their_hair_named(doc, spans, hair_codes, who)
        if not (how == "named" or (how == "aged" and who in PARTNERS) or told_as_theirs):
            continue
        if how != "named" and who not in PARTNERS and OWN_AGE.search(doc.text):
            continue
        if _speaks_of_own_hair(doc, spans, hair_codes, persons):
            return None
        sex = "female" if who in FEMALE else "male" if who in MALE else None
        return Proxy(word=who, age=age, sex=sex)
    return None
