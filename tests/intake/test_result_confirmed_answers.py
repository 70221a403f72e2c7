"""The assessment takes the confirmed answers over the description's reading of the same question: a fact the
patient took out ("stress wala galat hai") or answered otherwise is no evidence (found in the staff sheet of a
typed trial: "Recognised TE trigger in history" after the patient had said the stress was wrong)."""
from __future__ import annotations

from bot.conversation.clinical_result import assess_intake, description_reading
from bot.nlp import understand

TEXT = "my hair is thinning at the crown for 2 years, lots of tension at work lately"
ANSWERS = {"consent": True, "first_name": "Omar", "age": 34, "sex": "male", "description": TEXT,
           "duration_days": 730, "onset": "gradual", "pattern": "hairline_crown", "shedding": "more_shedding",
           "family_history": True, "hairstyles": False, "scalp_symptoms": [], "nail_changes": False,
           "conditions": [], "medicines": [], "treatments_tried": []}


def evidence(triggers):
    slots = dict(ANSWERS, triggers=triggers, description_reading=description_reading(TEXT, understand(TEXT)))
    return [e["code"] for e in assess_intake(slots)["evidence"]]


def test_a_trigger_taken_out_is_no_evidence():
    assert "trigger" in evidence(["stress"])
    assert "trigger" not in evidence([])


def test_a_skipped_question_leaves_the_descriptions_reading():
    assert "trigger" in evidence("skipped")
