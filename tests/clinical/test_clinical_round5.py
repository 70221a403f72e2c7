"""Issue 12, fifth round: the red-flag gaps dev4_cases.yml showed, each in words that set does not use.

Every test states what is said and the flag it must (or must not) raise; the texts are new, so a rule that only
learnt the dev4 wording fails here."""

import pytest

from bot.clinical.text_classification import classify_text


def flags(text: str, **slots) -> set[str]:
    out = classify_text(text, slots)
    return set(out["red_flags"]) | set(out["contraindications"])


@pytest.mark.parametrize(
    "text, code",
    [
        # hopelessness about the future, in other words than "no reason to live"
        ("Honestly I cannot see any future for me, whats the point of living with a head like this", "self_harm"),
        # a fever that comes back every night, in Roman Urdu
        ("Har raat bukhar chadh jata hai aur baal bhi jhar rahe hain", "systemic_symptoms"),
        # two joints that ache: lupus-like, not one injured knee
        ("My hands and wrists ache every morning and my hair is thinning all over", "systemic_symptoms"),
        ("Sores keep coming on my tongue and my hair is falling out", "systemic_symptoms"),
        # a repaired heart defect: the cardiologist clears treatment
        ("I was born with a hole in the heart and had it closed as a baby; my crown is thinning", "serious_organ_disease"),
        # an infection named without pus: a boil, an area hot to the touch
        ("A painful boil came up on my scalp and the hair around it fell out", "scalp_infection"),
        ("One part of my scalp is swollen and hot to the touch and the hair there is thin", "scalp_infection"),
        ("A painful boil came up on my scalp and the hair around it fell out", "active_scalp_infection"),
        # a Pakistani aspirin brand taken daily
        ("Ascard 75 roz leti hun dil ke doctor ke kehne pe, baal upar se patle hain", "bleeding_risk"),
        # named scarring alopecias by their abbreviations
        ("My dermatologist took a biopsy and says it is LPP, mostly at the crown", "scarring_signs"),
        ("The dermatologist says I have FFA and wants to start treatment soon", "frontal_fibrosing_signs"),
        # a pale band where the front hairline was: frontal fibrosing alopecia scars
        ("There is a pale band of skin where my hairline used to be and it keeps widening", "scarring_signs"),
        # black dots in Roman Urdu on a child's patch
        ("Mere bete ke sar pe ek khushk patch hai jis pe kale daane se hain", "possible_fungal_infection"),
    ],
)
def test_flag_raised(text, code):
    assert code in flags(text)


@pytest.mark.parametrize(
    "text, code",
    [
        # one joint hurt in sport is no lupus-like sign
        ("I hurt my ankle running and it still aches; my temples are receding like my dad's", "systemic_symptoms"),
        # night sweats beside hot flushes are the menopause's
        ("Perimenopause is giving me hot flashes and night sweats, and my parting is wider", "systemic_symptoms"),
        # "kale daane" are black dots, not pus bumps
        ("Mere bete ke sar pe ek khushk patch hai jis pe kale daane se hain", "scalp_infection"),
    ],
)
def test_flag_not_raised(text, code):
    assert code not in flags(text)


def test_night_sweats_with_weight_loss_still_raise_with_hot_flushes():
    # hot flushes explain night sweats, not weight lost without trying
    text = "I get hot flushes, night sweats and I have lost weight without trying; my hair is shedding"
    assert "systemic_symptoms" in flags(text, sex="female", age=52)
