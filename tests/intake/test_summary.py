import datetime as dt
import json

import jsonschema
import pytest
from pydantic import ValidationError

from bot.intake.questions import question_slots
from bot.intake.summary import ANSWER_SLOTS, SCHEMA_PATH, IntakeSummary, build_summary, schema_json

T0 = dt.datetime(2026, 12, 7, 4, 0, tzinfo=dt.timezone.utc)
T1 = T0 + dt.timedelta(minutes=9)

SLOTS = {
    "first_name": "Sara", "age": 34, "sex": "female", "description": "Thinning at the parting for a year",
    "duration_days": 365, "onset": "gradual", "pattern": "diffuse", "shedding": "more_shedding",
    "triggers": ["stress", "crash_diet"], "family_history": True, "hairstyles": False, "scalp_symptoms": [],
    "nail_changes": "skipped", "conditions": ["thyroid"], "medicines": [], "pregnancy": "no",
    "treatments_tried": ["minoxidil"],
    "requested_slot": None, "intake_status": "complete",  # other tracker slots are ignored
}
ASSESSMENT = {
    "likely_type": "androgenetic_alopecia",
    "probabilities": {"androgenetic_alopecia": 0.62, "telogen_effluvium": 0.3},
    "confidence": 0.55,
    "evidence": [{"code": "pattern_diffuse", "weight": 1.2}, "family history"],
    "findings": [{"label": "location", "text": "parting"}],
    "red_flags": [],
    "contraindications": [{"code": "thyroid", "patient_text": "Tell the doctor about your thyroid.",
                           "staff_text": "Thyroid disease: check TFTs before mesotherapy."}],
}


def _build(**kw):
    args = dict(conversation_id="conv-1", channel="rest", slots=SLOTS, assessment=ASSESSMENT, handoff=False,
                consent=True, started_at=T0, completed_at=T1)
    args.update(kw)
    return build_summary(**args)


def test_answer_fields_follow_the_questions_contract():
    assert list(ANSWER_SLOTS) == question_slots()
    assert len(ANSWER_SLOTS) == 17


def test_build_summary_types_everything():
    s = _build()
    assert s.schema_version == "1.1"
    assert s.answers.age == 34 and s.answers.family_history is True and s.answers.nail_changes == "skipped"
    assert s.answers.triggers == ["stress", "crash_diet"] and s.answers.scalp_symptoms == []
    assert s.likely_type.code == "androgenetic_alopecia" and s.likely_type.confidence == 0.55
    assert s.contraindications[0].code == "thyroid" and s.red_flags == [] and not s.red_flag
    assert s.consent.given and s.consent.at == T1
    assert s.handoff.requested is False and s.handoff.reason is None


def test_rasa_epoch_timestamps_and_missing_assessment():
    s = _build(assessment=None, started_at=T0.timestamp(), completed_at=None, handoff=True,
               handoff_reason="asked for a human", consent=False, slots={})
    assert s.started_at == T0 and s.completed_at is None
    assert s.likely_type is None and s.findings == [] and s.evidence == []
    assert s.handoff.reason == "asked for a human" and s.consent.at is None
    assert all(v is None for v in s.answers.dict().values())


@pytest.mark.parametrize(
    "slot, value",
    [("age", 0), ("age", 200), ("age", "thirty"), ("age", 34.5), ("sex", "robot"), ("triggers", ["stress", "moon"]),
     ("family_history", "yes"), ("pregnancy", False), ("duration_days", -3), ("unknown_slot_in_answers", 1)],
)
def test_answers_outside_the_contract_are_rejected(slot, value):
    with pytest.raises(ValidationError):
        if slot == "unknown_slot_in_answers":
            IntakeSummary.parse_obj({**json.loads(_build().json()),
                                     "answers": {**_build().answers.dict(), slot: value}})
        else:
            _build(slots={**SLOTS, slot: value})


def test_whole_float_numbers_are_accepted():
    assert _build(slots={**SLOTS, "age": 34.0}).answers.age == 34


def test_flags_need_code_and_both_texts():
    with pytest.raises(ValidationError):
        _build(assessment={**ASSESSMENT, "red_flags": [{"code": "x", "patient_text": "y"}]})


def test_json_round_trip_and_schema():
    s = _build()
    data = json.loads(s.json())
    assert IntakeSummary.parse_obj(data) == s
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text()))


def test_committed_schema_is_the_generated_one():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_json(), (
        "bot/intake/summary.schema.json is stale: run `python -m bot.intake.summary` (and raise "
        "SCHEMA_VERSION if stored summaries would no longer validate)"
    )


def test_the_stored_findings_carry_the_phrase_they_were_found_in():
    from bot.conversation.clinical_result import description_reading
    from bot.conversation.intake_summary import summary_for
    from bot.nlp import understand

    said = "since my son was born it comes out in bunches, no itching"
    slots = {"consent": True, "first_name": "Sana", "description": said,
             "description_reading": description_reading(said, understand(said))}
    assessment = {"likely_type": "telogen_effluvium", "probabilities": {"telogen_effluvium": 1.0}, "confidence": 0.9,
                  "facts": {"findings": ["trigger_childbirth"]}}
    findings = summary_for("c-1", "web", slots, assessment, None).findings
    by_code = {f["code"]: f for f in findings}
    assert by_code["trigger_childbirth"]["text"] in said and by_code["shedding_clumps"]["text"] in said
    assert any(f.get("negated") for f in findings), "what the patient denied is shown as denied"
    assert all(set(f) <= {"code", "text", "negated", "subject", "uncertain", "past"} for f in findings)
