"""Only a reply that answers nothing is re-asked (issue 10, class 1): empty, a sound, "what do you mean",
keyboard mashing, emoji only, or only a question back. Odd or hesitant answers are answers."""
from __future__ import annotations

import pytest

from bot.conversation.answers import answer_for
from bot.conversation.turn import Turn
from bot.intake.questions import question, question_slots

NOT_ANSWERS = ["", "   ", "??", "hmmm", "umm", "huh?", "Pardon?", "what does that mean", "samjha nahi",
               "kya matlab?", "jkjkjkjk", "zxcvbnm", "dfgh sdfg", "poi mnb", "🤔🤔", "...",
               "what is a pustule?", "does mesotherapy hurt?", "kya ye mehnga hai?", "how long does it take",
               "ye sab kyun poochte ho?", "fees kitni hai?", "doctor sahab kab milenge?"]


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
    ("family_history", "yes 👍", True),
    ("nail_changes", "nope 👎", False),
    ("onset", "kind of gradual i guess", "gradual"),
])
def test_hesitant_short_answers_are_answers(slot, text, expected):
    reply = answer_for(question(slot), Turn(text))
    assert reply.is_answer and reply.value == expected


@pytest.mark.parametrize("slot", ["family_history", "nail_changes", "hairstyles"])
@pytest.mark.parametrize("text", ["👍", "👌🏽", "👎"])
def test_an_emoji_alone_to_a_yes_no_question_is_asked_again_in_words(slot, text):
    # a thumbs-up more often means "ok" than "yes, my nails are pitted": no fact is stored from it
    assert not answer_for(question(slot), Turn(text)).is_answer


@pytest.mark.parametrize("slot", ["sex", "onset", "pattern", "shedding"])
@pytest.mark.parametrize("text", ["yes", "ji", "haan ji", "yes 👍"])
def test_a_bare_yes_to_a_question_with_options_chooses_none(slot, text):
    assert not answer_for(question(slot), Turn(text)).is_answer


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
