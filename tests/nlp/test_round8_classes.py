"""Issue 12, round 8: classes found by the blind phone-typed probes, tested in new words."""
from __future__ import annotations

import pytest

from bot.nlp.pipeline import understand


def _asserted(text: str) -> set[str]:
    return {f.code for f in understand(text).findings if f.asserted}


def test_roman_urdu_nahi_denies_nothing_past_a_comma():
    found = _asserted("main bachi ko formula deti hun, apna doodh nahi, bachi ki paidaish ke baad baal jhar rahe")
    assert "trigger_childbirth" in found  # the birth after the comma is not denied


def test_a_past_word_with_its_own_finding_reaches_no_earlier_part():
    found = _asserted("nursing my 5 month old, I was on Accutane years ago for my skin")
    assert "pregnancy_breastfeeding" in found
    assert "medicine_isotretinoin" not in found


def test_a_relatives_hair_named_first_makes_the_message_theirs():
    found = _asserted("My aunt's eyebrows have gone thin this winter, she is 52")
    assert "eyebrow_loss" in found


def test_a_relatives_hair_compared_with_the_writers_is_family_history():
    found = {f.code: f for f in understand("khala ke baal bhi isi tarah jhar gaye thay").findings}
    assert not any(f.asserted for f in found.values() if f.code == "hair_falling")


@pytest.mark.parametrize("text, code", [
    ("baaaal bohat gir rahe hain", "hair_falling"),  # a key held down
    ("i feed my baby formula, bottle feeding only", None),
])
def test_letters_held_down_and_bottle_feeding(text, code):
    found = _asserted(text)
    if code:
        assert code in found
    else:
        assert "pregnancy_breastfeeding" not in found


def test_weight_lost_on_purpose_is_no_unexplained_weight_loss():
    assert "weight_loss" not in _asserted("gym aur diet kar ke maine 8 kilo wazan khud kam kiya, ab baal patle")


def test_cancer_free_is_no_cancer_now():
    assert "cancer" not in _asserted("had breast cancer, now cancer free for 4 years, hair thinning at the part")


def test_diabetes_not_in_control_is_uncontrolled():
    assert "uncontrolled_diabetes" in _asserted("my sugar is not in control these days and my hair falls")


@pytest.mark.parametrize("text, raised", [
    ("maybe I'm allergic to the numbing cream, my lips swelled at the dentist", True),  # suspected: checked
    ("I'm not allergic to anything as far as I know", False),
    ("my sister is allergic to lidocaine, I am not", False),
])
def test_a_suspected_allergy_is_checked_before_injections(text, raised):
    from tests.support.clinical_flags import rules_flags

    assert ("ingredient_allergy" in rules_flags(text, {})) is raised


def test_the_days_of_a_short_steroid_course_are_no_duration_of_hair_loss():
    slots = understand("had a 5 day course of prednisolone in october, now my hair is thin on top").stated_slots()
    assert "duration_days" not in slots and "medicines" not in slots
