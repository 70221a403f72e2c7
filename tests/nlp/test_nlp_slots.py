import pytest

from bot.intake.questions import allows


@pytest.mark.parametrize("text,expected", [
    ("bald spot the size of a coin behind my ear", {"pattern": "patches"}),
    ("my part is getting wider", {"pattern": "diffuse"}),
    ("hair coming out in clumps since I had dengue in August",
     {"shedding": "clumps", "triggers": ["illness_fever"], "duration_days": 102}),
    ("edges gone from braids", {"pattern": "edges", "hairstyles": True}),
    ("thinning on top like my dad", {"pattern": "hairline_crown", "family_history": True}),
    ("no itching, nobody in my family is bald", {"family_history": False}),
    ("I'm 27, suddenly got a round patch 3 weeks ago, my nails are pitted",
     {"age": 27, "onset": "sudden", "pattern": "patches", "duration_days": 21, "nail_changes": True}),
    ("26M, hairline receding slowly", {"age": 26, "sex": "male", "pattern": "hairline_crown", "onset": "gradual"}),
    ("I'm breastfeeding and on warfarin", {"pregnancy": "breastfeeding", "medicines": ["blood_thinner"]}),
    ("I'm not pregnant", {"pregnancy": "no"}),
])
def test_slots_from_free_text(u, text, expected):
    assert u(text).slots == expected


@pytest.mark.parametrize("text,slot", [
    ("no itching", "scalp_symptoms"),          # one item denied is not "none of these"
    ("no patches", "pattern"),                 # denying a pattern is not naming one
    ("not sudden", "onset"),
    ("no fever", "triggers"),
    ("a bald patch near my hairline", "pattern"),   # two patterns: the form asks
    ("sudden at first, then gradual", "onset"),
])
def test_partial_answers_fill_nothing(u, text, slot):
    assert slot not in u(text).slots


@pytest.mark.parametrize("text,slot", [
    ("scalp is fine, no itching or flakes", "scalp_symptoms"), ("I don't take any medicines", "medicines"),
    ("haven't tried any treatment", "treatments_tried"), ("no medical conditions", "conditions"),
])
def test_whole_slot_none(u, text, slot):
    assert u(text).slots[slot] == []


def test_clumps_win_over_more_shedding(u):
    assert u("more hair on the pillow, even clumps").slots["shedding"] == "clumps"


@pytest.mark.parametrize("text,slot,value", [
    ("yes", "family_history", True), ("nahi", "family_history", False), ("yes", "hairstyles", True),
    ("no", "scalp_symptoms", []), ("none", "medicines", []), ("no", "shedding", "neither"),
    ("no", "pregnancy", "no"), ("my dad and my uncle", "family_history", True), ("ji haan", "nail_changes", True),
])
def test_bare_answer_with_context_slot(u, text, slot, value):
    assert u(text, context_slot=slot).slots[slot] == value


@pytest.mark.parametrize("text", ["yes", "no", "none"])
def test_bare_answer_without_context_fills_nothing(u, text):
    assert u(text).slots == {}


def test_context_does_not_turn_a_partial_answer_into_none(u):
    assert "scalp_symptoms" not in u("no itching", context_slot="scalp_symptoms").slots


def test_all_emitted_slots_are_in_the_contract(u):
    texts = ["I'm 34, woman, thinning all over for 2 months after covid, on sertraline, tried minoxidil, "
             "itchy flaky scalp, thyroid, pregnant, braids, my mum is bald, nails pitted, clumps, suddenly"]
    r = u(texts[0])
    assert len(r.slots) >= 12
    for slot, value in r.slots.items():
        assert allows(slot, value), (slot, value)
