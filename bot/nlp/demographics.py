"""Age and sex when the patient states them ("I'm 27", "26M", "Woman, 52", "my 14-year-old daughter").

Only self-descriptions and a parent's "my son/daughter" count: "my father is 60", "baby is 4 months old" and
"for 3 years" are not the patient's age.
"""

from __future__ import annotations

import re

SEX_WORDS = {
    "woman": "female",
    "female": "female",
    "girl": "female",
    "lady": "female",
    "daughter": "female",
    "beti": "female",
    "man": "male",
    "male": "male",
    "boy": "male",
    "guy": "male",
    "son": "male",
    "beta": "male",
}
_SEX = r"(?:woman|female|girl|lady|man|male|boy|guy)"
_CHILD = r"(?:son|daughter|child|kid|boy|girl|beta|beti)"
_YO = r"(?:\s*-?\s*(?:years?|yrs?|yr|y)\s*-?\s*(?:old|o)\b|\s*yo\b|\s*y/o\b)"

AGE_PATTERNS = [
    # "I'm 27", "I am 15 and", "im 35."  (not "I'm 5 months pregnant", "I'm 60 kg")
    re.compile(
        r"\b(?:i\s+am|i'm|i’m|im)\s+(?:a\s+|only\s+|just\s+)?(?P<age>\d{1,3})(?!\s*(?:kg|kgs|kilos|cm|%|"
        r"weeks?|months?|days?|times|hours|lbs|pounds|mahine|hafte))\b",
        re.I,
    ),
    re.compile(r"\b(?:age|aged|umar|umer)\s*:?\s*(?P<age>\d{1,3})\b", re.I),
    # "a 34 year old woman", "34 years old guy"
    re.compile(rf"\b(?P<age>\d{{1,3}}){_YO}\s+(?P<sex>{_SEX})\b", re.I),
    # "my 14-year-old daughter", "our 7 year old son"
    re.compile(rf"\b(?:my|our|meri|mera)\s+(?P<age>\d{{1,2}}){_YO}\s+(?P<sex>{_CHILD})\b", re.I),
    # "my daughter is 7", "my son (10)", "my son, 10,"
    re.compile(
        rf"\b(?:my|our|meri|mera)\s+(?P<sex>{_CHILD})\s*(?:is\s+|\(|,\s*)(?P<age>\d{{1,2}})\b(?!\s*(?:months?|weeks?|days?))",
        re.I,
    ),
    # "26M", "34 F", "M26", "f 34"
    re.compile(r"(?<![\w.])(?P<age>\d{2})\s?(?P<sex>[mf])\b", re.I),
    re.compile(r"(?<![\w.])(?P<sex>[mf])\s?(?P<age>\d{2})\b", re.I),
    # "Woman, 52", "male, 30"
    re.compile(rf"\b(?P<sex>{_SEX})\s*,\s*(?P<age>\d{{2}})\b", re.I),
]
SEX_PATTERNS = [
    re.compile(rf"\b(?:i\s+am|i'm|i’m|im|as)\s+(?:a\s+)?(?:\d{{1,3}}{_YO}\s+)?(?P<sex>{_SEX})\b", re.I),
    re.compile(rf"^\s*(?P<sex>{_SEX})\s*[,.:]", re.I),
]


def _sex(word: str | None) -> str | None:
    if not word:
        return None
    w = word.lower()
    return {"m": "male", "f": "female"}.get(w) or SEX_WORDS.get(w)


def find_age_sex(text: str) -> tuple[int | None, str | None]:
    """(age in years or None, "female"/"male" or None) from the patient's own description."""
    age, sex = None, None
    for pattern in AGE_PATTERNS:
        m = pattern.search(text)
        if m:
            value = int(m.group("age"))
            if 1 <= value <= 110:
                age = value
                sex = _sex(m.groupdict().get("sex")) or sex
                break
    if sex is None:
        for pattern in SEX_PATTERNS:
            m = pattern.search(text)
            if m:
                sex = _sex(m.group("sex"))
                break
    return age, sex
