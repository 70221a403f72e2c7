"""A first name in a reply to "what's your first name?": "its ayesha", "Her name is Hina", "ji, Bilal".

Lead-ins ("it's", "my name is", "mera naam") and fillers ("ji", "actually", "ok") are taken off first, and a
reply that is only a filler or a yes/no word is no name: "ji", "acha" or "k" never become a name.
"""

from __future__ import annotations

import re

from .lexicon_file import words

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*", re.UNICODE)
MAX_WORDS = 4  # "Fatima Khan" is a name; a sentence is not
MAX_LENGTH = 40
LEAD_INS = (
    "my first name is",
    "my name is",
    "my name's",
    "first name is",
    "first name",
    "the name is",
    "name is",
    "name's",
    "name",
    "her name is",
    "his name is",
    "her name's",
    "his name's",
    "patient's name is",
    "patient name",
    "mera naam",
    "meri naam",
    "mera name",
    "uska naam",
    "iska naam",
    "unka naam",
    "naam",
    "you can call me",
    "call me",
    "it is",
    "it's",
    "its",
    "this is",
    "i am",
    "i'm",
    "im",
    "she is",
    "he is",
    "she's",
    "he's",
    "main",
)
FILLERS = frozenset(
    {
        "actually",
        "sorry",
        "oh",
        "well",
        "so",
        "um",
        "umm",
        "hmm",
        "k",
        "kk",
        "ok",
        "okay",
        "hi",
        "hello",
        "hey",
        "salam",
        "salaam",
        "aoa",
        "assalam",
        "assalamualaikum",
        "walaikum",
        "ji",
        "jee",
        "haan",
        "han",
        "acha",
        "achha",
        "accha",
        "theek",
        "thik",
        "hai",
        "sure",
        "yes",
        "yeah",
        "dear",
        "sir",
        "madam",
        "doctor",
    }
)
# Someone's name named after them: "beta ka naam ...", "my son's name is ...", "uski beti ka naam ..."
_WHOSE_NAME = re.compile(r"(?:\b(?:ka|ki|ke|kaa)\s+|['’]s\s+|\b(?:his|her)\s+)(?P<naming>naam|name)\b", re.I)
# A lead-in with one of these says a name follows.
NAMING_WORDS = ("name", "naam", "call me")
# Words after the name that are not part of it ("Ali hai", "Sana here").
TRAILERS = frozenset({"hai", "hain", "h", "here", "speaking", "hoon", "hun", "hu", "this", "side", "ji"})
NOT_NAMES = frozenset(
    {
        "i",
        "my",
        "me",
        "name",
        "is",
        "am",
        "it",
        "the",
        "a",
        "no",
        "not",
        "skip",
        "why",
        "what",
        "who",
        "hair",
        "loss",
        "know",
        "dont",
        "don't",
        "nahi",
        "bas",
        "thanks",
        "thank",
        "shukriya",
        "please",
        "none",
        "nothing",
        "idk",
        "test",
        "secret",
        "private",
    }
)


def _strip_lead(text: str) -> tuple[str, bool]:
    """The text without its fillers and lead-ins, repeatedly ("ok, actually it's Sana" -> "Sana"), and whether
    a lead-in said outright that a name follows ("my name is", "call me", "naam")."""
    rest, named = text.strip(), False
    leads = sorted(LEAD_INS, key=len, reverse=True)
    while True:
        lower = rest.lower()
        cut = 0
        for lead in leads:
            if re.match(rf"{re.escape(lead)}(?![\w'])", lower):
                cut = len(lead)
                named = named or any(w in lead for w in NAMING_WORDS)
                break
        if not cut:
            first = _WORD.match(lower)
            if first and first.group(0) in FILLERS:
                cut = first.end()
        if not cut:
            return rest, named
        rest = rest[cut:].lstrip(" ,.:;-!")


def first_name(text: str) -> str | None:
    """The first name in the reply, capitalised, or None when there is none.

    After "my name is" the name is the next word however long the reply goes on ("My name is Khadija,
    everyone calls me ..."); without such words a long reply is a sentence, not a name. A later part that
    names someone is read too: "main apne bete ke liye pooch rahi hun, uska naam Hamza hai"."""
    told = _WHOSE_NAME.search(text or "")
    if told is not None and told.start() > 0:
        # "beta ka naam Daniyal hai", "my son's name is Ali": the name after "naam", not the relative before it
        name = _name_in(text[told.start("naming") :])
        if name is not None:
            return name
    name = _name_in(text or "")
    if name is not None:
        return name
    for part in re.split(r"[,.;!?]+", text or "")[1:]:
        rest, named = _strip_lead(part)
        if named:
            return _name_in(part)
    return None


def _name_in(text: str) -> str | None:
    rest, named = _strip_lead(text)
    if named:
        rest = re.split(r"[,.;!?]", rest, maxsplit=1)[0]
    found = [w for w in _WORD.findall(rest) if w.lower() not in TRAILERS]
    if not found or (len(found) > MAX_WORDS and not named):
        return None
    name = found[0]
    lower = name.lower()
    yes_no = set(words("affirm")) | set(words("deny"))
    if len(name) < 2 or len(name) > MAX_LENGTH or lower in NOT_NAMES | FILLERS or lower in yes_no:
        return None
    return name[:1].upper() + name[1:]
