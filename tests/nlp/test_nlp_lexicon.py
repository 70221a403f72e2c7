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
    ("minoxidill", "tried_minoxidil"),
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
