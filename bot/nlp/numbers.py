"""Whole numbers written as digits or English words ("34", "thirty four", "thirty-four"), and the common
Roman Urdu ones where the caller expects a number ("das saal", "pachas"): `roman_urdu=True`, because "do"
is "two" in Urdu and a verb in English."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "a": 1,
    "an": 1,
    "couple": 2,
    "few": 3,
    "several": 3,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ROMAN_URDU = {
    "ek": 1,
    "do": 2,
    "teen": 3,
    "char": 4,
    "chaar": 4,
    "paanch": 5,
    "panch": 5,
    "chay": 6,
    "chhe": 6,
    "chhay": 6,
    "saat": 7,
    "aath": 8,
    "nau": 9,
    "das": 10,
    "gyarah": 11,
    "barah": 12,
    "terah": 13,
    "chaudah": 14,
    "pandrah": 15,
    "solah": 16,
    "satrah": 17,
    "atharah": 18,
    "unnees": 19,
    "bees": 20,
    "tees": 30,
    "chalees": 40,
    "pachas": 50,
    "pachaas": 50,
    "saath": 60,
    "sattar": 70,
    "assi": 80,
    "nabbe": 90,
}
_DIGITS = re.compile(r"(?<![\d.])(\d{1,3})(?![\d])")


def words_to_number(words: list[str]) -> int | None:
    """Reads a number from the start of a list of lower-case words, e.g. ["thirty", "four"] -> 34."""
    total = None
    for word in words:
        if word in TENS and total is None:
            total = TENS[word]
        elif word in UNITS and UNITS[word] < 10 and total is not None and total % 10 == 0 and total >= 20:
            return total + UNITS[word]
        elif word in UNITS and total is None:
            return UNITS[word]
        elif word == "hundred" and total is not None:
            total *= 100
        else:
            break
    return total


def parse_count(text: str, roman_urdu: bool = False) -> int | None:
    """The first whole number in the text, digits first, then English number words (not "a"/"few")."""
    match = _DIGITS.search(text or "")
    if match:
        return int(match.group(1))
    words = re.findall(r"[a-z]+", (text or "").lower().replace("-", " "))
    for i, word in enumerate(words):
        if roman_urdu and word in ROMAN_URDU:
            return ROMAN_URDU[word]
        if (word in UNITS and word not in {"a", "an", "couple", "few", "several"}) or word in TENS:
            return words_to_number(words[i:])
    return None
