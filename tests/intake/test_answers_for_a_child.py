"""A parent answering the form for a child, in a longer reply (from a typed widget trial, 2026-11-26): the name said
after a first clause, the child's age told with more around it, the itching told with a Roman Urdu verb."""

import pytest

from bot.conversation.answers import first_name, parse_age
from bot.nlp import understand


@pytest.mark.parametrize(
    "text, name",
    [
        ("main apne bete ke liye pooch rahi hun, uska naam Hamza hai", "Hamza"),
        ("it's for my daughter actually. Her name is Zoya", "Zoya"),
        ("Hamza", "Hamza"),
        # the relative named before "naam" is no name (a trial: "beta ka naam Daniyal hai" gave "Thank you, Beta")
        ("beti ka naam Ayesha hai", "Ayesha"),
        ("my younger son's name is Rayan", "Rayan"),
        ("Faris naam hai mera", "Faris"),
    ],
)
def test_the_name_said_after_a_first_clause(text, name):
    assert first_name(text) == name


@pytest.mark.parametrize("text", ["I am asking, what is the name of the doctor?", "bas, naam nahi batana"])
def test_no_name_where_none_is_given(text):
    assert first_name(text) is None


@pytest.mark.parametrize(
    "text, age",
    [
        ("wo 12 saal ka hai, class 7 mein parhta hai", 12),
        ("she is 7 years old and in grade 2", 7),
        ("12 saal ka hai", 12),
        ("meri umar 30 hai aur 5 saal se masla hai", 30),
    ],
)
def test_the_age_told_with_more_around_it(text, age):
    assert parse_age(text) == age


@pytest.mark.parametrize("text", ["2 saal se", "baal 3 saal se gir rahe", "5 years ago it started"])
def test_a_time_is_no_age(text):
    assert parse_age(text) is None


def test_the_age_beside_a_time_is_the_age():
    assert parse_age("wo 12 saal ka hai, 3 saal se baal gir rahe hain") == 12


def test_two_numbers_of_years_are_no_answer():
    assert parse_age("pehle 12 saal thi, ab shayad 13 saal") is None


def test_itching_told_with_a_roman_urdu_verb():
    assert "itching" in understand("school se aaya to sar khujata reh raha tha").slots.get("scalp_symptoms", [])
