"""A patient who sends an answer again (they thought it was lost) does not answer the next question with it."""
from __future__ import annotations

import pytest

from bot.conversation.form import step
from bot.conversation.turn import Turn

UP_TO_SEX = {"consent": True, "first_name": "Sadia", "age": 27}


@pytest.mark.parametrize("again", ["27 saal", "27", "I am 27"])
def test_the_age_sent_again_is_no_sex(again):
    # found after an action-server restart: "27 saal" twice stored sex "other", own words "27 saal"
    outcome = step(dict(UP_TO_SEX), "sex", Turn(again, "inform", 0.9))
    assert outcome.updates.get("sex") in (None,)
    assert outcome.next_slot in (None, "sex") and "other_answers" not in outcome.updates


def test_a_new_age_while_the_sex_is_asked_is_still_noted_as_a_correction():
    outcome = step(dict(UP_TO_SEX), "sex", Turn("sorry I am 28 actually", "inform", 0.9))
    assert outcome.updates.get("age") == 28 and outcome.updates.get("sex") is None


def test_the_sex_itself_is_still_taken():
    outcome = step(dict(UP_TO_SEX), "sex", Turn("female", "inform", 0.9))
    assert outcome.updates.get("sex") == "female"
