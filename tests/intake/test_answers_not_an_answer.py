"""Only a reply that answers nothing is re-asked (issue 10, class 1): empty, a sound, "what do you mean",
keyboard mashing, emoji only, or only a question back. Odd or hesitant answers are answers."""
from __future__ import annotations

import pytest

from bot.conversation.answers import answer_for
from bot.conversation.turn import Turn
from bot.intake.questions import question, question_slots

NOT_ANSWERS = ["", "   ", "??", "hmmm", "umm", "huh?", "Pardon?", "what does that mean", "samjha nahi",
               "kya matlab?", "jkjkjkjk", "zxcvbnm", "dfgh sdfg", "poi mnb", "🤔🤔", "...",
               "what is a pustule?", "does mesotherapy hurt?", "kya ye mehnga hai?", "how long does it take"]


@pytest.mark.parametrize("slot", question_slots())
@pytest.mark.parametrize("text", NOT_ANSWERS)
def test_no_question_takes_a_reply_that_answers_nothing(slot, text):
    reply = answer_for(question(slot), Turn(text))
    assert not reply.is_answer and reply.value is None


@pytest.mark.parametrize("slot,text,expected", [
    ("duration_days", "2 months?", 60),
    ("duration_days", "do saal", 730),              # Roman Urdu "two years", not the English "do"
    ("treatments_tried", "finasteride?", ["finasteride"]),
    ("sex", "m", "male"),
    ("family_history", "👍", True),
    ("nail_changes", "👎", False),
    ("onset", "kind of gradual i guess", "gradual"),
])
def test_hesitant_short_answers_are_answers(slot, text, expected):
    reply = answer_for(question(slot), Turn(text))
    assert reply.is_answer and reply.value == expected


def test_a_question_inside_a_list_answer_is_left_out():
    reply = answer_for(question("conditions"), Turn("I have thyroid, is that a problem?"))
    assert reply.value == ["thyroid"] and reply.own_words is None


def test_a_lone_yes_describes_nothing():
    assert not answer_for(question("description"), Turn("yes")).is_answer
    assert answer_for(question("description"), Turn("baldness")).value == "baldness"


@pytest.mark.parametrize("slot,text", [("first_name", "ji"), ("age", "in my forties")])
def test_an_answer_that_gives_no_usable_value_is_still_an_answer(slot, text):
    reply = answer_for(question(slot), Turn(text))
    assert reply.is_answer and reply.value is None  # asked again specifically, not handed to the FAQ rules
