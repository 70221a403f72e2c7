"""Age and sex when the patient states them ("I'm 27", "26M", "Woman, 52", "my 14-year-old daughter",
"main 24 ka hun", "meri beti 8 saal ki hai").

Only self-descriptions and a parent's "my son/daughter" count: "my father is 60", "my brother is 19", "baby is
4 months old" and "for 3 years" are not the patient's age.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEX_WORDS = {
    "woman": "female",
    "female": "female",
    "girl": "female",
    "lady": "female",
    "daughter": "female",
    "stepdaughter": "female",
    "granddaughter": "female",
    "beti": "female",
    "bitiya": "female",
    "bachi": "female",
    "man": "male",
    "male": "male",
    "boy": "male",
    "guy": "male",
    "son": "male",
    "stepson": "male",
    "grandson": "male",
    "beta": "male",
    "bacha": "male",
    "ki": "female",  # "main 30 saal ki hun"
    "ka": "male",  # "main 24 ka hun"
}
_SEX = r"(?:woman|female|girl|lady|man|male|boy|guy)"
_CHILD = r"(?:son|daughter|stepson|stepdaughter|grandson|granddaughter|child|kid|boy|girl|beta|beti|bitiya|bacha|bachi)"
_MY = r"(?:my|our|meri|mera|hamari|hamara|humari|humara)"
_YO = r"(?:\s*-?\s*(?:years?|yrs?|yr|y)\s*-?\s*(?:old|o)\b|\s*yo\b|\s*y/o\b)"
_SAAL = r"(?:saal|sal|baras)"
_AM = r"(?:hun|hoon|hu|hon)"  # Roman Urdu "I am": the speaker, never a relative ("bhai 19 saal ka hai")

AGE_PATTERNS = [
    # "I'm 27", "I am 15 and", "im 35."  (not "I'm 5 months pregnant", "I'm 60 kg")
    re.compile(
        r"\b(?:i\s+am|i'm|i’m|im)\s+(?:a\s+|only\s+|just\s+)?(?P<age>\d{1,3})(?!\s*(?:kg|kgs|kilos|cm|%|"
        r"weeks?|months?|days?|times|hours|lbs|pounds|mahine|hafte))\b",
        re.I,
    ),
    re.compile(r"\b(?:age|aged|umar|umer|umr)\s*:?\s*(?:is\s+|hai\s+)?(?P<age>\d{1,3})\b", re.I),
    # "main 24 ka hun", "mein 20 saal ka hun", "22 saal ki hoon"
    re.compile(rf"\b(?:main|mein|mai|mn)\s+(?P<age>\d{{1,2}})\s+(?:{_SAAL}\s+)?(?P<sex>ka|ki)\s+{_AM}\b", re.I),
    # "22 saal ki hoon", "38 saal hun" (hun: the speaker, so no "ka/ki" is needed)
    re.compile(rf"\b(?P<age>\d{{1,2}})\s+{_SAAL}\s+(?:(?P<sex>ka|ki)\s+)?{_AM}\b", re.I),
    # "a 34 year old woman", "34 years old guy"
    re.compile(rf"\b(?P<age>\d{{1,3}}){_YO}\s+(?P<sex>{_SEX})\b", re.I),
    # "my 14-year-old daughter", "our 7 year old son"
    re.compile(rf"\b{_MY}\s+(?P<age>\d{{1,2}}){_YO}\s+(?P<sex>{_CHILD})\b", re.I),
    # "our barely 3 year old's bald spot", "my 6 year old has": the age stands for the child
    re.compile(rf"\b{_MY}\s+(?:\w+\s+)?(?P<age>\d{{1,2}}){_YO}(?:'s\b|\s+(?:has|had|is|was|keeps|got|gets)\b)", re.I),
    # "my daughter is 7", "my son (10)", "my son, 10,"
    re.compile(
        rf"\b{_MY}\s+(?:little\s+|youngest\s+|eldest\s+|elder\s+|younger\s+)?(?P<sex>{_CHILD})\s*(?:is\s+|\(|,\s*)"
        rf"(?:only\s+|just\s+)?(?P<age>\d{{1,2}})\b(?!\s*(?:months?|weeks?|days?|mahine|hafte))",
        re.I,
    ),
    # "meri beti 12 saal ki hai", "beta 6 saal ka", "mera beta 6 saal ka hai"
    re.compile(rf"\b(?:{_MY}\s+)?(?P<sex>{_CHILD})\s+(?P<age>\d{{1,2}})\s+{_SAAL}\b", re.I),
    # "our daughter, in her early twenties", "my son is in his thirties": an adult child's decade (the first year of it)
    re.compile(
        rf"\b{_MY}\s+(?P<sex>{_CHILD})\s*,?\s*(?:who\s+is\s+|is\s+|now\s+)*in\s+(?:her|his|their)\s+"
        r"(?:(?:early|mid|late)[\s-]+)?(?P<decade>twenties|thirties|forties|fifties|sixties)\b",
        re.I,
    ),
    # "26M", "34 F", "M26", "f 34"
    re.compile(r"(?<![\w.])(?P<age>\d{2})\s?(?P<sex>[mf])\b", re.I),
    re.compile(r"(?<![\w.])(?P<sex>[mf])\s?(?P<age>\d{2})\b", re.I),
    # "Woman, 52", "male, 30", "male 33"
    re.compile(rf"\b(?P<sex>{_SEX})\s*,?\s*(?P<age>\d{{2}})\b(?!\s*(?:years?|yrs?|saal|months?|%|kg))", re.I),
]
# An adult's age said in passing: "abhi 39 saal", "ab 48 saal.", ". 61 saal," (not "2 saal se", "3 saal pehle").
# Bare, so a reply to "how long has it been?" ("20 saal") is no age, and never under 18 from a bare number.
BARE_AGE_PATTERNS = [
    re.compile(
        rf"(?:\b(?:abhi|ab)\s+)(?P<age>[1-9]\d)\s+{_SAAL}\b(?!\s+(?:se|say|pehle|pehlay|mein|main|ho|tak|baad))", re.I
    ),
    re.compile(rf"(?:^|[.!?]\s*)(?P<age>[2-9]\d|1[89])\s+{_SAAL}\s*(?:[.,!?]|$)", re.I),
]
SEX_PATTERNS = [
    re.compile(rf"\b(?:i\s+am|i'm|i’m|im|as)\s+(?:a\s+)?(?:\d{{1,3}}{_YO}\s+)?(?P<sex>{_SEX})\b", re.I),
    re.compile(rf"^\s*(?P<sex>{_SEX})\s*[,.:]", re.I),
]


DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60}


@dataclass
class AgeMatch:
    age: int
    sex: str | None
    start: int  # character offsets of the words that say the age
    end: int


def _sex(word: str | None) -> str | None:
    if not word:
        return None
    w = word.lower()
    return {"m": "male", "f": "female"}.get(w) or SEX_WORDS.get(w)


# "two kids aged 5 and 8", "my brothers, aged 19 and 22": the ages of others, not the patient's
OTHERS_BEFORE = re.compile(
    r"\b(?:kids|children|sons|daughters|brothers|sisters|siblings|grandchildren|twins|boys|girls|bachay|bachon)"
    r"\W*(?:are\s+|were\s+)?$",
    re.I,
)


def find_age(text: str, bare: bool = True) -> AgeMatch | None:
    """The age the patient (or a parent, of their child) states, with where it was said.

    `bare`: also a number of years said alone ("ab 48 saal"); not in reply to a question about how long."""
    for pattern in AGE_PATTERNS + (BARE_AGE_PATTERNS if bare else []):
        for m in pattern.finditer(text):
            if OTHERS_BEFORE.search(text[: m.start()]):
                continue
            value = DECADES[m.group("decade").lower()] if m.groupdict().get("decade") else int(m.group("age"))
            if 1 <= value <= 110:
                where = "decade" if m.groupdict().get("decade") else "age"
                return AgeMatch(value, _sex(m.groupdict().get("sex")), m.start(where), m.end())
    return None


def find_age_sex(text: str, bare: bool = True) -> tuple[int | None, str | None]:
    """(age in years or None, "female"/"male" or None) from the patient's own description."""
    found = find_age(text, bare)
    age, sex = (found.age, found.sex) if found else (None, None)
    if sex is None:
        for pattern in SEX_PATTERNS:
            m = pattern.search(text)
            if m:
                sex = _sex(m.group("sex"))
                break
    return age, sex
