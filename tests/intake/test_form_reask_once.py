"""Any answer is an answer; only a reply that is no answer at all is re-asked, once, in other words; no
question is asked more than twice (issue 10, point 1)."""
from __future__ import annotations

from bot.conversation.form import ask, next_slot, resume, step
from bot.conversation.slot_names import OTHER_ANSWERS, RETRIES
from bot.conversation.turn import Turn
from bot.intake.questions import OTHER, SKIPPED, question, question_slots

BEFORE_PATTERN = {
    "consent": True, "first_name": "Imran", "age": 52, "sex": "male", "description": "thin on top for years",
    "duration_days": 1500, "onset": "gradual",
}
BEFORE_MEDICINES = {
    **BEFORE_PATTERN, "pattern": "hairline_crown", "shedding": "neither", "triggers": [], "family_history": True,
    "hairstyles": False, "scalp_symptoms": [], "nail_changes": False, "conditions": [],
}


def say(slots, text, intent="inform", choice=None):
    requested = next_slot(slots)
    outcome = step(slots, requested, Turn(text, intent, 0.9, choice))
    slots.update(outcome.updates)
    return requested, outcome


def test_words_that_fit_no_option_are_kept_as_the_patients_own():
    slots = dict(BEFORE_MEDICINES)
    asked, outcome = say(slots, "an ayurvedic tonic my aunt sends")
    assert asked == "medicines" and slots["medicines"] == [OTHER]
    assert slots[OTHER_ANSWERS] == {"medicines": "an ayurvedic tonic my aunt sends"}
    assert outcome.next_slot == "treatments_tried", "kept, not re-asked"


def test_own_words_are_forgotten_when_a_later_answer_fits_an_option():
    slots = {**BEFORE_MEDICINES, "medicines": [OTHER], OTHER_ANSWERS: {"medicines": "the blood tablets"}}
    outcome = step(slots, "medicines", Turn("aspirin every day", "inform", 0.9))
    assert outcome.updates["medicines"] == ["blood_thinner"] and outcome.updates[OTHER_ANSWERS] == {}


def test_a_reply_that_is_no_answer_is_asked_again_once_in_other_words_then_skipped():
    slots = dict(BEFORE_PATTERN)
    first_wording = ask("pattern", slots)[0].text
    asked, outcome = say(slots, "hmm")
    assert asked == "pattern" and outcome.next_slot == "pattern" and slots[RETRIES] == {"pattern": 1}
    again = ask("pattern", slots)
    assert again[0].text == question("pattern").reask != first_wording
    assert any(b.value == SKIPPED for m in again for b in m.buttons), "the re-ask offers a skip"
    asked, outcome = say(slots, "???")
    assert asked == "pattern" and slots["pattern"] == SKIPPED
    assert outcome.next_slot == "shedding" and "pattern" not in slots[RETRIES]
    assert any("move on" in m.text for m in outcome.messages)


def test_no_question_is_asked_a_third_time_by_a_patient_who_never_answers():
    slots = {"consent": True}
    asked_count: dict[str, int] = {}
    for _ in range(60):
        requested = next_slot(slots)
        if requested in (None, "summary_confirmed"):
            break
        asked_count[requested] = asked_count.get(requested, 0) + 1
        say(slots, "?")
    assert next_slot(slots) == "summary_confirmed"
    assert max(asked_count.values()) == 2, asked_count


def test_the_other_button_asks_which_one():
    slots = dict(BEFORE_MEDICINES)
    _, outcome = say(slots, "Other medicine", choice="other")
    assert outcome.next_slot == "medicines" and slots["medicines"] == [OTHER]
    assert ask("medicines", slots)[0].text.startswith("Which medicine")
    assert resume(slots, "medicines").next_slot == "medicines", "after an FAQ the form still asks which one"
    outcome = step(slots, "medicines", Turn("vitamin D drops", "inform", 0.9))
    slots.update(outcome.updates)
    assert slots["medicines"] == [OTHER] and slots[OTHER_ANSWERS]["medicines"] == "vitamin D drops"
    assert outcome.next_slot == "treatments_tried"


def test_a_named_medicine_after_the_other_button_takes_its_option():
    slots = {**BEFORE_MEDICINES, "medicines": [OTHER]}
    outcome = step(slots, "medicines", Turn("clopidogrel", "inform", 0.9))
    assert outcome.updates["medicines"] == ["blood_thinner"] and outcome.next_slot == "treatments_tried"


def test_no_answer_to_which_one_keeps_the_other_answer():
    slots = {**BEFORE_MEDICINES, "medicines": [OTHER]}
    for _ in range(2):
        outcome = step(slots, "medicines", Turn("?", "inform", 0.9))
        slots.update(outcome.updates)
    assert slots["medicines"] == [OTHER] and outcome.next_slot == "treatments_tried"


def test_every_list_question_can_ask_which_one():
    for slot in [s for s in question_slots() if question(s).kind == "multi"]:
        assert ask(slot, {"consent": True, slot: [OTHER]})[0].text.endswith(".")


def test_a_correction_about_another_question_is_no_other_answer_to_this_one():
    slots = {"consent": True, "first_name": "Kashif", "age": 19}
    asked, outcome = say(slots, "oh wait, actually it began all of a sudden")
    assert asked == "sex" and slots.get("sex") is None
    assert next_slot(slots) == "sex" and "sex" not in (slots.get(OTHER_ANSWERS) or {})
    assert not (slots.get(RETRIES) or {}).get("sex")  # not counted as a reply it could not use
