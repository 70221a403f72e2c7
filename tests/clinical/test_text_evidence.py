"""The text model's place in the reasoning (bot/clinical/text_evidence.py, text_model.py): consulted only where the
rules cannot pick a type, one named evidence item with its weight, never a red flag; absent, the result says so.

A fake resemblance stands in for the trained model, so these tests need none (make check trains none)."""

from bot.clinical import text_model
from bot.clinical.reasoning import assess
from bot.clinical.text_evidence import NOT_AVAILABLE, resemblance_evidence, settings
from bot.nlp import understand

SHEDDING = {
    "androgenetic_alopecia": 0.05,
    "alopecia_areata": 0.05,
    "telogen_effluvium": 0.8,
    "traction_alopecia": 0.05,
    "unclear": 0.05,
}


def shedding_like(_text):
    return SHEDDING


def no_model(_text):
    return None


def run(text, resemblance, slots=None):
    return assess(slots or {}, understand(text), text=text, resemblance=resemblance)


def test_undecided_rules_take_the_text_model_as_named_evidence():
    text = "my hair keeps coming out"  # the rules alone: too little for a type
    assert run(text, no_model).likely_type == "unclear"
    a = run(text, shedding_like)
    assert a.likely_type == "telogen_effluvium"
    item = next(e for e in a.evidence if e.code == "text_resembles_telogen_effluvium")
    assert item.effects == {"telogen_effluvium": round(settings()["weight"] * 0.8, 2)}
    assert "text model" in item.staff


def test_a_clear_rule_answer_is_not_changed():
    text = "a round smooth bald patch appeared in two weeks"
    a = run(text, shedding_like)
    assert a.likely_type == "alopecia_areata"
    assert not [e for e in a.evidence if e.code.startswith("text_")]


def test_a_red_flag_answer_stays_unclear_and_the_flag_stays():
    text = "my hair is falling out and I have night sweats and lost weight without trying"
    a = run(text, shedding_like)
    assert a.likely_type == "unclear" and "systemic_symptoms" in [f.code for f in a.red_flags]


def test_red_flags_never_come_from_the_text_model():
    text = "my hair keeps coming out"
    assert [f.code for f in run(text, shedding_like).red_flags] == [f.code for f in run(text, no_model).red_flags]


def test_model_absent_is_said_not_silent():
    a = run("my hair keeps coming out", no_model)
    assert a.likely_type == "unclear"
    assert NOT_AVAILABLE in [e.code for e in a.evidence]


def test_weak_or_unclear_guesses_add_nothing():
    conf = settings()
    assert resemblance_evidence({**SHEDDING, "telogen_effluvium": conf["min_probability"] - 0.01}) is None
    assert resemblance_evidence({**SHEDDING, "unclear": 0.9, "telogen_effluvium": 0.02}) is None


def test_no_trained_model_in_an_empty_folder(tmp_path):
    assert text_model.load(tmp_path) is None


def test_training_is_deterministic_and_skips_the_heldout_half():
    cases = text_model.load_set("hand_written")[:40]
    a = text_model.train(cases, epochs=2)
    b = text_model.train(cases, epochs=2)
    text = "hair falling out in clumps three months after a fever"
    assert text_model.probabilities(a, text) == text_model.probabilities(b, text)
    assert all(c.get("split") != "heldout" for name in text_model.TRAINING_SETS for c in text_model.load_set(name))
