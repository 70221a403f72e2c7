"""Typing slips in long lexicon words are read as the word meant; English words, Roman Urdu and short words are
not (bot/nlp/slips.py)."""
from __future__ import annotations

import pytest

from bot.nlp.pipeline import get_nlp, understand
from bot.nlp.slips import SlipReader


def _codes(text: str) -> set[str]:
    return {f.code for f in understand(text).findings if f.asserted}


@pytest.mark.parametrize("text, code", [
    ("my cardiologist put me on warfrin last year and my hair is thinning", "medicine_blood_thinner"),
    ("started isotretinion for acne in june, now shedding a lot", "medicine_isotretinoin"),
    ("diagnosed with hypothyriodism, hair falling everywhere", "condition_thyroid"),
    ("taking clopidogral after my stent, hair is thin", "medicine_blood_thinner"),
])
def test_a_slip_in_a_long_medical_word_is_read_as_meant(text, code):
    assert code in _codes(text)


def test_the_finding_quotes_what_was_typed():
    found = [f for f in understand("I take warfrin daily").findings if f.code == "medicine_blood_thinner"]
    assert [f.text for f in found] == ["warfrin"]


@pytest.mark.parametrize("text, code", [
    ("I'm thinking my crown is getting thin", None),  # "thinking" is English, not "thinning"
    ("doctor ne clomid diya tha, baal gir rahe hain", "medicine_blood_thinner"),  # short: clomid is no clopid
    # Roman Urdu is no target: "wahan" is no "wazan" (weight), "jahan" no "jalan" (burning)
    ("wahan pe baal kam hain, jahan maang nikalti hai", "scalp_pain_burning"),
])
def test_words_that_are_no_slips_stay_as_typed(text, code):
    reader = get_nlp().get_pipe("hair_findings").matcher.slips
    assert reader.meant("thinking") is None and reader.meant("wahan") is None and reader.meant("clomid") is None
    if code is not None:
        assert code not in _codes(text)


def test_two_words_one_slip_away_are_no_reading():
    reader = SlipReader({"barbital": frozenset({"a"}), "barbitol": frozenset({"b"})}, names=["barbital", "barbitol"])
    assert reader.meant("barbitel") is None  # ambiguous: neither
    same = SlipReader({"eyelash": frozenset({"a"}), "eyelashes": frozenset({"a"})}, names=["eyelash", "eyelashes"])
    assert same.meant("eyelashs") == "eyelash"  # one finding, two forms
    one = SlipReader({"rivaroxaban": frozenset({"a"})}, names=["rivaroxaban"])
    assert one.meant("rivaroxiban") == "rivaroxaban"
    assert one.meant("Rivaroxaban") is None  # the word itself
