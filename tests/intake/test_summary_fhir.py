import datetime as dt
import json

import pytest

from bot.intake.fhir import DATA_ABSENT_REASON, questionnaire_response
from bot.intake.summary import build_summary

SLOTS = {
    "first_name": "Sara", "age": 34, "sex": "female", "description": "Thinning at the parting",
    "duration_days": 365, "onset": "gradual", "pattern": "diffuse", "shedding": "more_shedding",
    "triggers": ["stress", "crash_diet"], "family_history": True, "hairstyles": False, "scalp_symptoms": [],
    "nail_changes": "skipped", "conditions": ["thyroid"], "medicines": [], "pregnancy": "no",
    "treatments_tried": ["minoxidil"],
}
T0 = dt.datetime(2026, 12, 7, 4, 0, tzinfo=dt.timezone.utc)


def _build(slots=SLOTS, completed_at=T0 + dt.timedelta(minutes=9)):
    return build_summary("conv-1", "rest", slots, {"likely_type": "androgenetic_alopecia"}, False, True, T0, completed_at)

# QuestionnaireResponse.item.answer.value[x] in FHIR R4 (hl7.org/fhir/R4/questionnaireresponse.html)
R4_ANSWER_VALUES = {"valueBoolean", "valueDecimal", "valueInteger", "valueDate", "valueDateTime", "valueTime",
                    "valueString", "valueUri", "valueAttachment", "valueCoding", "valueQuantity", "valueReference"}
R4_TOP_LEVEL = {"resourceType", "id", "meta", "implicitRules", "language", "text", "contained", "extension",
                "modifierExtension", "identifier", "basedOn", "partOf", "questionnaire", "status", "subject",
                "encounter", "authored", "author", "source", "item"}


@pytest.fixture
def qr():
    return questionnaire_response(_build())


def _item(qr, link_id):
    return next(i for i in qr["item"] if i["linkId"] == link_id)


def test_valid_against_fhir_resources(qr):
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    parsed = QuestionnaireResponse.parse_obj(qr)
    assert parsed.status == "completed" and parsed.identifier.value == "conv-1"
    assert json.loads(parsed.json())["item"] == qr["item"]


def test_r4_structure(qr):
    assert set(qr) <= R4_TOP_LEVEL and qr["resourceType"] == "QuestionnaireResponse"
    assert isinstance(qr["identifier"], dict)  # 0..1 in R4 (a list only from R5)
    assert qr["status"] in {"in-progress", "completed", "amended", "entered-in-error", "stopped"}
    for item in qr["item"]:
        for answer in item.get("answer", []):
            assert len(answer) == 1 and set(answer) <= R4_ANSWER_VALUES


def test_one_item_per_answer_with_typed_values(qr):
    assert _item(qr, "first_name")["answer"] == [{"valueString": "Sara"}]
    assert _item(qr, "age")["answer"] == [{"valueInteger": 34}]
    assert _item(qr, "duration_days")["answer"] == [{"valueInteger": 365}]
    assert _item(qr, "family_history")["answer"] == [{"valueBoolean": True}]
    assert _item(qr, "hairstyles")["answer"] == [{"valueBoolean": False}]
    sex = _item(qr, "sex")["answer"][0]["valueCoding"]
    assert (sex["system"], sex["code"]) == ("urn:skn-clinic:intake:sex", "female")
    assert [a["valueCoding"]["code"] for a in _item(qr, "triggers")["answer"]] == ["stress", "crash_diet"]
    assert _item(qr, "scalp_symptoms")["answer"][0]["valueCoding"]["code"] == "none"
    assert _item(qr, "pregnancy")["answer"][0]["valueCoding"]["code"] == "no"


def test_skipped_and_unasked_questions(qr):
    skipped = _item(qr, "nail_changes")
    assert "answer" not in skipped
    assert skipped["extension"] == [{"url": DATA_ABSENT_REASON, "valueCode": "asked-declined"}]
    partial = questionnaire_response(_build(slots={"first_name": "Ali"}, completed_at=None))
    assert [i["linkId"] for i in partial["item"]] == ["first_name"] and partial["status"] == "in-progress"
