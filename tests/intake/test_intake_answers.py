"""Reading a reply to one known question."""
from __future__ import annotations

import pytest

from bot.conversation.answers import parse_answer, parse_yes_no
from bot.intake.questions import question


@pytest.mark.parametrize("text,expected", [
    ("34", 34), ("I'm 34", 34), ("34 years old", 34), ("thirty four", 34), ("thirty-four", 34),
    ("age 7", 7), ("110", 110), ("1", 1),
])
def test_age_reads_whole_years(text, expected):
    assert parse_answer(question("age"), text) == expected


@pytest.mark.parametrize("text", ["", "   ", "banana", "0", "111", "250", "a lot", "😀", "<script>alert(1)</script>"])
def test_age_rejects_what_is_not_an_age(text):
    assert parse_answer(question("age"), text) is None


@pytest.mark.parametrize("text,expected", [
    ("Sara", "Sara"), ("my name is ahmed", "Ahmed"), ("I'm Ayesha", "Ayesha"), ("call me Bilal", "Bilal"),
    ("Fatima Khan", "Fatima"), ("mera naam Ali hai", "Ali"), ("Zoë", "Zoë"),
])
def test_first_name(text, expected):
    assert parse_answer(question("first_name"), text) == expected


@pytest.mark.parametrize("text", ["hi", "yes", "34", "skip", "why", "", "this is a very long sentence about my hair"])
def test_first_name_rejects_non_names(text):
    assert parse_answer(question("first_name"), text) is None


@pytest.mark.parametrize("text,expected", [
    ("yes", True), ("Yeah", True), ("haan", True), ("ji", True), ("no", False), ("nope", False), ("nahi", False),
])
def test_yes_no(text, expected):
    assert parse_yes_no(text) is expected


def test_yes_no_does_not_guess():
    assert parse_yes_no("maybe") is None
    assert parse_yes_no("banana") is None


@pytest.mark.parametrize("slot,text,expected", [
    ("sex", "female", "female"), ("sex", "I'm a man", "male"), ("sex", "Other / prefer not to say", "other"),
    ("onset", "suddenly", "sudden"), ("onset", "slowly over the years", "gradual"),
    ("pattern", "patches", "patches"), ("pattern", "round patches", "patches"),
    ("pattern", "my part is getting wider", "diffuse"), ("pattern", "Hairline and crown", "hairline_crown"),
    ("shedding", "in clumps", "clumps"), ("pregnancy", "breastfeeding", "breastfeeding"),
    ("pregnancy", "no", "no"),
])
def test_choices_in_context(slot, text, expected):
    assert parse_answer(question(slot), text) == expected


@pytest.mark.parametrize("slot,text", [("onset", "banana"), ("pattern", "i don't really know"), ("sex", "blue")])
def test_choices_reject_unrelated_text(slot, text):
    assert parse_answer(question(slot), text) is None


@pytest.mark.parametrize("slot,text,expected", [
    ("triggers", "none", []), ("triggers", "stress and a high fever", ["illness_fever", "stress"]),
    ("scalp_symptoms", "itching but no pain", ["itching"]), ("scalp_symptoms", "nothing", []),
    ("medicines", "warfarin", ["blood_thinner"]), ("treatments_tried", "minoxidil and PRP", ["minoxidil", "prp"]),
    ("conditions", "none of these", []), ("triggers", "illness_fever", ["illness_fever"]),
])
def test_multi_choices(slot, text, expected):
    assert sorted(parse_answer(question(slot), text)) == sorted(expected)


@pytest.mark.parametrize("text,expected", [
    ("3 months", 90), ("about 2 years", 730), ("6 weeks", 42), ("since last year", 365), ("120", 120),
    ("More than a year", 730),
])
def test_duration_in_days(text, expected):
    assert parse_answer(question("duration_days"), text) == expected


def test_duration_rejects_no_time():
    assert parse_answer(question("duration_days"), "it is bad") is None


def test_description_needs_words_and_is_capped():
    assert parse_answer(question("description"), "x") is None
    long = "hair " * 1000
    assert len(parse_answer(question("description"), long)) == 2000
