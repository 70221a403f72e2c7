import pytest
from nlp_testing import finding


@pytest.mark.parametrize("text,code", [
    ("no itching", "scalp_itching"),
    ("I never had patches", "pattern_patches"),
    ("there is no dandruff", "scalp_scaling"),
    ("it doesn't itch", "scalp_itching"),
    ("without any pain", "scalp_pain_burning"),
    ("kharish nahi hai", "scalp_itching"),
    ("itching: no", "scalp_itching"),
    ("no itching, flakes or pain", "scalp_pain_burning"),   # a list stays inside the negation
    ("not in patches", "pattern_patches"),
])
def test_negated(u, text, code):
    assert finding(u(text), code).negated


@pytest.mark.parametrize("text,code", [
    ("no itching but my scalp burns", "scalp_pain_burning"),      # "but" ends the negation
    ("no itching, my scalp burns", "scalp_pain_burning"),         # a new clause ends it
    ("I can't stop shedding", "shedding_more"),                   # pseudo-negation
    ("my hair is no longer thick and it is shedding", "shedding_more"),
    ("itching no dandruff", "scalp_itching"),                     # that "no" belongs to dandruff
    ("no idea why but there is a bald patch", "pattern_patches"),
    ("I have lost weight without trying", "weight_loss"),         # "without" inside the phrase itself
    ("Not shedding much, just slowly getting thinner", "onset_gradual"),
])
def test_not_negated(u, text, code):
    assert not finding(u(text), code).negated


def test_negation_has_limited_reach(u):
    text = "no itching at all in the last few weeks while my hair has been falling out everywhere"
    assert not finding(u(text), "pattern_diffuse").negated


def test_uncertain_findings_fill_no_slot(u):
    r = u("thinking of trying minoxidil")
    assert finding(r, "tried_minoxidil").uncertain
    assert "treatments_tried" not in r.slots
    r = u("not sure if it runs in the family")
    assert "family_history" not in r.slots


@pytest.mark.parametrize("text,slot,value", [
    ("koi dawai nahi leti", "medicines", []),
    ("kharish nahi hoti", "scalp_symptoms", None),
    ("bimari koi nahi", "conditions", []),
])
def test_roman_urdu_negation_after_the_word(u, text, slot, value):
    slots = u(text).slots
    assert slots.get(slot) == value
    assert "itching" not in (slots.get("scalp_symptoms") or [])


def test_roman_urdu_negation_reaches_only_its_word(u):
    assert u("kharish nahi, lekin dandruff hai").slots["scalp_symptoms"] == ["scaling"]
