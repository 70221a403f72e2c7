"""Answers kept in the patient's own words still count in the assessment where the lexicon knows the words:
a sign named in an answer that fitted no button raises its red flag, and words it does not know change nothing."""
from __future__ import annotations

from bot.conversation.clinical_result import assess_intake
from bot.conversation.slot_names import OTHER_ANSWERS

def flags(slots: dict) -> list[str]:
    return [f["code"] for f in assess_intake(slots)["red_flags"]]


SLOTS = {
    "consent": True, "first_name": "Naila", "age": 36, "sex": "female", "description": "my hair is thinning",
    "duration_days": 120, "onset": "gradual", "pattern": "diffuse", "shedding": "more_shedding",
    "family_history": False, "hairstyles": False, "scalp_symptoms": [], "nail_changes": False, "conditions": [],
    "medicines": [], "pregnancy": "no", "treatments_tried": [],
}


def test_a_red_flag_sign_in_an_other_answer_is_raised():
    slots = {**SLOTS, "triggers": ["other"], OTHER_ANSWERS: {"triggers": "night sweats and my joints hurt for weeks"}}
    assert "systemic_symptoms" in flags(slots)


def test_without_the_own_words_there_is_no_such_flag():
    slots = {**SLOTS, "triggers": ["other"]}
    assert "systemic_symptoms" not in flags(slots)


def test_unknown_own_words_change_nothing():
    plain = assess_intake({**SLOTS, "treatments_tried": []})
    with_words = assess_intake({**SLOTS, "treatments_tried": ["other"], OTHER_ANSWERS: {"treatments_tried": "castor oil"}})
    assert with_words["likely_type"] == plain["likely_type"]
    assert with_words["red_flags"] == plain["red_flags"]


def test_a_negated_sign_in_own_words_is_not_raised():
    slots = {**SLOTS, "triggers": ["other"], OTHER_ANSWERS: {"triggers": "exams, no night sweats or anything"}}
    assert "systemic_symptoms" not in flags(slots)


def test_a_mother_who_mentions_her_baby_is_not_a_minor():
    slots = {**SLOTS, "age": 31, "description": "since my daughter was born 4 months ago my hair falls in handfuls",
             "triggers": ["childbirth"]}
    assert "under_18" not in flags(slots)


def test_a_child_named_without_an_age_is_a_minor():
    slots = {**SLOTS, "age": None, "description": "my son has a bald round patch on his head"}
    assert "under_18" in flags(slots)
