import pytest
import yaml
from nlp_testing import codes

from bot.intake.questions import question_slots
from bot.nlp import lexicon


def test_every_lexicon_slot_value_is_in_the_contract():
    entries, _ = lexicon.load()   # raises LexiconError otherwise
    slots = {e.slot for e in entries.values() if e.slot}
    assert slots <= set(question_slots())


def test_lexicon_rejects_a_value_outside_the_contract(tmp_path):
    bad = tmp_path / "lexicon.yml"
    bad.write_text(yaml.safe_dump({"findings": {"x": {"slot": "pattern", "value": "spiral", "phrases": ["x"]}},
                                   "context": {}}))
    with pytest.raises(lexicon.LexiconError):
        lexicon.load.__wrapped__(str(bad))


@pytest.mark.parametrize("text,code", [
    ("recieding hairline", "pattern_hairline_crown"),     # misspelling listed
    ("dandruf", "scalp_scaling"),
    ("tried minoxidill", "tried_minoxidil"),        # (a treatment counts as tried only with a word of use)
    ("THYROID", "condition_thyroid"),                      # case-insensitive
    ("khushki", "scalp_scaling"),                          # Roman Urdu
    ("baal gir rahe hain", "shedding_more"),
    ("achanak", "onset_sudden"),
    ("gucchay", "shedding_clumps"),
    ("my ponytail feels thinner", "ponytail_thinner"),    # longest match beats "ponytail" (hairstyle)
    ("a tight ponytail", "tight_hairstyle"),
    ("lost weight without trying", "weight_loss"),         # longest match beats the diet trigger
    ("parting is getting much wider", "widening_part"),   # token pattern with words in between
    ("my nails have little dents", "nail_changes"),
    ("stopped the pill", "trigger_stopped_pill"),
])
def test_phrases(u, text, code):
    assert code in codes(u(text))


@pytest.mark.parametrize("text,absent", [
    ("my ponytail feels thinner", "tight_hairstyle"),
    ("lost weight without trying", "trigger_crash_diet"),
    ("stopped the pill", "medicine_hormonal_contraceptive"),
    ("I'll come tomorrow", "trigger_illness_fever"),       # "I'll" is not "ill"
    ("the spots with pus", "pattern_patches"),
])
def test_longest_match_wins(u, text, absent):
    assert absent not in codes(u(text))


def test_one_phrase_answers_two_slots(u):
    r = u("I take thyroxine")
    assert r.slots["medicines"] == ["thyroid_medicine"] and r.slots["conditions"] == ["thyroid"]


@pytest.mark.parametrize("text,slot,value", [
    ("walida ke baal bhi jhar gaye thay", "family_history", True),
    ("abbu ganje thay", "family_history", True),
    ("sar mein khujli aur pappri", "scalp_symptoms", ["itching", "scaling"]),
    ("choti ke paas phunsiyan", "scalp_symptoms", ["pustules"]),
    ("dheere dheere kam hote gaye", "onset", "gradual"),
    ("saray sar se patle ho gaye", "pattern", "diffuse"),
    ("she scratches her head all day", "scalp_symptoms", ["itching"]),
    ("I had a gastric bypass in January", "triggers", ["crash_diet", "surgery"]),
    ("I'm on Yasmin", "medicines", ["hormonal_contraceptive"]),
    ("nursing my little one, I give her my milk", "pregnancy", "breastfeeding"),
    ("we are trying to conceive since last year", "pregnancy", "trying"),
    ("her hemoglobin was very low", "conditions", ["anaemia"]),
    ("I usually tie it loosely in a bun", "hairstyles", False),
])
def test_everyday_words_in_english_and_roman_urdu(u, text, slot, value):
    assert u(text).slots[slot] == value


@pytest.mark.parametrize("text,slot", [
    ("meri choti patli ho gayi", "hairstyles"),        # a thinner plait is no tight hairstyle
    ("I wear HRT patches", "pattern"),                 # a skin patch is no bald patch
    ("I was pregnant with my first in 2019", "pregnancy"),
    ("she quit the pill and feels fine", "medicines"),  # stopped: no longer a medicine taken
])
def test_words_that_look_like_an_answer_and_are_not(u, text, slot):
    assert slot not in u(text).slots


def test_a_product_named_for_a_problem_is_not_the_problem(u):
    slots = u("I use an anti-dandruff shampoo and an anti hair fall oil").slots
    assert "scalp_symptoms" not in slots and "shedding" not in slots
