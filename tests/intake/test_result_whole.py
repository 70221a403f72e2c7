"""The whole result as the patient sees it after confirming the summary: at most three messages (the likely
type and why, what it means for mesotherapy or a doctor first, the offer to book), each red flag named once,
and nothing a child or a pregnant patient should not be told."""
from __future__ import annotations

import re

import pytest

from bot.conversation.form import ask, step
from bot.conversation.slot_names import ASSESSMENT, CONFIRM, WANTS_BOOKING
from bot.conversation.turn import Turn

BASE = {
    "consent": True, "duration_days": 400, "onset": "gradual", "shedding": "neither", "triggers": [],
    "family_history": False, "hairstyles": False, "scalp_symptoms": [], "nail_changes": False, "conditions": [],
    "medicines": [], "pregnancy": "no", "treatments_tried": [],
}
PATIENTS = {
    "adult_pattern": (
        {"first_name": "Kamran", "age": 38, "sex": "male", "pattern": "hairline_crown", "family_history": True,
         "pregnancy": None},
        "my forehead keeps getting bigger and the top is see-through in bathroom light",
    ),
    "red_flag": (
        {"first_name": "Rubina", "age": 44, "sex": "female", "pattern": "patches", "onset": "sudden",
         "scalp_symptoms": ["pain_burning", "pustules"], "medicines": ["blood_thinner"]},
        "a sore spot on top that oozes now and the hair around it went",
    ),
    "child": (
        {"first_name": "Hira", "age": 6, "sex": "female", "pattern": "patches", "onset": "sudden",
         "duration_days": 20, "scalp_symptoms": ["scaling"], "pregnancy": None},
        "my little girl has a scaly bare circle near her crown since the school term began",
    ),
    "pregnant": (
        {"first_name": "Sadia", "age": 27, "sex": "female", "pattern": "diffuse", "shedding": "more_shedding",
         "pregnancy": "pregnant"},
        "my plait is getting thinner and thinner, the drain is full every time I wash",
    ),
}
FORBIDDEN = re.compile(r"\byou have (androgenetic|alopecia|telogen|traction|pattern|patchy)|\bdiagnos(ed|is is)\b", re.I)


def whole_result(name):
    """What the patient sees in the turn they confirm the summary: the form's reply, then the next question."""
    answers, description = PATIENTS[name]
    slots = {**BASE, **answers}
    outcome = step(slots, "description", Turn(description, "inform", 0.9))
    slots.update(outcome.updates)
    slots["description"] = description  # the text itself, whatever else the reading filled
    outcome = step(slots, CONFIRM, Turn("that's all right", "affirm", 0.95))
    slots.update(outcome.updates)
    assert outcome.next_slot == WANTS_BOOKING and slots[ASSESSMENT]
    return slots, outcome.messages + ask(WANTS_BOOKING, slots)


@pytest.mark.parametrize("name", list(PATIENTS))
def test_the_result_is_at_most_three_messages_and_ends_with_the_offer(name):
    _, messages = whole_result(name)
    assert len(messages) <= 3, [m.text[:60] for m in messages]
    # Rasa's output channels send each "\n\n"-separated part of a text as a message of its own
    assert not any("\n\n" in m.text for m in messages)
    assert messages[-1].buttons, "the last one offers the booking"
    said = " ".join(m.text for m in messages)
    assert "likely" in said.lower() or "most like" in said
    assert not FORBIDDEN.search(said), FORBIDDEN.search(said)
    assert said.lower().count("stop any medicine") <= 1


def test_each_red_flag_is_named_once_with_who_should_see_the_patient():
    slots, messages = whole_result("red_flag")
    said = " ".join(m.text for m in messages)
    flags = slots[ASSESSMENT]["red_flags"]
    assert flags
    # who should see the patient is named once, above one short reason per flag (issue 12)
    assert said.count("dermatologist first") == 1
    reasons = [line for line in messages[1].text.splitlines() if line.startswith("- ")]
    assert len(set(reasons)) == len({flag["code"] for flag in flags})
    assert said.lower().count("stop any medicine") == 1
    assert "sessions" not in said and "studies" not in said, "no course of treatment before a doctor has seen them"


def test_a_child_gets_guardian_wording_and_no_mesotherapy_evidence():
    _, messages = whole_result("child")
    said = " ".join(m.text for m in messages[:2])
    assert "your child" in said
    assert not re.search(r"as you are under 18|studies of mesotherapy|evidence|sessions", said, re.I)


def test_a_pregnant_patient_is_suggested_no_medicine():
    _, messages = whole_result("pregnant")
    said = " ".join(m.text for m in messages)
    assert "pregnan" in said
    assert not re.search(r"minoxidil|finasteride|spironolactone|\bPRP\b", said, re.I)


def test_an_adult_with_pattern_loss_hears_the_type_the_reasons_and_how_to_hear_more():
    _, messages = whole_result("adult_pattern")
    likely, meaning, _ = messages
    assert "pattern hair loss" in likely.text and "not a diagnosis" in likely.text
    assert 1 <= sum(line.startswith("- ") for line in likely.text.splitlines()) <= 3
    assert "tell me more" in meaning.text


@pytest.mark.parametrize("name", list(PATIENTS))
def test_the_result_reads_as_no_question_so_the_offer_is_the_one_answered(name):
    from bot.conversation.clinical_result import more_messages
    from tests.patients.recognise import asked_topic

    slots, messages = whole_result(name)
    for message in messages[:-1] + more_messages(slots[ASSESSMENT], slots):
        assert asked_topic([{"text": message.text}]) is None, message.text[:80]
    replies = [{"text": m.text, "buttons": [{"title": b.title} for b in m.buttons]} for m in messages]
    assert asked_topic(replies) == "wants_booking"
