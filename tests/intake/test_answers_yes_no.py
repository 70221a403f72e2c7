"""Yes and no in English and Roman Urdu (issue 10, classes 3 and 8): a negation anywhere is a no, a patient
who does not know is neither (their words are kept), and phrases that only look negative are no "no"."""
from __future__ import annotations

import pytest

from bot.conversation.answers import answer_for, parse_yes_no
from bot.conversation.turn import Turn
from bot.intake.questions import OTHER, question


@pytest.mark.parametrize("text", [
    "I would not say so", "that's not me", "never had that", "I don't think they have", "abhi nahi",
    "nahin ji", "bilkul bhi nahi", "jee nahi", "no thank you", "nah, none of that",
])
def test_a_negation_anywhere_is_a_no(text):
    assert parse_yes_no(text) is False


@pytest.mark.parametrize("text", [
    "haan bilkul", "jee haan zaroor", "han ji theek hai", "yes sure go on", "bilkul", "yesss please",
    "sure, no problem", "go ahead, I don't mind", "haan koi masla nahi", "ok yes",
])
def test_yes_in_english_and_roman_urdu_and_no_false_negatives(text):
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text", [
    "not really sure", "mujhe pata nahi", "maybe, I can't remember", "no idea honestly", "shayad",
    "I guess so", "nahi maloom",
])
def test_not_knowing_is_neither_yes_nor_no(text):
    assert parse_yes_no(text) is None


@pytest.mark.parametrize("slot,text", [
    ("family_history", "honestly no idea about my father's side"),
    ("hairstyles", "maybe, sometimes for weddings"),
    ("nail_changes", "pata nahi, never looked"),
])
def test_not_knowing_keeps_the_patients_words_for_a_yes_no_question(slot, text):
    reply = answer_for(question(slot), Turn(text))
    assert reply.is_answer and reply.value == OTHER and reply.own_words == text


@pytest.mark.parametrize("slot,text,expected", [
    ("family_history", "mere chacha ganje hain", True),
    ("family_history", "my nani had very thin hair", True),
    ("family_history", "nobody apart from my grandad", True),       # the exception is the answer
    ("family_history", "no, though my older brother is thinning", True),
    ("family_history", "no one that I know of", False),
    ("hairstyles", "mostly I leave it loose", False),
    ("hairstyles", "tight braids for work every day", True),
    ("nail_changes", "nope nails look normal", False),
])
def test_yes_no_questions_read_what_the_words_say(slot, text, expected):
    assert answer_for(question(slot), Turn(text)).value is expected


def test_a_yes_no_question_keeps_other_words_as_they_are():
    reply = answer_for(question("hairstyles"), Turn("only a hijab with an underscarf"))
    assert reply.value == OTHER and reply.own_words == "only a hijab with an underscarf"
