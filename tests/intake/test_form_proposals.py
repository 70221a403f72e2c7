"""What a reply tells beyond the question asked is kept, said back in one line, and open to objection for one
reply; earlier answers change only on clear correction words (issue 10, point 3)."""
from __future__ import annotations

from bot.conversation.form import next_slot, start, step
from bot.conversation.slot_names import PENDING_PROPOSAL
from bot.conversation.turn import Turn

UP_TO_DESCRIPTION = {"consent": True, "first_name": "Hira", "age": 29, "sex": "female"}
DESCRIPTION = "since my son was born it comes out in handfuls, I can see my scalp all over"


def describe(slots, text=DESCRIPTION):
    outcome = step(slots, "description", Turn(text, "inform", 0.9))
    slots.update(outcome.updates)
    return outcome


def test_facts_beyond_the_question_are_kept_and_said_back_in_one_line():
    slots = dict(UP_TO_DESCRIPTION)
    outcome = describe(slots)
    assert slots["description"] == DESCRIPTION
    assert slots["triggers"] == ["childbirth"] and slots["shedding"] == "clumps" and slots["pattern"] == "diffuse"
    assert slots[PENDING_PROPOSAL] == {"triggers": ["childbirth"], "shedding": "clumps", "pattern": "diffuse"}
    noted = [m.text for m in outcome.messages if m.text.startswith("I noted:")]
    assert len(noted) == 1 and "childbirth" in noted[0] and "wrong" in noted[0]
    assert outcome.next_slot == "duration_days", "then the next question"


def test_an_objection_naming_one_fact_takes_out_that_fact_only():
    slots = dict(UP_TO_DESCRIPTION)
    describe(slots)
    outcome = step(slots, "duration_days", Turn("no, it was not after my delivery", "deny", 0.9))
    slots.update(outcome.updates)
    assert slots["triggers"] is None and slots["shedding"] == "clumps" and slots["pattern"] == "diffuse"
    assert slots[PENDING_PROPOSAL] is None
    assert any("taken that out" in m.text for m in outcome.messages)
    assert outcome.next_slot == "duration_days", "the open question is asked again"
    assert next_slot({**slots, "duration_days": 90, "onset": "sudden"}) == "triggers", "and triggers later"


def test_saying_it_is_wrong_takes_out_everything_noted():
    slots = dict(UP_TO_DESCRIPTION)
    describe(slots)
    outcome = step(slots, "duration_days", Turn("hmm that's not right", "deny", 0.9))
    assert {k: outcome.updates[k] for k in ("triggers", "shedding", "pattern")} == dict.fromkeys(
        ("triggers", "shedding", "pattern"))


def test_an_objection_with_the_right_value_keeps_the_new_value():
    slots = dict(UP_TO_DESCRIPTION)
    describe(slots)
    outcome = step(slots, "duration_days", Turn("where is wrong, it is only at the crown", "inform", 0.9))
    assert outcome.updates["pattern"] == "hairline_crown"
    assert "triggers" not in outcome.updates and "shedding" not in outcome.updates


def test_an_answer_to_the_next_question_accepts_what_was_noted():
    slots = dict(UP_TO_DESCRIPTION)
    describe(slots)
    outcome = step(slots, "duration_days", Turn("about four months", "inform", 0.9))
    slots.update(outcome.updates)
    assert slots["duration_days"] == 120 and slots["triggers"] == ["childbirth"]
    assert slots[PENDING_PROPOSAL] == {"triggers": ["childbirth"]}, "only the list item stays noted"


def test_a_plain_no_to_a_yes_no_question_answers_it():
    slots = {**UP_TO_DESCRIPTION, "description": "x", "duration_days": 60, "onset": "sudden", "pattern": "diffuse",
             "shedding": "clumps", "triggers": ["childbirth"],
             PENDING_PROPOSAL: {"triggers": ["childbirth"], "shedding": "clumps"}}
    outcome = step(slots, "family_history", Turn("no", "deny", 0.9))
    assert outcome.updates["family_history"] is False and "triggers" not in outcome.updates


def test_the_opening_after_consent_is_proposed_too():
    outcome = start({"consent": True, "intake_status": "stopped"},
                    Turn("hi again, the bald coin sized spot is back", "greet", 0.9))
    assert outcome.updates["pattern"] == "patches" and outcome.updates[PENDING_PROPOSAL] == {"pattern": "patches"}
    assert any(m.text.startswith("I noted:") for m in outcome.messages)


def test_a_description_that_tells_how_it_started_corrects_nothing_and_is_kept():
    slots = {**UP_TO_DESCRIPTION, "onset": "gradual"}  # noted from the opening message
    text = "it started suddenly last spring with a patch above my ear"
    outcome = describe(slots, text)
    assert slots["description"] == text and slots["onset"] == "gradual"
    assert not any("changed" in m.text for m in outcome.messages)


def test_clear_correction_words_change_an_earlier_answer():
    slots = dict(UP_TO_DESCRIPTION)
    outcome = describe(slots, "sorry I typed it wrong, I'm 39")
    assert slots["age"] == 39 and slots.get("description") is None, "a correction, not the description"
    assert outcome.next_slot == "description"
    slots = dict(UP_TO_DESCRIPTION)
    describe(slots, "my age is 31 actually")
    assert slots["age"] == 31


