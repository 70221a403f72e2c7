"""One intake as a FHIR R4 Bundle (type collection) for the clinic's records: the Patient (only what the patient
gave: first name, age, sex, phone), the QuestionnaireResponse (the answers, fhir.py), a RiskAssessment (the bot's
likely type and its probabilities: a pre-consultation estimate, not a diagnosis), a Flag per red flag, and the
Appointment when one is booked. Entries refer to each other by urn:uuid, made from the conversation id, so an
export made twice is the same. Every resource is checked with fhir.resources' R4B models (fhir.py says why R4B)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from .fhir import IDENTIFIER_SYSTEM, questionnaire_response
from .summary import IntakeSummary

TYPE_SYSTEM = "urn:skn-clinic:hair-loss-type"
RED_FLAG_SYSTEM = "urn:skn-clinic:red-flag"
BOOKING_SYSTEM = "urn:skn-clinic:booking"
AGE_EXTENSION = "urn:skn-clinic:fhir:age-at-intake"  # the age the patient gave: no birth date is invented
UCUM = "http://unitsofmeasure.org"
_NAMESPACE = uuid.UUID("5b0c7d4e-2f51-4a8e-9c1e-8d1f4e0a6b21")  # fixed: the same intake gives the same ids


@dataclass(frozen=True)
class AppointmentFacts:
    """The booking as the Bundle needs it (plain data, so this module needs no booking code)."""

    reference: str
    start: dt.datetime
    end: dt.datetime
    status: str  # booked / cancelled
    practitioner: str  # the practitioner's name, for display
    doctor_review_first: bool = False


def _urn(conversation_id: str, name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{conversation_id}/{name}')}"


def _patient(summary: IntakeSummary, phone: str | None) -> dict[str, Any]:
    answers = summary.answers.dict()  # a model made at run time: its fields are read by name
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": summary.conversation_id}],
    }
    if isinstance(answers.get("first_name"), str):
        patient["name"] = [{"given": [answers["first_name"]]}]
    if phone:
        patient["telecom"] = [{"system": "phone", "value": phone, "use": "mobile"}]
    if answers.get("sex") in ("female", "male"):  # "other" may mean "prefer not to say": left out
        patient["gender"] = answers["sex"]
    if isinstance(answers.get("age"), int):
        patient["extension"] = [
            {"url": AGE_EXTENSION, "valueAge": {"value": answers["age"], "unit": "years", "system": UCUM, "code": "a"}}
        ]
    return patient


def _type_concept(code: str, labels: dict[str, str]) -> dict[str, Any]:
    display = labels.get(code, code.replace("_", " "))
    return {"coding": [{"system": TYPE_SYSTEM, "code": code, "display": display}], "text": display}


def _risk_assessment(
    summary: IntakeSummary, patient: str, answers: str, labels: dict[str, str], staff_type: str | None
) -> dict[str, Any] | None:
    likely = summary.likely_type
    if likely is None or likely.code is None:
        return None
    ranked = sorted(likely.probabilities.items(), key=lambda kv: -kv[1])
    notes = [
        "The intake assistant's likely type before the consultation: an estimate, not a diagnosis. "
        f"Likely type: {labels.get(likely.code, likely.code)}"
        + (f" ({round(likely.confidence * 100)}% confidence)." if likely.confidence is not None else ".")
    ]
    if staff_type:
        notes.append(f"Staff recorded the type as: {labels.get(staff_type, staff_type)}.")
    return {
        "resourceType": "RiskAssessment",
        "status": "preliminary",
        "code": {"text": "Likely type of hair loss (intake assistant)"},
        "subject": {"reference": patient},
        "occurrenceDateTime": (summary.completed_at or summary.started_at).isoformat(),
        "basis": [{"reference": answers}],
        "prediction": [
            {"outcome": _type_concept(code, labels), "probabilityDecimal": round(p, 4)}
            for code, p in ranked
            if 0 <= p <= 1
        ]
        or [{"outcome": _type_concept(likely.code, labels)}],
        "note": [{"text": text} for text in notes],
    }


def _flag(code: str, staff_text: str, patient: str, when: dt.datetime) -> dict[str, Any]:
    return {
        "resourceType": "Flag",
        "status": "active",
        "category": [{"text": "Red flag: see a doctor before any cosmetic treatment"}],
        "code": {"coding": [{"system": RED_FLAG_SYSTEM, "code": code, "display": staff_text}], "text": staff_text},
        "subject": {"reference": patient},
        "period": {"start": when.isoformat()},
    }


def _appointment(booking: AppointmentFacts, patient: str) -> dict[str, Any]:
    appointment: dict[str, Any] = {
        "resourceType": "Appointment",
        "identifier": [{"system": BOOKING_SYSTEM, "value": booking.reference}],
        "status": "cancelled" if booking.status == "cancelled" else "booked",
        "description": "Hair-loss consultation",
        "start": booking.start.isoformat(),
        "end": booking.end.isoformat(),
        "participant": [
            {"actor": {"reference": patient}, "status": "accepted"},
            {"actor": {"display": booking.practitioner}, "status": "accepted"},
        ],
    }
    if booking.doctor_review_first:
        appointment["comment"] = "Red flag: the doctor reviews the intake before any cosmetic treatment."
    return appointment


def intake_bundle(
    summary: IntakeSummary,
    *,
    phone: str | None = None,
    booking: AppointmentFacts | None = None,
    type_labels: dict[str, str] | None = None,
    staff_type: str | None = None,
) -> dict[str, Any]:
    """The intake as a Bundle (a JSON-able dict), every resource validated. Raises pydantic.ValidationError."""
    labels = type_labels or {}
    cid = summary.conversation_id
    urls = {name: _urn(cid, name) for name in ("bundle", "patient", "answers", "risk", "appointment")}
    answers = {**questionnaire_response(summary), "subject": {"reference": urls["patient"]}}
    entries: list[tuple[str, dict[str, Any]]] = [
        (urls["patient"], _patient(summary, phone)),
        (urls["answers"], answers),
    ]
    risk = _risk_assessment(summary, urls["patient"], urls["answers"], labels, staff_type)
    if risk is not None:
        entries.append((urls["risk"], risk))
    when = summary.completed_at or summary.started_at
    for flag in summary.red_flags:
        entries.append((_urn(cid, f"flag/{flag.code}"), _flag(flag.code, flag.staff_text, urls["patient"], when)))
    if booking is not None:
        entries.append((urls["appointment"], _appointment(booking, urls["patient"])))
    bundle = {
        "resourceType": "Bundle",
        "identifier": {"system": IDENTIFIER_SYSTEM, "value": cid},
        "type": "collection",
        "timestamp": when.isoformat(),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }
    validate(bundle)
    return bundle


def validate(bundle: dict[str, Any]) -> None:
    """Each entry with its own R4B model, then the Bundle as a whole. Raises pydantic.ValidationError."""
    from fhir.resources.R4B import get_fhir_model_class  # a 0.2 s import: only when exporting

    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).parse_obj(resource)
    get_fhir_model_class("Bundle").parse_obj(bundle)
