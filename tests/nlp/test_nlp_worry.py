"""Worry about the hair loss is no stress trigger (bot/nlp/worry.py); stress that came before the loss still is."""
import pytest

from bot.nlp import understand


def stress_noted(text: str) -> bool:
    return "stress" in (understand(text).slots.get("triggers") or [])


@pytest.mark.parametrize("text", [
    "honestly I'm very stressed about my hair fall",
    "I get tension over this bald patch every morning",
    "my thinning is stressing me out",
    "losing hair this fast is so stressful",
    "this patch is giving me a lot of stress",
    "baalon ki wajah se bohat pareshan rehti hoon",
    "hair fall se bohat tension hai",
    "ganj ki wajah se pareshan hoon",
    "worried and stressed about losing my hair",
    "bohat pareshan hoon baalon ki wajah se",
    "tension rehti hai hair fall ki wajah se, shaadi hone wali hai",
])
def test_worry_about_the_hair_is_no_trigger(text):
    assert not stress_noted(text)


@pytest.mark.parametrize("text", [
    "stress ki wajah se mere baal gir rahe hain",
    "my hair started falling because of stress at my new job",
    "after a very stressful divorce the hair fell in handfuls",
    "I was stressed about my exams and then the shedding began",
    "stressed with work and my hair thinned",
    "office ki tension se baal jhar rahe hain",
    "the hair growth stopped due to stress",
    "pareshan rehti thi ammi ki bemari se, phir baal girne lage",
    "tension hai office ki, baal bhi gir rahe hain",
])
def test_stress_before_the_loss_is_still_a_trigger(text):
    assert stress_noted(text)


def test_the_hair_finding_of_a_worried_sentence_is_kept():
    u = understand("I am really stressed about my hair falling in clumps")
    assert "stress" not in (u.slots.get("triggers") or [])
    assert u.slots.get("shedding") == "clumps"
