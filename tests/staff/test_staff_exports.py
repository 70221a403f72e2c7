"""Exports staff use: the CSV (phone, answers as words, both types, red flags, booking; formulas defused; the old
columns first and in order) and the FHIR Bundle (every resource valid for fhir.resources, linked by urn:uuid)."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from fhir.resources.R4B.bundle import Bundle

from bot.intake.fhir_bundle import AGE_EXTENSION, AppointmentFacts, intake_bundle
from bot.staff.bench_data import summary
from bot.staff.exports import CSV_COLUMNS
from bot.staff.labels import contact_phone, tel_href, whatsapp_href

from staff_helpers import make_intake

OLD_COLUMNS = ("id", "date", "first_name", "age", "channel", "likely_type", "confidence", "bot_type",
               "corrected_type", "red_flag", "contraindication", "handoff", "handoff_done", "booking_status",
               "booking_time", "booking_reference", "review_status")
START = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.timezone.utc)


def _resources(bundle):
    return {e["resource"]["resourceType"]: e for e in bundle["entry"]}


def test_bundle_has_every_resource_linked_and_valid():
    s = summary("fhir-1", first_name="Sara", age=34, likely="androgenetic_alopecia", red_flag=True)
    booking = AppointmentFacts("ABC234", START, START + dt.timedelta(minutes=30), "booked", "Dr. A", True)
    bundle = intake_bundle(s, phone="+923001234567", booking=booking,
                           type_labels={"androgenetic_alopecia": "Androgenetic alopecia"}, staff_type="other")
    Bundle.parse_obj(bundle)  # the whole Bundle, as a consumer would read it
    assert bundle["type"] == "collection"
    by_type = _resources(bundle)
    assert set(by_type) == {"Patient", "QuestionnaireResponse", "RiskAssessment", "Flag", "Appointment"}
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert all(u.startswith("urn:uuid:") for u in urls) and len(urls) == len(bundle["entry"])
    patient_url = by_type["Patient"]["fullUrl"]
    patient = by_type["Patient"]["resource"]
    assert patient["name"] == [{"given": ["Sara"]}] and patient["gender"] == "female"
    assert patient["telecom"] == [{"system": "phone", "value": "+923001234567", "use": "mobile"}]
    assert patient["extension"][0]["url"] == AGE_EXTENSION and patient["extension"][0]["valueAge"]["value"] == 34
    assert "birthDate" not in patient  # never invented from the age
    qr = by_type["QuestionnaireResponse"]
    assert qr["resource"]["subject"] == {"reference": patient_url}
    risk = by_type["RiskAssessment"]["resource"]
    assert risk["subject"]["reference"] == patient_url and risk["basis"] == [{"reference": qr["fullUrl"]}]
    predictions = {p["outcome"]["coding"][0]["code"]: p["probabilityDecimal"] for p in risk["prediction"]}
    assert predictions == {k: pytest.approx(v) for k, v in s.likely_type.probabilities.items()}
    ranked = [p["probabilityDecimal"] for p in risk["prediction"]]
    assert ranked == sorted(ranked, reverse=True)  # likeliest first
    assert "Androgenetic alopecia" in [p["outcome"]["text"] for p in risk["prediction"]]  # in words
    assert "not a diagnosis" in risk["note"][0]["text"] and "Other" not in risk["note"][0]["text"]
    assert "Staff recorded the type as: other" in risk["note"][1]["text"]
    flag = by_type["Flag"]["resource"]
    assert flag["code"]["coding"][0]["code"] == "scarring_signs" and flag["subject"]["reference"] == patient_url
    appointment = by_type["Appointment"]["resource"]
    assert appointment["identifier"][0]["value"] == "ABC234" and appointment["status"] == "booked"
    assert appointment["participant"][0]["actor"]["reference"] == patient_url
    assert appointment["participant"][1]["actor"]["display"] == "Dr. A" and "comment" in appointment
    assert intake_bundle(s, phone="+923001234567", booking=booking, staff_type="other") == {
        **intake_bundle(s, phone="+923001234567", booking=booking, staff_type="other")}  # stable ids


def test_bundle_leaves_out_what_was_not_given():
    s = summary("fhir-2", likely="unclear", slots={"sex": "other"})
    by_type = _resources(intake_bundle(s))
    assert set(by_type) == {"Patient", "QuestionnaireResponse", "RiskAssessment"}
    patient = by_type["Patient"]["resource"]
    assert "telecom" not in patient and "gender" not in patient  # "other" may be "prefer not to say"


def test_a_broken_bundle_is_refused():
    from pydantic import ValidationError

    from bot.intake.fhir_bundle import validate
    bundle = intake_bundle(summary("fhir-3"))
    bundle["entry"][0]["resource"]["birthDate"] = "when I was young"
    with pytest.raises(ValidationError):
        validate(bundle)


def test_phone_links():
    assert tel_href("+923001234567") == "tel:+923001234567"
    assert whatsapp_href("0300 1234567") == "https://wa.me/923001234567"
    assert tel_href("not a number") == whatsapp_href(None) == ""
    assert contact_phone("wa-923001234567") == "+923001234567"  # the WhatsApp number is the patient's phone
    assert contact_phone("wa-u-someone") == contact_phone("web-abc") == ""
    assert contact_phone("wa-923001234567", "+923339876543") == "+923339876543"  # the booking's number first


def test_fhir_route_returns_the_bundle(bob, session_factory):
    intake_id = make_intake(session_factory, "fhir-api", first_name="Sara", red_flag=True,
                            booking={"reference": "FHR234", "phone": "+923001234567", "practitioner_id": "derm-a"})
    answer = bob.get(f"/staff/api/intakes/{intake_id}/fhir")
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/fhir+json")
    bundle = answer.json()
    Bundle.parse_obj(bundle)
    by_type = _resources(bundle)
    assert by_type["Appointment"]["resource"]["identifier"][0]["value"] == "FHR234"
    assert by_type["Appointment"]["resource"]["participant"][1]["actor"]["display"] != "derm-a"  # a name
    assert by_type["Patient"]["resource"]["telecom"][0]["value"] == "+923001234567"
    assert bob.get("/staff/api/intakes/999999/fhir").status_code == 404


def test_csv_columns(bob, session_factory):
    intake_id = make_intake(
        session_factory, "csv-1", first_name="=cmd|' /C calc'!A0", likely="telogen_effluvium", red_flag=True,
        slots={"triggers": ["stress", "other"], "other_answers": {"triggers": "@SUM(1+1) exams"}},
        booking={"reference": "CSV234", "phone": "+923001234567"})
    make_intake(session_factory, "wa-923339876543", first_name="Hina", channel="whatsapp")
    assert bob.api("POST", f"/staff/api/intakes/{intake_id}/review",
                   {"corrected_type": "tinea_capitis", "status": "needs_follow_up"}).status_code == 200
    answer = bob.get("/staff/api/intakes.csv")
    assert answer.status_code == 200
    reader = csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")))
    assert tuple(reader.fieldnames) == CSV_COLUMNS and CSV_COLUMNS[:len(OLD_COLUMNS)] == OLD_COLUMNS
    rows = {r["id"]: r for r in reader}
    row = rows[str(intake_id)]
    assert row["first_name"].startswith("'=")  # defused
    assert (row["bot_type"], row["corrected_type"], row["likely_type"]) == (
        "Telogen effluvium", "Tinea capitis", "Tinea capitis")
    assert row["review_status"] == "Needs follow-up" and row["booking_status"] == "Booked"
    assert row["phone"] == "'+923001234567"  # a leading + would be a formula: defused like any cell
    assert row["booking_reference"] == "CSV234" and row["booking_time"]
    assert row["red_flags"] == "Pain/burning with pustules: possible scarring alopecia"
    assert row["answer_sex"] == "Female" and row["answer_family_history"] == "yes"
    assert row["answer_triggers"].startswith("Severe stress") and "'@SUM" not in row["answer_triggers"]
    assert 'Other: "@SUM(1+1) exams"' in row["answer_triggers"]
    assert row["answer_duration_days"].startswith("365 days")
    other = next(r for r in rows.values() if r["first_name"] == "Hina")
    assert other["phone"] == "'+923339876543" and other["booking_status"] == "No booking"
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows.values() for v in r.values())
