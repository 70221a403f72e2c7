"""Honest explanations (issue 12): mesotherapy is walked through only where it is the route; nothing that
suggests a medicine to a pregnant or breastfeeding patient; one description of mesotherapy, the FAQ's; a point
or a red flag says back only what was said; each red flag's doctor is named once, above the reasons.

Assessments are built by hand where only the wording is under test, so weights being tuned do not move them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.clinical import Assessment, Evidence, Flag, assess, explain_mesotherapy, explain_result
from bot.clinical.explanations import EXPLANATIONS_PATH, faq, said_words, tell_me_more
from bot.clinical.weights import REFERRALS, weights

ROOT = Path(__file__).resolve().parents[2]
TYPES = ("androgenetic_alopecia", "alopecia_areata", "telogen_effluvium", "traction_alopecia", "unclear")
NOT_THE_ROUTE = ("alopecia_areata", "telogen_effluvium", "traction_alopecia", "unclear")
COURSE = re.compile(r"\bsessions?\b|weeks apart|maintenance|numbing|minutes", re.I)
MEDICINES = re.compile(r"minoxidil|finasteride|dutasteride|spironolactone|\bPRP\b|platelet", re.I)


def rule(section: str, code: str) -> dict:
    return next(r for r in weights()[section] if r["code"] == code)


def flag(code: str, section: str = "red_flags") -> Flag:
    r = rule(section, code)
    return Flag(code=code, patient=r["patient"], staff=r["staff"], refer_to=r.get("refer_to", ""))


def made(likely: str = "androgenetic_alopecia", red=(), contra=(), evidence=(), **facts) -> Assessment:
    """An assessment as bot.clinical keeps it, with the facts it was made of."""
    probabilities = {t: 0.1 for t in TYPES if t != "unclear"}
    if likely != "unclear":
        probabilities[likely] = 0.7
    kept = {"values": {k: v for k, v in facts.items() if k not in ("findings", "minor")},
            "numbers": {}, "findings": list(facts.get("findings", [])), "minor": facts.get("minor", False)}
    return Assessment(likely_type=likely, probabilities=probabilities, confidence=max(probabilities.values()),
                      red_flags=[flag(c) for c in red], contraindications=[flag(c, "contraindications") for c in contra],
                      evidence=list(evidence), facts=kept)


def everything(assessment: Assessment, for_child: bool = False) -> list[str]:
    return [explain_result(assessment, for_child), explain_mesotherapy(assessment, for_child),
            *tell_me_more(assessment, for_child)]


def reasons(message: str) -> list[str]:
    return [line[2:] for line in message.splitlines() if line.startswith("- ")]


# ------------------------------------------------------------------ 1. only pattern hair loss walks through it
@pytest.mark.parametrize("likely", NOT_THE_ROUTE)
def test_where_mesotherapy_is_not_the_route_no_course_is_described(likely):
    said = " ".join(everything(made(likely)))
    assert not COURSE.search(said), COURSE.search(said)
    assert "tell me more" in explain_mesotherapy(made(likely))


@pytest.mark.parametrize("likely,matters", [
    ("telogen_effluvium", r"set it off.*(settles|grows back)"),
    ("traction_alopecia", r"pulling"),
    ("alopecia_areata", r"dermatologist.*treatment|treatment.*dermatologist"),
    ("unclear", r"examin"),
])
def test_what_matters_for_the_type_comes_first_in_the_result_and_in_more(likely, matters):
    assessment = made(likely)
    assert re.search(matters, explain_mesotherapy(assessment), re.I | re.S)
    assert re.search(matters, tell_me_more(assessment)[0], re.I | re.S)


def test_shedding_after_a_medicine_keeps_the_medicine():
    more = " ".join(tell_me_more(made("telogen_effluvium")))
    assert "keep taking it" in more
    assert not re.search(r"\bstop (it|taking|the medicine)\b", more, re.I)


@pytest.mark.parametrize("assessment,for_child", [
    (made("androgenetic_alopecia", red=["systemic_symptoms"], findings=["weight_loss"]), False),
    (made("alopecia_areata", red=["under_18"], contra=["under_18"], minor=True), True),
    (made("androgenetic_alopecia", red=["under_18"], contra=["under_18"], minor=True), False),
])
def test_a_red_flag_or_a_child_hears_of_no_course(assessment, for_child):
    said = " ".join(everything(assessment, for_child))
    assert not COURSE.search(said), COURSE.search(said)


def test_pattern_hair_loss_without_flags_hears_the_whole_course():
    more = " ".join(tell_me_more(made("androgenetic_alopecia")))
    assert faq("sessions") in more and faq("procedure") in more and faq("evidence") in more


# ------------------------------------------------------------------ 2. pregnancy and breastfeeding
@pytest.mark.parametrize("likely", TYPES)
@pytest.mark.parametrize("expecting", ["pregnancy", "breastfeeding", "trying_to_conceive"])
@pytest.mark.parametrize("red", [(), ("hyperandrogenism",)])
def test_a_pregnant_or_breastfeeding_patient_is_offered_no_medicine(likely, expecting, red):
    said = " ".join(everything(made(likely, red=red, contra=[expecting], findings=["acne"])))
    assert not MEDICINES.search(said), MEDICINES.search(said)


def faq_answers() -> dict[str, str]:
    responses = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    return {k.split("/", 1)[1]: v[0]["text"] for k, v in responses.items() if k.startswith("utter_faq/")}


def test_any_faq_answer_naming_a_medicine_says_it_is_not_for_pregnancy_or_breastfeeding():
    for topic, text in faq_answers().items():
        if MEDICINES.search(text):
            assert "pregnan" in text and "breastfeeding" in text, topic


def test_the_alternatives_answer_does_not_undersell_minoxidil():
    text = faq("alternatives")
    assert re.search(r"minoxidil[^.]*strongest evidence", text)
    assert re.search(r"pregnancy or breastfeeding, minoxidil", text)


# ------------------------------------------------------------------ 3. one description of mesotherapy
def test_what_mesotherapy_is_names_medicines_as_well_as_vitamins():
    text = faq("what_is_mesotherapy")
    assert "vitamins" in text and "peptides" in text
    assert "minoxidil" in text and "dutasteride" in text


def test_tell_me_more_describes_mesotherapy_in_the_faq_words():
    for assessment in (None, made("androgenetic_alopecia"), made("telogen_effluvium"),
                       made("androgenetic_alopecia", contra=["bleeding_risk"])):
        assert faq("what_is_mesotherapy") in " ".join(tell_me_more(assessment))


def test_explanations_hold_no_second_faq():
    data = yaml.safe_load(EXPLANATIONS_PATH.read_text(encoding="utf-8"))
    wording = EXPLANATIONS_PATH.read_text(encoding="utf-8")

    def keys(node) -> set[str]:
        return set(node) | {k for v in node.values() if isinstance(v, dict) for k in keys(v)} \
            if isinstance(node, dict) else set()

    assert not keys(data) & (set(faq_answers()) | {"what_it_is", "comparison"})
    for phrase in ("injections into the skin", "numbing cream", "sessions, 2", "PRP"):
        assert phrase not in wording, phrase


# ------------------------------------------------------------------ 4. only what was said
def test_thinning_at_the_edges_alone_says_nothing_of_pulling():
    edges = Evidence("edges", rule("features", "edges")["patient"], "", {"traction_alopecia": 2.0})
    points = reasons(explain_result(made("traction_alopecia", evidence=[edges], pattern=["edges"])))
    assert len(points) == 1 and "edges" in points[0] and "pull" not in points[0]


def test_a_trigger_point_names_only_the_trigger_given():
    trigger = Evidence("trigger", rule("features", "trigger")["patient"], "", {"telogen_effluvium": 2.0})
    message = explain_result(made("telogen_effluvium", evidence=[trigger], triggers=["surgery"]))
    assert "an operation" in message
    assert not re.search(r"birth|illness|stress|diet|medicine", message, re.I)


def test_a_red_flag_reason_names_the_sign_that_raised_it_and_no_other():
    message = explain_mesotherapy(made("unclear", red=["scarring_signs"], scalp_symptoms=["pain_burning"]))
    assert "pain or burning" in message
    assert not re.search(r"pus|shiny", message, re.I)


def test_several_signs_are_said_back_together():
    assessment = made("unclear", red=["scarring_signs"], scalp_symptoms=["pustules", "pain_burning"],
                      findings=["shiny_skin"])
    words = said_words("red_flags", assessment.red_flags[0], assessment)
    assert len(words) == 3
    (reason,) = reasons(explain_mesotherapy(assessment))
    assert all(w in reason for w in words)


def test_without_the_facts_a_reason_claims_nothing():
    """An assessment kept without its facts: the reason is general, never "you mentioned"."""
    message = explain_mesotherapy(made("unclear", red=["scarring_signs", "systemic_symptoms"]))
    assert "You mentioned" not in message and len(reasons(message)) == 2


def test_what_a_child_showed_is_said_back_to_the_parent():
    assessment = assess({"age": 7, "pattern": "patches", "scalp_symptoms": ["scaling"]})
    message = explain_mesotherapy(assessment, for_child=True)
    assert "scaling" in message and "your child" in message
    assert not re.search(r"\b(you are|you wear|your scalp|your hair)\b", message, re.I)


def test_every_alternative_of_a_red_flag_said_back_has_words():
    texts = yaml.safe_load(EXPLANATIONS_PATH.read_text(encoding="utf-8"))
    words = texts["said"]
    for audience in ("for_patient", "for_child"):
        for code, text in texts[audience]["red_flags"].items():
            if not isinstance(text, dict):
                continue
            assert set(text) == {"said", "otherwise"} and "{said}" in text["said"], (audience, code)
            for terms in rule("red_flags", code)["any"]:
                said = [t for t in terms if not t.startswith("!") and t != "minor"]
                assert any(t in words for t in said), (code, terms)


def test_every_adult_rewording_has_a_parents_one():
    """for_patient words an adult ("You describe ..."): a child must never fall back on them."""
    texts = yaml.safe_load(EXPLANATIONS_PATH.read_text(encoding="utf-8"))
    for kind, items in texts["for_patient"].items():
        assert set(items) <= set(texts["for_child"].get(kind, {})), kind


def test_every_red_flag_has_a_short_reason_for_an_adult_and_a_parent():
    texts = yaml.safe_load(EXPLANATIONS_PATH.read_text(encoding="utf-8"))
    for r in weights()["red_flags"]:
        assert r["code"] in texts["for_patient"]["red_flags"], r["code"]
        assert r["code"] in texts["for_child"]["red_flags"], r["code"]
    for heading in ("first", "also", "first_child", "also_child"):
        assert set(texts["referrals"][heading]) == set(REFERRALS) | {""}, heading


# ------------------------------------------------------------------ 5. who should see the patient, once
def test_flags_sending_to_the_same_doctor_name_that_doctor_once():
    assessment = made("unclear", red=["scarring_signs", "eyebrow_lash_loss", "scalp_infection"],
                      scalp_symptoms=["pustules"], findings=["eyebrow_loss"])
    message = explain_mesotherapy(assessment)
    assert message.lower().count("dermatologist") == 2  # the heading, and who decides about treatment after
    assert len(reasons(message)) == 3
    assert "a doctor should see you first" not in message.lower()


def test_two_doctors_are_each_named_once_in_the_order_of_the_referrals():
    assessment = made("androgenetic_alopecia", red=["hyperandrogenism", "systemic_symptoms", "uncontrolled_diabetes"],
                      findings=["excess_hair_growth", "ongoing_fever", "uncontrolled_diabetes"])
    message = explain_mesotherapy(assessment)
    assert message.count("family doctor or physician") == 1 and message.count("endocrinologist") == 1
    lines = message.splitlines()
    heads = [i for i, line in enumerate(lines) if not line.startswith("- ") and line.endswith(":")]
    assert len(heads) == 2 and "endocrinologist" in lines[heads[0]]  # hyperandrogenism is the first flag
    assert len(reasons(message)) == 3


def test_a_crisis_comes_before_any_doctor():
    assessment = made("unclear", red=["scarring_signs", "self_harm"], findings=["shiny_skin", "self_harm"])
    first = explain_mesotherapy(assessment).splitlines()[0]
    assert "talk to someone today" in first


def test_a_parent_is_told_where_to_take_the_child():
    assessment = made("unclear", red=["systemic_symptoms", "under_18"], contra=["under_18"],
                      findings=["ongoing_fever"], minor=True)
    message = explain_mesotherapy(assessment, for_child=True)
    assert "take your child to a family doctor or physician" in message
    assert "dermatologist should also examine your child" in message


def test_a_flag_kept_from_before_refer_to_still_sends_to_a_doctor():
    data = made("unclear", red=["scarring_signs"], scalp_symptoms=["pain_burning"]).to_dict()
    for f in data["red_flags"]:
        f.pop("refer_to")
    message = explain_mesotherapy(Assessment.from_dict(data))
    assert "doctor should see you first" in message and "pain or burning" in message


@pytest.mark.parametrize("slots", [
    {"pattern": "patches", "scalp_symptoms": ["pustules", "pain_burning"], "medicines": ["blood_thinner"], "age": 50},
    {"pattern": "diffuse", "sex": "female", "age": 28, "pregnancy": "breastfeeding", "triggers": ["childbirth"]},
    {"pattern": "patches", "age": 9, "scalp_symptoms": ["scaling"]},
    {"pattern": "edges", "hairstyles": True, "medicines": ["chemotherapy"], "age": 35},
])
def test_no_message_holds_a_blank_line(slots):
    assessment = assess(slots)
    for for_child in (False, True):
        for message in everything(assessment, for_child):
            assert "\n\n" not in message and message.strip() == message
