"""Helpers for the bot/nlp tests (a unique module name: several conftest.py files exist under tests/)."""
from datetime import date

TODAY = date(2026, 11, 25)


def codes(understanding, asserted=True):
    return [f.code for f in understanding.findings if (f.asserted or not asserted)]


def finding(understanding, code):
    found = [f for f in understanding.findings if f.code == code]
    assert found, f"{code} not in {[f.code for f in understanding.findings]}"
    return found[0]