def test_a_list_item_noted_in_passing_still_gets_its_question_and_is_kept_with_the_answer():
    slots = {**UP_TO_DESCRIPTION, "description": "flaky scalp and thinning", "scalp_symptoms": ["scaling"],
             PENDING_PROPOSAL: {"scalp_symptoms": ["scaling"]}, "duration_days": 60, "onset": "gradual",
             "pattern": "diffuse", "shedding": "clumps", "triggers": [], "family_history": False,
             "hairstyles": False}
    assert next_slot(slots) == "scalp_symptoms", "a blood thinner or a burning scalp must not go unasked"
    outcome = step(slots, "scalp_symptoms", Turn("it burns a little too", "inform", 0.9))
    slots.update(outcome.updates)
    assert slots["scalp_symptoms"] == ["scaling", "pain_burning"] and slots[PENDING_PROPOSAL] is None
    assert outcome.next_slot == "nail_changes"


def test_none_to_a_list_question_keeps_what_was_noted():
    slots = {**UP_TO_DESCRIPTION, "description": "x", "duration_days": 60, "onset": "gradual", "pattern": "diffuse",
             "shedding": "clumps", "triggers": ["stress"], PENDING_PROPOSAL: {"triggers": ["stress"]}}
    outcome = step(slots, "triggers", Turn("nothing else", "deny", 0.9))
    assert outcome.updates["triggers"] == ["stress"] and outcome.next_slot == "family_history"


def test_saying_an_earlier_answer_is_wrong_asks_it_again_without_inventing_a_value():
    slots = {**UP_TO_DESCRIPTION, "description": "x", "duration_days": 60, "onset": "gradual", "pattern": "diffuse",
             "shedding": "clumps", "triggers": []}
    outcome = step(slots, "family_history", Turn("hold on, the shedding answer is wrong", "inform", 0.9))
    assert outcome.updates["shedding"] is None and outcome.next_slot == "shedding"
    assert not any("changed" in m.text for m in outcome.messages)


def test_naming_a_noted_fact_wrong_takes_it_out_without_inventing_a_value():
    slots = dict(UP_TO_DESCRIPTION)
    describe(slots)
    outcome = step(slots, "duration_days", Turn("that shedding bit is wrong", "inform", 0.9))
    assert outcome.updates["shedding"] is None and "pattern" not in outcome.updates
    assert not any("changed" in m.text for m in outcome.messages)


def test_saying_an_earlier_answer_is_wrong_leaves_what_was_just_noted():
    slots = dict(UP_TO_DESCRIPTION)
    describe(slots)
    outcome = step(slots, "duration_days", Turn("sorry, my age is wrong", "inform", 0.9))
    assert outcome.next_slot == "age" and outcome.updates["age"] is None
    assert "triggers" not in outcome.updates and "pattern" not in outcome.updates


# -- a "no" about something else is not an objection (found in a trial: a mother wrote "my daughter ... no
# itching" after "I noted: female", and lost both the daughter's sex and the description she had typed) -------
FOR_A_DAUGHTER = {"consent": True, "first_name": "Areeba"}


def _after_age(text="my daughter is 9"):
    slots = dict(FOR_A_DAUGHTER)
    outcome = step(slots, "age", Turn(text, "inform", 0.9))
    slots.update(outcome.updates)
    assert slots[PENDING_PROPOSAL] == {"sex": "female"}, "the relation gave her sex, noted"
    return slots


def test_a_description_that_names_the_daughter_again_and_says_no_itching_keeps_both():
    slots = _after_age()
    said = "my daughter's hair comes out on her pillow, no itching and no bald spot, my daughter is worried"
    outcome = step(slots, "description", Turn(said, "inform", 0.9))
    assert not any("taken that out" in m.text for m in outcome.messages)
    assert "sex" not in outcome.updates and outcome.updates["description"] == said
    assert outcome.next_slot != "sex"


def test_roman_urdu_negation_about_a_symptom_does_not_deny_the_relation():
    slots = _after_age("meri beti 9 saal ki hai")
    said = "meri beti ke baal gir rahe hain, khujli nahi hoti"
    outcome = step(slots, "description", Turn(said, "inform", 0.9))
    assert "sex" not in outcome.updates and outcome.updates["description"] == said


def test_a_no_in_the_same_clause_as_the_relation_still_denies_it():
    for said in ("not my daughter, it's my son", "no, she is not a girl", "meri beti nahi, beta hai"):
        slots = _after_age()
        outcome = step(slots, "description", Turn(said, "inform", 0.9))
        assert outcome.updates.get("sex") in (None, "male"), said
        assert any("taken that out" in m.text or "male" in m.text for m in outcome.messages), said


def test_an_objection_that_also_picks_an_option_of_the_open_question_keeps_both():
    # "stress wala galat hai ... aur ye gradually hua": the noted fact out, and the onset answered (found typing)
    slots = {**UP_TO_DESCRIPTION, "duration_days": 700}
    outcome = describe(slots, "mere baal crown se patle ho rahe hain, exams ki tension bhi thi")
    assert slots.get("triggers") == ["stress"] and outcome.next_slot == "onset"
    outcome = step(slots, "onset", Turn("tension wala galat hai, aur ye slowly slowly hua", "inform", 0.9))
    slots.update(outcome.updates)
    assert not slots.get("triggers") and any("taken that out" in m.text for m in outcome.messages)
    assert slots["onset"] == "gradual" and outcome.next_slot != "onset"

