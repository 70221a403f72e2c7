"""The staff sheet says what the bot concluded honestly (issue 12): an "unclear" answer shows its top candidates,
never a confidence; evidence in words with the weights on demand; the phrase found quoted; each red flag says who
should see the patient, and summaries stored before that still show. Rendered without a server or database."""
from __future__ import annotations

import datetime as dt
import json
import re
from types import SimpleNamespace

import jsonschema

from bot.clinical import assess
from bot.conversation.intake_summary import summary_for
from bot.intake.summary import SCHEMA_PATH, IntakeSummary
from bot.staff.templates import environment, render

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)
EVIDENCE = [
    {"code": "widening_part", "patient": "p", "staff": "Centre parting has widened",
     "effects": {"androgenetic_alopecia": 2.0, "alopecia_areata": -0.5}},
    {"code": "sudden", "patient": "p", "staff": "Began abruptly",
     "effects": {"telogen_effluvium": 1.0, "androgenetic_alopecia": -1.5}},
]


def summary(likely: dict, **extra) -> dict:
    return {"answers": {}, "likely_type": likely, "evidence": EVIDENCE, "red_flags": [], "contraindications": [],
            **extra}


def sheet(summary: dict, review=None) -> str:
    intake = SimpleNamespace(first_name="Mehwish", age=41, channel="rest", created_at=NOW,
                             conversation_id="c-sheet", likely_type=(summary.get("likely_type") or {}).get("code"))
    detail = SimpleNamespace(review=review, names={7: "Bob Staff"}, bookings=[])
    return render(environment(), "_sheet.html", summary=summary, intake=intake, detail=detail,
                  evidence={"for": [], "against": [], "other": []})


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


UNCLEAR = {"code": "unclear", "confidence": 0.99,
           "probabilities": {"androgenetic_alopecia": 0.46, "telogen_effluvium": 0.41,
                             "alopecia_areata": 0.08, "traction_alopecia": 0.05}}


def test_an_unclear_answer_names_its_top_candidates_and_no_confidence():
    html = sheet(summary(UNCLEAR))
    likely = text_of(html.split('class="likely"', 1)[1].split("</p>", 1)[0])
    assert "Unclear" in likely and "confidence" not in likely and "99%" not in likely
    assert "Androgenetic alopecia 46%" in likely and "Telogen effluvium 41%" in likely
    assert "Alopecia areata" not in likely, "an unlikely type is no candidate"


def test_a_decided_type_shows_its_own_probability_as_confidence():
    html = sheet(summary({"code": "androgenetic_alopecia", "confidence": 0.73,
                          "probabilities": {"androgenetic_alopecia": 0.73, "telogen_effluvium": 0.2}}))
    assert "73% confidence" in text_of(html)


def test_the_bot_said_unclear_under_a_correction_shows_candidates_too():
    review = SimpleNamespace(corrected_type="telogen_effluvium", corrected_by=7, corrected_at=NOW,
                             bot_type="unclear", bot_confidence=0.99, handoff_done_at=None, handoff_done_by=None)
    said = text_of(sheet(summary(UNCLEAR), review))
    assert "The bot said: Unclear (top candidates: Androgenetic alopecia 46%" in said
    assert "99%" not in said


def test_evidence_is_in_words_and_the_weights_only_on_demand():
    html = sheet(summary({"code": "androgenetic_alopecia", "confidence": 0.73,
                          "probabilities": {"androgenetic_alopecia": 0.73}}))
    lists = html.split('<div class="evidence">', 1)[1].split("</div>\n  </div>", 1)[0]
    assert "Centre parting has widened" in lists and "Began abruptly" in lists
    assert not re.search(r"[+-]\d\.\d", lists), "no weights among the words"
    details = html.split("<details", 1)[1].split("</details>", 1)[0]
    assert "+2.0 Androgenetic alopecia" in details and "-1.5 Androgenetic alopecia" in details
    evidence_for = lists.split("Evidence against", 1)[0]
    assert "Centre parting" in evidence_for and "Began abruptly" not in evidence_for


def test_for_an_unclear_answer_the_evidence_is_weighed_for_the_top_candidate():
    said = text_of(sheet(summary(UNCLEAR)))
    assert "Evidence for Androgenetic alopecia (top candidate) Centre parting has widened" in said
    assert "Evidence against Androgenetic alopecia (top candidate) Began abruptly" in said


