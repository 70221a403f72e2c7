"""Summary schema 1.1 keeps answers in the patient's own words: the answer is "other" (or holds it) and
`other_answers` keeps the words for staff; words never stand beside a coded answer; 1.0 summaries still load."""
from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
from pydantic import ValidationError

from bot.intake.summary import SCHEMA_PATH, SCHEMA_VERSION, IntakeSummary, build_summary

T0 = dt.datetime(2026, 12, 7, 4, 0, tzinfo=dt.timezone.utc)
SLOTS = {
    "first_name": "Rabia", "age": 41, "sex": "female", "duration_days": "other", "pattern": "other",
    "family_history": "other", "medicines": ["blood_thinner", "other"], "treatments_tried": ["other"],
    "conditions": ["thyroid"],
    "other_answers": {
        "duration_days": "since my second child", "pattern": "a patch and my temples",
        "family_history": "no idea about my father's side", "medicines": "a statin",
        "treatments_tried": "neem oil " * 50,
    },
}


def _build(slots):
    return build_summary("conv-7", "rest", slots, None, False, True, T0, T0)


def test_other_answers_keep_the_patients_words():
    s = _build(SLOTS)
    assert s.schema_version == SCHEMA_VERSION == "1.1"
    assert s.answers.family_history == "other" and s.answers.duration_days == "other"
    assert s.answers.medicines == ["blood_thinner", "other"]
    assert s.other_answers["medicines"] == "a statin"
    assert s.other_answers["family_history"] == "no idea about my father's side"
    assert len(s.other_answers["treatments_tried"]) == 300


def test_words_of_an_answer_corrected_since_are_not_kept():
    s = _build({**SLOTS, "pattern": "patches"})  # the words "a patch and my temples" belong to no answer now
    assert "pattern" not in s.other_answers


def test_words_beside_a_coded_answer_are_refused():
    data = json.loads(_build(SLOTS).json())
    data["other_answers"]["conditions"] = "asthma"  # conditions is ["thyroid"]: the words would be invented
    with pytest.raises(ValidationError):
        IntakeSummary.parse_obj(data)


@pytest.mark.parametrize("slot,value", [("age", "other"), ("first_name_x", "other")])
def test_only_questions_that_take_own_words_hold_them(slot, value):
    with pytest.raises(ValidationError):
        if slot == "age":
            _build({**SLOTS, "age": value})
        else:
            IntakeSummary.parse_obj({**json.loads(_build(SLOTS).json()), "other_answers": {slot: "x"}})


def test_the_summary_validates_against_the_committed_schema():
    data = json.loads(_build(SLOTS).json())
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text()))
    data["other_answers"]["age"] = "forty-ish"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text()))


def test_a_summary_stored_as_1_0_still_loads():
    stored = json.loads(_build({k: v for k, v in SLOTS.items() if k != "other_answers"}).json())
    stored["schema_version"] = "1.0"
    for slot in ("duration_days", "pattern", "family_history"):
        stored["answers"][slot] = None
    stored["answers"]["medicines"] = ["blood_thinner"]
    stored["answers"]["treatments_tried"] = []
    del stored["other_answers"]
    loaded = IntakeSummary.parse_obj(stored)
    assert loaded.schema_version == "1.0" and loaded.other_answers == {}
