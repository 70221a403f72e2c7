"""Export an intake summary as a FHIR R4 QuestionnaireResponse: one item per answered question.

fhir.resources 7.0.2 (the last release on pydantic 1) ships R5 as its default and R4B beside it, not R4.
QuestionnaireResponse is the same in R4 and R4B (R5 made `questionnaire` required and `identifier` a list),
so we validate with the R4B model."""

from __future__ import annotations

from typing import Any

from bot.intake.questions import OTHER, SKIPPED, question

from .summary import QUESTION_KINDS, IntakeSummary

QUESTIONNAIRE_URL = "urn:skn-clinic:questionnaire:hair-loss-intake"
CODE_SYSTEM = "urn:skn-clinic:intake"  # + ":<slot>": the value codes of questions.yml
IDENTIFIER_SYSTEM = "urn:skn-clinic:conversation"
DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"


def _coding(slot: str, code: Any) -> dict[str, Any]:
    coding = {"system": f"{CODE_SYSTEM}:{slot}", "code": str(code)}
    display = question(slot).title_of(code)
    if display:
        coding["display"] = display
    return coding


def _other(slot: str, own_words: str | None) -> list[dict[str, Any]]:
    """An answer in the patient's own words: the words as text (the code "other" when none were given)."""
    if own_words:
        return [{"valueString": own_words}]
    coding = _coding(slot, OTHER)
    coding.setdefault("display", "Other")
    return [{"valueCoding": coding}]


def _answers(slot: str, value: Any, own_words: str | None = None) -> list[dict[str, Any]]:
    kind = QUESTION_KINDS[slot]
    if value == OTHER and kind in ("duration", "yesno") or (value == OTHER and kind == "choice" and own_words):
        return _other(slot, own_words)
    if kind in ("age", "duration"):
        return [{"valueInteger": int(value)}]
    if kind == "yesno":
        return [{"valueBoolean": bool(value)}]
    if kind == "choice":
        return [{"valueCoding": _coding(slot, value)}]
    if kind == "multi":
        # "None of these" is an answer too, unlike a question never asked (which has no item).
        codes = [{"valueCoding": _coding(slot, v)} for v in value if v != OTHER]
        if OTHER in value:
            codes += _other(slot, own_words)
        return codes or [
            {"valueCoding": {"system": f"{CODE_SYSTEM}:{slot}", "code": "none", "display": "None of these"}}
        ]
    return [{"valueString": str(value)}]


def _item(slot: str, value: Any, own_words: str | None = None) -> dict[str, Any]:
    if value == SKIPPED:
        # Asked, and the patient chose not to answer: FHIR's data-absent-reason "asked-declined".
        return {"linkId": slot, "extension": [{"url": DATA_ABSENT_REASON, "valueCode": "asked-declined"}]}
    return {"linkId": slot, "answer": _answers(slot, value, own_words)}


def questionnaire_response(summary: IntakeSummary, validate: bool = True) -> dict[str, Any]:
    """The summary's answers as a FHIR R4 QuestionnaireResponse (a JSON-able dict).

    Questions not asked are left out; findings, likely type and flags are staff information, not answers,
    and are not part of this resource. `validate` checks the result with fhir.resources (R4B)."""
    answers = summary.answers.dict()
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": IDENTIFIER_SYSTEM, "value": summary.conversation_id},
        "questionnaire": f"{QUESTIONNAIRE_URL}|{summary.schema_version}",
        "status": "completed" if summary.completed_at else "in-progress",
        "authored": (summary.completed_at or summary.started_at).isoformat(),
        "item": [
            _item(slot, value, summary.other_answers.get(slot)) for slot, value in answers.items() if value is not None
        ],
    }
    if validate:
        _validate(resource)
    return resource


def _validate(resource: dict[str, Any]) -> None:
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse  # 0.2 s import: only when used

    QuestionnaireResponse.parse_obj(resource)  # raises pydantic.ValidationError


def fhir_json(summary: IntakeSummary, indent: int | None = None) -> str:
    import json

    return json.dumps(questionnaire_response(summary), indent=indent, ensure_ascii=False)
