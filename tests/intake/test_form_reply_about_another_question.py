"""A reply that only answers another question is no "other" answer to the open one: "not much falling, it's just
getting thinner" to "Where do you notice it most?" notes the shedding and asks "where?" again (it was kept as
the pattern "other" in a typed widget conversation). A reply that names a place is still an answer."""
from __future__ import annotations

import pytest

from bot.conversation.form import step
from bot.conversation.turn import Turn

SLOTS = {"consent": True, "first_name": "Sana", "age": 31, "sex": "female", "description": "thinning",
         "duration_days": 700, "onset": "gradual"}


@pytest.mark.parametrize("reply, noted", [
    ("not much falling, its just getting thinner", {"shedding": "neither"}),
    ("it falls a lot when i comb", {"shedding": "more_shedding"}),
])
def test_an_answer_to_another_question_is_noted_and_where_is_asked_again(reply, noted):
    outcome = step(dict(SLOTS), "pattern", Turn(reply, "inform", 0.9))
    assert "pattern" not in outcome.updates and "other_answers" not in outcome.updates
    assert {k: outcome.updates[k] for k in noted} == noted
    assert outcome.next_slot == "pattern"
    assert outcome.updates["intake_retries"]["pattern"] == 1  # asked once more, then kept in her words


def test_no_with_an_exception_is_an_answer_to_the_list_not_a_reply_about_something_else():
    slots = {**SLOTS, "pattern": "diffuse", "shedding": "more_shedding"}
    outcome = step(slots, "triggers", Turn("no, only the pregnancy", "deny", 0.9))
    assert outcome.updates["triggers"] == ["other"] and outcome.updates["pregnancy"] == "pregnant"
    assert outcome.next_slot != "triggers"


def test_the_same_off_topic_reply_twice_is_kept_and_the_intake_moves_on():
    slots = dict(SLOTS)
    for _ in range(4):  # never a loop: the question is not asked a third time
        outcome = step(dict(slots), "pattern", Turn("it falls a lot when i comb", "inform", 0.9))
        slots.update(outcome.updates)
        if outcome.next_slot != "pattern":
            break
    assert slots.get("pattern") is not None and outcome.next_slot != "pattern"


@pytest.mark.parametrize("reply, pattern", [
    ("mostly the top", "hairline_crown"),
    ("near my ears, nowhere else", "other"),  # a place in her own words
])
def test_a_reply_that_names_a_place_answers_where(reply, pattern):
    slots = {k: v for k, v in SLOTS.items() if k != "duration_days"}
    outcome = step(slots, "pattern", Turn(reply, "inform", 0.9))
    assert outcome.updates.get("pattern") == pattern
