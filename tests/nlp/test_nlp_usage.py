"""A treatment named is a treatment tried only with a word of use; a medicine started is a new-medicine
trigger; scalp words said of another part of the body are not scalp symptoms (bot/nlp/usage.py,
bot/nlp/body_parts.py)."""
import pytest


@pytest.mark.parametrize("text", [
    "I want mesotherapy for my thinning", "is finasteride safe for women?", "interested in a hair transplant",
    "PRP lagwana chahti hoon", "should I use minoxidil",
])
def test_a_treatment_wished_for_or_asked_about_is_not_tried(u, text):
    assert "treatments_tried" not in u(text).slots


@pytest.mark.parametrize("text,code", [
    ("I used rogaine for a year", "minoxidil"), ("had two PRP sessions in Lahore", "prp"),
    ("been on finasteride since 2022", "finasteride"), ("meso karwaya tha pichle saal", "mesotherapy"),
])
def test_a_treatment_used_is_tried(u, text, code):
    assert u(text).slots["treatments_tried"] == [code]


def test_the_treatment_question_itself_supplies_the_use(u):
    assert u("PRP", context_slot="treatments_tried").slots["treatments_tried"] == ["prp"]


@pytest.mark.parametrize("text", [
    "since I started sertraline my hair sheds", "they switched me to propranolol in May", "nayi dawai warfarin",
])
def test_a_medicine_started_is_a_new_medicine_trigger(u, text):
    slots = u(text).slots
    assert "new_medicine" in slots["triggers"] and slots["medicines"]


def test_a_medicine_taken_for_years_is_no_trigger(u):
    assert "triggers" not in u("I take atenolol for blood pressure").slots


@pytest.mark.parametrize("text", [
    "my knees are painful", "itchy rash on my arms", "painkillers for my stomach, it burns",
])
def test_symptoms_elsewhere_on_the_body_are_not_scalp_symptoms(u, text):
    assert "scalp_symptoms" not in u(text).slots


def test_the_scalp_named_with_another_part_keeps_its_symptoms(u):
    assert u("my scalp itches and so do my arms").slots["scalp_symptoms"] == ["itching"]
