"""Yes, no, or "I don't know" in a short reply (consent, the read-back, yes/no questions, booking).

A negation anywhere makes a no ("I do not agree", "abhi nahi, baad mein"), except in phrases that only look
like one ("no problem", "I don't mind"); a reply that says the patient does not know ("not sure", "pata
nahi", "maybe") is neither. Every word is the lexicon's (bot/nlp/lexicon.yml, context); no spaCy here.
"""

from __future__ import annotations

import re
from functools import cache

from .lexicon_file import words

_TOKEN = re.compile(r"[\w']+|[^\w\s]", re.UNICODE)
_ELONGATED = re.compile(r"(\w)\1{2,}", re.UNICODE)  # "nooo", "yesss", "haaan"
# Said anywhere in a short reply, these are a yes ("ok yes", "theek hai, haan"); other yes words only lead.
YES_ANYWHERE = frozenset({"yes", "yeah", "yep", "yup", "haan", "han", "bilkul", "👍", "✅"})
# One-letter or tag words that are a no only as the whole reply ("n"), or only leading it ("na"): in
# "theek hai na" the "na" asks "right?".
NO_ONLY_WHOLE = frozenset({"n", "na"})


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, single spaces, no elongation ("Nooo!!" -> "no!!")."""
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'").lower()
    return _ELONGATED.sub(r"\1", re.sub(r"\s+", " ", text).strip())


def _bare(text: str) -> str:
    """The reply without the punctuation around it."""
    return normalise(text).strip(" .!?,;:-~")


def _contains(norm: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", norm) is not None


@cache
def _negations() -> frozenset[str]:
    """Single words that make a reply a no wherever they stand."""
    listed = set(words("negation_before")) | set(words("deny")) | set(words("negation_after_urdu"))
    singles = {w.replace("'", "") for w in listed if " " not in w}
    # "none", "nothing", "nobody" answer "which ones?" with none; in a yes/no reply they still are a no.
    return frozenset(singles - NO_ONLY_WHOLE - {"without", "zero", "denies"})


def does_not_know(text: str) -> bool:
    """ "not sure", "pata nahi", "maybe", "I don't know about her side": no yes and no no."""
    norm = _bare(text)
    return any(_contains(norm, phrase) for phrase in words("dont_know"))


def _without_pseudo_negations(norm: str) -> str:
    for phrase in words("not_a_no"):
        norm = re.sub(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", " ", norm)
    return norm


def _negated(norm: str) -> bool:
    """A negation word anywhere ("I do not agree", "abhi nahi"), outside the phrases that only look like one."""
    norm = _without_pseudo_negations(norm)
    negations = _negations()
    return any(t.endswith("n't") or t.replace("'", "") in negations for t in _TOKEN.findall(norm))


def _leads(norm: str, leads: tuple[str, ...]) -> bool:
    return any(norm == lead or re.match(rf"{re.escape(lead)}(?![\w'])", norm) for lead in leads)


def read_yes_no(text: str) -> bool | None:
    """True for a yes, False for a no, None when the reply is neither (or the patient does not know)."""
    norm = _bare(text)
    if not norm or does_not_know(norm):
        return None
    plain = _bare(_without_pseudo_negations(norm))  # "no worries, go ahead" -> "go ahead"
    if plain in words("deny") or _leads(plain, words("deny_leads")) or _negated(norm):
        return False
    if any(n in words("affirm") or _leads(n, words("affirm_leads")) for n in (norm, plain)):
        return True
    tokens = set(_TOKEN.findall(norm))
    return True if tokens & YES_ANYWHERE else None