def test_each_red_flag_says_who_should_see_the_patient():
    flags = [{"code": "hyperandrogenism", "patient_text": "p", "staff_text": "Androgen excess signs",
              "refer_to": "endocrinologist"},
             {"code": "systemic_symptoms", "patient_text": "p", "staff_text": "Night sweats, weight down",
              "refer_to": "physician"}]
    said = text_of(sheet(summary(UNCLEAR, red_flags=flags)))
    assert "Androgen excess signs refer to: endocrinologist" in said
    assert "Night sweats, weight down refer to: family doctor or physician" in said


def test_a_summary_stored_before_refer_to_still_shows_its_flags():
    old = {"code": "scarring_signs", "patient_text": "p", "staff_text": "Shiny skin over the patch"}
    html = sheet(summary(UNCLEAR, red_flags=[old]))
    assert "Shiny skin over the patch" in html and "refer to" not in html


def test_the_phrase_found_is_quoted_and_a_finding_without_one_shows_no_none():
    findings = [{"code": "eyebrow_loss", "text": "my brows are going"}, {"code": "acne"}]
    found = text_of(sheet(summary(UNCLEAR, findings=findings))).split("found in the description", 1)[1]
    assert "“my brows are going” → eyebrow_loss" in found
    assert "None" not in found and "“" not in found.split("eyebrow_loss", 1)[1] and "acne" in found


def test_the_stored_summary_keeps_who_should_see_the_patient():
    assessment = assess({"age": 37, "sex": "female", "pattern": "diffuse", "medicines": ["blood_thinner"],
                         "scalp_symptoms": ["pain_burning"]}).to_dict()
    assert any(f.get("refer_to") for f in assessment["red_flags"])
    stored = summary_for("c-refer", "rest", {"consent": True, "age": 37, "sex": "female"}, assessment, None)
    red = {f.code: f.refer_to for f in stored.red_flags}
    assert red and all(red.values())
    assert all(f.refer_to is None for f in stored.contraindications)
    data = json.loads(stored.json())
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert data["schema_version"] == "1.1"


def test_a_stored_summary_without_refer_to_still_loads_and_validates():
    stored = summary_for("c-old", "rest", {"consent": True, "age": 37}, assess({"age": 37, "pattern": "patches",
                         "scalp_symptoms": ["pustules"]}).to_dict(), None)
    data = json.loads(stored.json())
    for item in data["red_flags"] + data["contraindications"]:
        item.pop("refer_to", None)
    assert data["red_flags"]
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert IntakeSummary.parse_obj(data).red_flags[0].refer_to is None


def test_an_earlier_version_of_an_unclear_answer_shows_no_confidence_either():
    html = render(environment(), "_version.html", v=SimpleNamespace(
        version=1, saved_at=NOW, review_status="new", summary=summary(UNCLEAR)))
    said = text_of(html)
    assert "99%" not in said and "Androgenetic alopecia 46%" in said


def test_an_unclear_answer_set_aside_by_a_red_flag_says_so_before_its_candidate():
    # from a widget trial: a child with a scaly patch and black dots read "Unclear — top candidates: Alopecia areata
    # 100%", which looks like a contradiction; the reason comes first now
    likely = {"code": "unclear", "confidence": 1.0, "probabilities": {"alopecia_areata": 1.0, "telogen_effluvium": 0.0},
              "unclear_reason": "signs of a condition outside the four types: possible_fungal_infection"}
    shown = text_of(sheet(summary(likely)).split('class="likely"', 1)[1].split("</p>", 1)[0])
    assert "a red flag comes first (Possible tinea capitis" in shown
    assert "the evidence alone points to: Alopecia areata 100%" in shown
    assert shown.index("red flag comes first") < shown.index("Alopecia areata 100%")


def test_an_unclear_answer_for_too_little_said_names_the_reason_and_its_candidates():
    likely = {**UNCLEAR, "unclear_reason": "too little information"}
    shown = text_of(sheet(summary(likely)).split('class="likely"', 1)[1].split("</p>", 1)[0])
    assert "too little information; top candidates: Androgenetic alopecia 46%" in shown


def test_the_reason_for_unclear_reaches_the_stored_summary():
    assessment = assess({"age": 7, "pattern": "patches", "scalp_symptoms": ["scaling"]}).to_dict()
    assert assessment["likely_type"] == "unclear" and assessment["unclear_reason"]
    stored = summary_for("c-reason", "rest", {}, assessment, None).dict()
    assert stored["likely_type"]["unclear_reason"] == assessment["unclear_reason"]
