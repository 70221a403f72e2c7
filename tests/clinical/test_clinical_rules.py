"""Red flags, contraindications and the "unclear" rule, from slots and from free text."""
import pytest
from datetime import date

from bot.clinical import assess
from bot.nlp import understand

TODAY = date(2026, 11, 25)


def flags(text="", slots=None, kind="red_flags"):
    u = understand(text, today=TODAY) if text else None
    a = assess({**(u.slots if u else {}), **(slots or {})}, u)
    return [f.code for f in getattr(a, kind)]


@pytest.mark.parametrize("text,slots,flag", [
    ("my scalp burns and there is a bald area", None, "scarring_signs"),
    ("pus bumps on my scalp", None, "scarring_signs"),
    ("the bald skin is shiny", None, "scarring_signs"),
    ("", {"scalp_symptoms": ["pain_burning"]}, "scarring_signs"),
    ("scaly patch with black dots", None, "possible_fungal_infection"),
    ("flaky scalp", {"age": 8}, "possible_fungal_infection"),
    ("all my hair fell out in a month", None, "rapid_or_total_loss"),
    ("patches spreading fast", None, "rapid_or_total_loss"),
    ("my eyebrows are falling out", None, "eyebrow_lash_loss"),
    ("losing hair and always tired with night sweats", None, "systemic_symptoms"),
    ("I have lost weight without trying", None, "systemic_symptoms"),
    ("", {"age": 16}, "under_18"),
    ("my son has a bald patch", None, "under_18"),
    ("hair falling since chemo", None, "chemotherapy"),
])
def test_red_flag_raised(text, slots, flag):
    assert flag in flags(text, slots)


@pytest.mark.parametrize("text,slots,flag", [
    ("no pain, no burning", None, "scarring_signs"),
    ("my dandruff is bad", {"age": 30}, "possible_fungal_infection"),   # adult dandruff alone
    ("not itchy or flaky", {"age": 7}, "possible_fungal_infection"),
    ("lost 10 kg on a diet", None, "systemic_symptoms"),               # planned weight loss is a trigger
    ("my eyebrows are fine", None, "eyebrow_lash_loss"),
    ("", {"age": 18}, "under_18"),
    ("", {"age": "skipped"}, "under_18"),
    ("my baby is 4 months old and my hair is falling", None, "under_18"),
    ("my mother had chemo years ago", None, "chemotherapy"),
    ("slowly spreading thin area", None, "rapid_or_total_loss"),
])
def test_red_flag_not_raised(text, slots, flag):
    assert flag not in flags(text, slots)


@pytest.mark.parametrize("text,slots,code", [
    ("I'm pregnant", None, "pregnancy"), ("", {"pregnancy": "breastfeeding"}, "breastfeeding"),
    ("we are trying to conceive", None, "trying_to_conceive"), ("pus bumps on scalp", None, "active_scalp_infection"),
    ("I take warfarin", None, "bleeding_risk"), ("", {"conditions": ["bleeding_disorder"]}, "bleeding_risk"),
    ("I'm allergic to lidocaine", None, "ingredient_allergy"), ("my lupus is in a flare", None, "autoimmune_flare"),
    ("I had cancer", None, "cancer_treatment"), ("I get keloids", None, "keloids"), ("", {"age": 15}, "under_18"),
    ("on methotrexate", None, "immunosuppression"),
])
def test_contraindication_raised(text, slots, code):
    assert code in flags(text, slots, "contraindications")


@pytest.mark.parametrize("text,slots,code", [
    ("I'm not pregnant", None, "pregnancy"), ("", {"pregnancy": "no"}, "pregnancy"),
    ("no blood thinners", None, "bleeding_risk"), ("no allergies to anything", None, "ingredient_allergy"),
    ("my father takes warfarin", None, "bleeding_risk"), ("", {"pregnancy": "skipped"}, "pregnancy"),
])
def test_contraindication_not_raised(text, slots, code):
    assert code not in flags(text, slots, "contraindications")


def test_red_flag_differs_from_contraindication():
    a = assess({"medicines": ["blood_thinner"], "pattern": "hairline_crown"})
    assert a.contraindications and not a.red_flags


@pytest.mark.parametrize("slots", [
    {}, {"shedding": "more_shedding"}, {"pattern": "skipped", "onset": "skipped"},
])
def test_unclear_on_weak_evidence(slots):
    a = assess(slots)
    assert a.likely_type == "unclear" and a.unclear_reason == "too little information"


def test_unclear_on_conflicting_evidence():
    u = understand("a round bald patch, and my whole head is thinning since covid", today=TODAY)
    a = assess(u.slots, u)
    assert a.likely_type == "unclear" and a.unclear_reason == "conflicting evidence"
    # the same patch without the diffuse shedding story is clear
    u = understand("a round bald patch that came suddenly", today=TODAY)
    assert assess(u.slots, u).likely_type == "alopecia_areata"


def test_outside_the_four_types_is_unclear_even_with_a_pattern():
    a = assess({"pattern": "patches", "onset": "sudden", "scalp_symptoms": ["pustules", "pain_burning"]})
    assert a.likely_type == "unclear" and "scarring_signs" in [f.code for f in a.red_flags]


@pytest.mark.parametrize("slots,expected", [
    ({"pattern": "patches", "onset": "sudden", "nail_changes": True}, "alopecia_areata"),
    ({"pattern": "hairline_crown", "onset": "gradual", "family_history": True}, "androgenetic_alopecia"),
    ({"pattern": "diffuse", "shedding": "clumps", "triggers": ["childbirth"]}, "telogen_effluvium"),
    ({"pattern": "edges", "hairstyles": True}, "traction_alopecia"),
])
def test_clear_slot_answers(slots, expected):
    a = assess(slots)
    assert a.likely_type == expected
    assert abs(sum(a.probabilities.values()) - 1) < 1e-3 and a.confidence == max(a.probabilities.values())
    assert a.evidence[0].effects[expected] > 0 and a.evidence[0].patient and a.evidence[0].staff


def test_form_answers_win_over_text_for_single_slots():
    u = understand("sudden bald patch")
    a = assess({"onset": "gradual"}, u)
    assert a.facts["values"]["onset"] == ["gradual"]


def test_assess_accepts_findings_list_and_junk_slots():
    u = understand("bald patch behind my ear, came suddenly")
    a = assess({"age": "skipped", "unknown_slot": 3, "triggers": "skipped"}, u.findings)
    assert a.likely_type == "alopecia_areata"
    assert assess(None).likely_type == "unclear"
    assert a.to_dict()["likely_type"] == "alopecia_areata"


def test_an_answer_in_own_words_triggers_no_rule():
    from bot.clinical.facts import build

    facts = build({"triggers": ["other"], "pattern": "other", "medicines": ["blood_thinner", "other"]})
    assert not facts.holds("triggers=*") and "pattern" not in facts.values
    assert facts.values["medicines"] == {"blood_thinner"}
