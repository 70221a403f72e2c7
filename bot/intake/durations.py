"""How long something has lasted, in days, from phrases like "3 months", "two years", "since last year"."""
from __future__ import annotations

import re

from bot.intake.numbers import words_to_number

UNIT_DAYS = {
    "day": 1, "days": 1, "din": 1,
    "week": 7, "weeks": 7, "wk": 7, "wks": 7, "hafta": 7, "hafte": 7, "haftay": 7,
    "month": 30, "months": 30, "mo": 30, "mos": 30, "mnth": 30, "mnths": 30, "mahina": 30, "mahine": 30,
    "mahinay": 30,
    "year": 365, "years": 365, "yr": 365, "yrs": 365, "saal": 365,
}
_NUMBER = r"(\d+(?:\.\d+)?|half|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple(?: of)?|few|several|(?:twenty|thirty|forty)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?)"
_UNIT = r"(days?|din|weeks?|wks?|haft[ae]y?|months?|mos?|mnths?|mahin[ae]y?|years?|yrs?|saal)"
_AMOUNT = re.compile(rf"(?<![\w]){_NUMBER}\s*(?:and a half\s*)?{_UNIT}(?![\w])", re.I)
_SINCE_LAST = re.compile(r"\bsince last (week|month|year)\b|\blast (week|month|year)\b", re.I)


def _amount(number: str) -> float:
    number = number.lower().replace("-", " ")
    if re.fullmatch(r"\d+(?:\.\d+)?", number):
        return float(number)
    if number == "half":
        return 0.5
    if number.startswith("couple"):
        return 2
    if number in ("few", "several"):
        return 3
    value = words_to_number(number.split())
    return float(value) if value is not None else 0


def parse_duration_days(text: str) -> int | None:
    """Days for the first duration in the text, or None. "a year and a half" counts 1.5 years."""
    text = text or ""
    match = _AMOUNT.search(text)
    if match:
        amount = _amount(match.group(1))
        if "and a half" in match.group(0).lower():
            amount += 0.5
        unit = UNIT_DAYS.get(match.group(2).lower(), 0)
        if amount > 0 and unit:
            return max(1, round(amount * unit))
    since = _SINCE_LAST.search(text)
    if since:
        unit = since.group(1) or since.group(2)
        return {"week": 7, "month": 30, "year": 365}[unit.lower()]
    return None
