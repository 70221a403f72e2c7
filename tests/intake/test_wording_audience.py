"""Wording that fits who is writing: a parent writing for a child is asked about the child and gets guardian
wording; a child or a man is offered no childbirth, contraceptive-pill or PCOS options and no pregnancy question."""
from __future__ import annotations

import re

import pytest

from bot.conversation import audience
from bot.conversation.form import applies, ask, next_slot, step
from bot.conversation.slot_names import DESCRIPTION_READING, RETRIES
from bot.conversation.turn import Turn
from bot.intake.questions import question, question_slots
from tests.patients.recognise import asked_topic

EARLY = {"consent": True, "first_name": "Danish", "age": 34, "sex": "female"}
WRITTEN_BY_A_PARENT = "our boy, he is fifteen, has lost a coin sized bit of hair above the ear since eid"


def described(slots, description):
    """`slots` after the description question was answered with `description` (its reading kept)."""
    slots = dict(slots)
    slots.update(step(slots, "description", Turn(description, "inform", 0.9)).updates)
    return slots


def asked(slot, slots, tries=0):
    slots = {**slots, RETRIES: {slot: tries}}
    return ask(slot, slots)


def shown_values(slot, slots):
    return {b.value for m in asked(slot, slots) for b in m.buttons}


# -- who the intake is about -----------------------------------------------------------------------------

def test_a_young_age_or_a_child_named_in_the_description_means_a_parent_writes():
    assert audience.about_child({"age": 9})
    assert not audience.about_child({"age": 16}), "a teenager may write for themselves"
    assert audience.about_child(described({**EARLY, "age": 15}, WRITTEN_BY_A_PARENT))
    assert not audience.about_child(described({**EARLY, "age": 15}, "a coin sized bit of my hair fell out"))
    assert not audience.about_child(described(EARLY, "my son is bald too but my own parting is widening")), \
        "an adult who mentions a child is still the patient"


def test_questions_after_the_description_ask_about_the_child():
    slots = described({**EARLY, "age": 15, "sex": "male"}, WRITTEN_BY_A_PARENT)
    for slot in ("family_history", "hairstyles", "scalp_symptoms", "nail_changes", "conditions", "medicines"):
        for tries in (0, 1):
            text = asked(slot, slots, tries)[0].text
            assert "your child" in text, (slot, tries, text)
    assert "How old is your child?" == asked("age", {"age": None, "consent": True, DESCRIPTION_READING:
                                                      slots[DESCRIPTION_READING]})[0].text


def test_an_adult_keeps_the_usual_wording():
    for slot in question_slots():
        assert asked(slot, EARLY)[0].text == question(slot).ask


# -- options that cannot apply -----------------------------------------------------------------------------

@pytest.mark.parametrize("slots", [
    {**EARLY, "sex": "male", "age": 52},
    {**EARLY, "sex": "female", "age": 8},
    {**EARLY, "sex": "male", "age": 11},
], ids=["man", "girl", "boy"])
def test_no_childbirth_pill_or_pcos_for_a_child_or_a_man(slots):
    for tries in (0, 1, 2):
        messages = asked("triggers", slots, tries)
        values = {b.value for m in messages for b in m.buttons}
        said = " ".join(m.text for m in messages).lower()
        assert {"childbirth", "stopped_pill"}.isdisjoint(values) and "illness_fever" in values
        assert "childbirth" not in said and "pill" not in said
    assert "pcos" not in shown_values("conditions", slots) and "thyroid" in shown_values("conditions", slots)
    assert "pcos" not in asked("conditions", slots)[0].text.lower()
    assert not applies("pregnancy", slots)


def test_a_woman_keeps_every_option_and_the_pregnancy_question():
    slots = {**EARLY, "age": 31}
    assert {"childbirth", "stopped_pill"} <= shown_values("triggers", slots)
    assert "pcos" in shown_values("conditions", slots)
    assert applies("pregnancy", slots)


def test_no_pregnancy_question_for_a_child_written_for_by_a_parent():
    assert not applies("pregnancy", {"sex": "female", "age": 12})
    assert applies("pregnancy", {"sex": "female", "age": 14}), "a teenager writing herself is asked"
    teenager_by_parent = described({**EARLY, "age": 14}, "my daughter who is 14 has a thin patch at the front")
    assert not applies("pregnancy", teenager_by_parent)
    answered = {slot: [] for slot in question_slots()}
    answered.update(consent=True, first_name="Iqra", age=7, sex="female", description="x", duration_days=30,
                    onset="sudden", pattern="patches", shedding="neither", family_history=False,
                    hairstyles=False, nail_changes=False, pregnancy=None, treatments_tried=None)
    assert next_slot(answered) == "treatments_tried"


def test_every_hidden_option_is_left_out_of_that_audiences_wording_too():
    hidden = audience.WORDING.data["hidden_options"]
    for who, by_slot in hidden.items():
        for slot, values in by_slot.items():
            q = question(slot)
            titles = [b.title.lower() for b in q.buttons if b.value in values]
            own = audience.WORDING.data["questions"][who].get(slot, {})
            assert "ask" in own, f"{who}: {slot} still names {titles} in questions.yml's wording"
            for text in own.values():
                for title in titles:
                    assert title.split()[-1] not in text.lower(), (who, slot, title)


# -- guardian wording ----------------------------------------------------------------------------------------

def test_a_parent_hears_that_the_child_comes_with_a_guardian_by_name():
    note = audience.under_18_note({"first_name": "Areeba", "age": 9})
    assert "As Areeba is under 18" in note and "parent or guardian" in note
    assert "your child" in audience.under_18_note({"first_name": "skipped", "age": 5})
    assert "Zoya" in audience.under_18_note({"first_name": "Zoya", "age": 16}, child_in_message=True)


def test_nobody_is_told_as_you_are_under_18():
    for slots in ({"first_name": "Saad", "age": 16}, {"first_name": "Areeba", "age": 9}):
        note = audience.under_18_note(slots)
        assert not re.search(r"as you are under", note, re.I) and "parent or guardian" in note
    outcome = step({**EARLY, "age": None}, "age", Turn("16", "inform", 0.9))
    said = " ".join(m.text for m in outcome.messages)
    assert "guardian" in said and "as you are" not in said.lower()


# -- the simulated patients still recognise every wording ---------------------------------------------------

def test_every_wording_for_an_audience_is_recognised_as_its_question():
    for who, by_slot in audience.WORDING.data["questions"].items():
        for slot, texts in by_slot.items():
            buttons = [{"title": "x"}] if question(slot).buttons else []
            for text in texts.values():
                assert asked_topic([{"text": text, "buttons": buttons}]) == slot, (who, slot, text)


def test_the_read_back_and_thanks_to_a_parent_are_about_the_child_not_to_the_child():
    from bot.conversation.readback import readback

    child = {"consent": True, "first_name": "Ahmed", "age": 9, "sex": "male"}
    assert readback(child).startswith("Here's what I have noted about Ahmed:")
    assert audience.confirm_text("done", child) == "Thank you. I've noted Ahmed's answers for the dermatologist."
    adult = {**child, "first_name": "Saima", "age": 40, "sex": "female"}
    assert readback(adult).startswith("Here's what I have noted, Saima:")
    assert audience.confirm_text("done", {**adult, "first_name": "skipped"}).startswith("Thank you. I've noted")
