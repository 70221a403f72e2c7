"""A medicine named in reply to the conditions question is no condition: it goes to the medicines question,
which then says what it already has and asks for the rest (seen in a widget trial: a father typed "only calcium
tablets" for his daughter; it was stored as her condition and he could not move it at the read-back)."""
from __future__ import annotations

from typing import Any

import pytest

from bot.conversation.form import ask, step
from bot.conversation.turn import Turn

AT_CONDITIONS = {"consent": True, "first_name": "Zainab", "age": 8, "sex": "female", "onset": "sudden",
                 "pattern": "patches", "shedding": "not_noticed", "duration_days": 21, "triggers": [],
                 "family_history": False, "hairstyles": False, "scalp_symptoms": [], "nail_changes": False,
                 "description": "a round smooth patch at the back of her head"}


def _after(slots: dict[str, Any], asked: str, reply: str) -> tuple[dict[str, Any], str | None]:
    outcome = step(dict(slots), asked, Turn(reply, "inform", 0.9))
    return {**slots, **outcome.updates}, outcome.next_slot


@pytest.mark.parametrize("reply, words", [
    ("only calcium tablets", "calcium tablets"),
    ("no, she takes vitamin D drops", "vitamin D drops"),
    ("koi bimari nahi, sirf multivitamin syrup", "multivitamin syrup"),
])
def test_a_medicine_to_the_conditions_question_is_noted_for_medicines(reply, words):
    slots, next_slot = _after(AT_CONDITIONS, "conditions", reply)
    assert slots["conditions"] == []
    assert next_slot == "medicines"
    question = ask("medicines", slots)[0].text
    assert question.startswith(f"I have already noted: “{words}”. Anything else?")


def test_no_to_the_medicines_question_keeps_the_noted_medicine():
    slots, _ = _after(AT_CONDITIONS, "conditions", "only calcium tablets")
    slots, _ = _after(slots, "medicines", "no")
    assert slots["medicines"] == ["other"]
    assert slots["other_answers"]["medicines"] == "calcium tablets"


def test_another_medicine_is_added_to_the_noted_one():
    slots, _ = _after(AT_CONDITIONS, "conditions", "only calcium tablets")
    slots, _ = _after(slots, "medicines", "and an iron syrup")
    assert slots["medicines"] == ["other"]
    assert "calcium tablets" in slots["other_answers"]["medicines"]
    assert "iron syrup" in slots["other_answers"]["medicines"]


def test_a_blood_thinner_told_after_is_coded_and_the_noted_medicine_kept():
    slots, _ = _after(AT_CONDITIONS, "conditions", "sirf calcium ki goliyan")
    slots, _ = _after(slots, "medicines", "she is also on warfarin")
    assert set(slots["medicines"]) == {"other", "blood_thinner"}
    assert "calcium" in slots["other_answers"]["medicines"]


def test_a_condition_and_a_medicine_each_go_to_their_question():
    slots, _ = _after(AT_CONDITIONS, "conditions", "asthma, and she takes montelukast tablets")
    assert slots["conditions"] == ["other"]
    assert slots["other_answers"]["conditions"] == "asthma"
    assert slots["other_answers"]["medicines"] == "montelukast tablets"


def test_a_condition_is_still_a_condition():
    slots, _ = _after(AT_CONDITIONS, "conditions", "she has asthma")
    assert slots["conditions"] == ["other"]
    assert "medicines" not in (slots.get("other_answers") or {})
    assert slots.get("medicines") is None


AT_READBACK = {**AT_CONDITIONS, "conditions": ["other"], "medicines": [], "treatments_tried": [],
               "other_answers": {"conditions": "calcium tablets"}, "status": "in_progress"}


@pytest.mark.parametrize("reply", [
    "conditions: none. medicines: calcium tablets",
    "conditions none, medicines calcium tablets",
    "Conditions - none\nMedicines - calcium tablets",
])
def test_the_read_back_takes_each_line_named_with_its_value(reply):
    slots, next_slot = _after(AT_READBACK, "summary_confirmed", reply)
    assert slots["conditions"] == []
    assert slots["medicines"] == ["other"]
    assert slots["other_answers"] == {"medicines": "calcium tablets"}
    assert next_slot == "summary_confirmed"


def test_no_conditions_said_in_a_sentence_at_the_read_back():
    outcome = step(dict(AT_READBACK), "summary_confirmed", Turn("calcium is a medicine not a condition, she has no conditions",
                                                      "inform", 0.9))
    assert outcome.updates["conditions"] == []
    assert "conditions" not in outcome.updates["other_answers"]
    assert "What should I change" not in " ".join(m.text for m in outcome.messages)


def test_a_line_said_to_be_wrong_is_asked_again_not_given_a_value():
    outcome = step(dict(AT_READBACK), "summary_confirmed", Turn("the conditions are wrong", "inform", 0.9))
    assert outcome.next_slot == "conditions"
    assert outcome.updates["conditions"] is None


@pytest.mark.parametrize("reply", ["bas yehi", "that's all", "nothing else"])
def test_that_is_all_to_anything_else_keeps_only_what_was_noted(reply):
    slots, _ = _after(AT_CONDITIONS, "conditions", "sirf calcium tablets")
    slots, _ = _after(slots, "medicines", reply)
    assert slots["medicines"] == ["other"]
    assert slots["other_answers"]["medicines"] == "calcium tablets"
