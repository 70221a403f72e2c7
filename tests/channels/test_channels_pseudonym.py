"""Pseudonyms of sender ids for log lines: stable, short, keyed."""
from __future__ import annotations

import hashlib

from bot import pseudonym as pseudonyms
from bot.pseudonym import pseudonym

KEY = b"k" * 32


def test_the_same_id_gives_the_same_short_pseudonym_and_reveals_nothing():
    first = pseudonym("923001234567", KEY)
    assert first == pseudonym("923001234567", KEY)
    assert first.startswith("c-") and len(first) == 2 + pseudonyms.LENGTH
    assert "923001234567" not in first and "1234567" not in first
    assert pseudonym("923001234568", KEY) != first


def test_without_the_key_a_guess_cannot_be_checked():
    unkeyed = hashlib.sha256(b"923001234567").hexdigest()[:pseudonyms.LENGTH]
    assert pseudonym("923001234567", KEY) != "c-" + unkeyed
    assert pseudonym("923001234567", KEY) != pseudonym("923001234567", b"x" * 32)


def test_the_key_comes_from_the_environment_when_set(monkeypatch):
    monkeypatch.setenv("LOG_PSEUDONYM_KEY", "e" * 40)
    pseudonyms._key.cache_clear()
    try:
        assert pseudonym("web-abc") == pseudonym("web-abc", b"e" * 40)
    finally:
        pseudonyms._key.cache_clear()


def test_odd_ids_do_not_raise():
    assert pseudonym("\ud800", KEY).startswith("c-") and pseudonym(None, KEY).startswith("c-")
