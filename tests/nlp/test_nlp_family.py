import pytest
from nlp_testing import finding


def test_relative_bald_is_family_history_not_patient_pattern(u):
    r = u("my father has a receding hairline")
    assert finding(r, "pattern_hairline_crown").subject == "family"
    assert "pattern" not in r.slots
    assert r.slots["family_history"] is True


@pytest.mark.parametrize("text", ["nobody in my family is bald", "no family history",
                                  "no one in my family has hair loss", "my dad has a full head of hair"])
def test_negative_family_history(u, text):
    assert u(text).slots.get("family_history") is False


@pytest.mark.parametrize("text", ["bhai bhi ganja hai", "Dad is also bald", "it runs in the family",
                                  "my mother and nani have thin hair", "hair loss on my father's side",
                                  "family history yes"])
def test_positive_family_history(u, text):
    assert u(text).slots.get("family_history") is True


def test_comparison_keeps_patient_pattern_and_adds_family(u):
    r = u("thinning on top like my dad")
    assert r.slots["pattern"] == "hairline_crown" and r.slots["family_history"] is True


@pytest.mark.parametrize("text", [
    "my mom has thyroid problems",                        # a relative's illness is not hair-loss history
    "hair started falling after my father died",          # the father is not bald
    "Lost my father in spring. Since then my hair falls out",
    "my husband is bald",                                 # not a blood relative
    "My barber found a bald patch",                       # reporting verb: the patch is the patient's
])
def test_not_family_history(u, text):
    assert "family_history" not in u(text).slots


def test_relatives_condition_is_not_patients(u):
    r = u("my mom has thyroid problems")
    assert "conditions" not in r.slots


def test_barber_found_patch_is_patients(u):
    assert u("My barber found a bald patch").slots["pattern"] == "patches"


def test_parent_about_child(u):
    r = u("my 7 year old daughter has a round bald patch. Her dad is bald too")
    assert r.slots["pattern"] == "patches" and r.slots["age"] == 7 and r.slots["sex"] == "female"
    assert r.slots["family_history"] is True
    assert any(f.code == "child_patient" for f in r.findings)
