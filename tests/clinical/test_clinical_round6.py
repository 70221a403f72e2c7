"""Issue 12, sixth round: the classes of miss that dev5_cases.yml (and the known dev misses) showed, each in words
that no case file uses, and the red-flag safety net.

Each test says what is said and the flag it must (or must not) raise. The texts are new, so a rule that only learnt
the dev5 wording fails here. The safety-net tests pass their own probability, so they hold with or without a trained
model."""

import pytest

from bot.clinical.red_flag_model import load, safety_net_flag, settings
from bot.clinical.text_classification import classify_text
from bot.nlp import understand
from tests.support.clinical_flags import RULES_ONLY, rules_flags


def flags(text: str, **slots) -> set[str]:
    return rules_flags(text, slots)


@pytest.mark.parametrize(
    "text, code",
    [
        # hopelessness with a word between the reason and the "nahi"; not waking up, wished for
        ("Ab jeene ka koi maqsad nazar nahi aata, baal bhi upar se kam ho rahe hain", "self_harm"),
        ("Sometimes I think it would be simpler if I never woke up again. My crown is thinning.", "self_harm"),
        # hair removed from a woman's face, the hair itself not named, with thinning
        ("I thread my upper lip every fortnight and my parting keeps getting wider", "hyperandrogenism"),
        ("Thodi ki waxing har hafte karni parti hai aur sar ke beech se baal kam ho gaye", "hyperandrogenism"),
        # months without a period, counted in Roman Urdu
        ("Periods 4 mahine se nahi aaye, pregnant nahi hun, aur maang chori ho rahi hai", "hyperandrogenism"),
        # weight lost without trying, the "without" first in Roman Urdu
        ("Baghair diet ke 5 kilo wazan kam hua hai aur baal jhar rahe hain", "systemic_symptoms"),
        # a child's scaly patch in another spelling
        ("Beti 5 saal ki hai, sar pe chhilke wali jagah hai aur wahan baal toot gaye", "possible_fungal_infection"),
        # an infected lump without the word pus
        ("There is a hot swollen bump on my crown and the hair on it came out", "scalp_infection"),
        ("A sore on the side of my head keeps leaking yellowish liquid and the hair there is gone", "scalp_infection"),
        # all the scalp hair gone, and the loss reaching the whole body
        ("There is not a single hair on my head any more", "rapid_or_total_loss"),
        ("My lashes are falling, my scalp is patchy, even my whole body is losing hair", "rapid_or_total_loss"),
    ],
)
def test_flag_raised(text, code):
    assert code in flags(text)


@pytest.mark.parametrize(
    "text, code, slots",
    [
        # someone else's: a possessive after a relative or another adult
        ("My uncle is on dialysis since his kidneys failed. My hairline is receding.", "serious_organ_disease", {}),
        ("My colleague had chemo for her cancer last year; I'm shedding after a stressful move", "chemotherapy", {}),
        # someone else's wish to die, reported by the writer
        ("Someone on the forum wrote that she wants to die. My own crown is thinning slowly.", "self_harm", {}),
        # a medicine taken years ago, by the year
        ("I took isotretinoin back in 2017. Now my temples are receding like my father's.", "isotretinoin", {}),
        # a medicine said to be over
        (
            "I was on Xarelto for three months after a clot but that finished in June; now my hair sheds all over.",
            "bleeding_risk",
            {},
        ),
        ("Warfarin doctor ne band kar di thi pichle saal, ab baal kanghi mein zyada aate hain", "bleeding_risk", {}),
        # eyebrows plucked thin on purpose are no eyebrow loss, and no frontal fibrosing signs with a receding front
        ("I overplucked my brows in college. My temples are receding now.", "eyebrow_lash_loss", {"sex": "male"}),
        ("I overplucked my brows in college. My temples are receding now.", "frontal_fibrosing_signs", {"sex": "male"}),
        # the writer's own youth is no child patient
        ("I had a few patches on my head as a teenager that grew back; now my crown thins slowly", "under_18", {}),
        # a symptom word on another part of the body is no scalp symptom
        (
            "Painful acne that nothing clears, and in bright light my scalp shows through on top",
            "scarring_signs",
            {"sex": "female"},
        ),
    ],
)
def test_flag_not_raised(text, code, slots):
    assert code not in flags(text, **slots)


@pytest.mark.parametrize(
    "text, code",
    [
        # the possessive of a child or of the adult written for stays the patient's
        ("My daughter is 8 and her scalp has a scaly patch with broken hairs", "possible_fungal_infection"),
        ("Asking for my wife, she is 45: her scalp has pus bumps and it hurts", "scalp_infection"),
        # a child's own words about dying stay a red flag
        ("My son is 15 and he says he wants to die because of his bald patches", "self_harm"),
        # a medicine still taken, a year back "since"
        ("I have been on isotretinoin since 2023 and my hair sheds a lot", "isotretinoin"),
        # "stopped" about the hair, not the medicine
        ("My hair has not stopped falling since I started clopidogrel after my stent", "bleeding_risk"),
        # one round of a course that goes on; cancer treatment is never ended by words
        ("I just finished my fourth cycle of chemo and the hair is coming out in clumps", "chemotherapy"),
        # the scalp's own pain still counts
        ("My scalp is painful and burning where the hair is thinning", "scarring_signs"),
    ],
)
def test_guards_keep_the_flag(text, code):
    assert code in flags(text)


def test_a_possessive_after_a_relative_makes_the_finding_theirs():
    u = understand("My brother had a heart attack and his cardiologist put him on aspirin.")
    assert not any(f.asserted for f in u.findings if f.code == "serious_organ_disease")


def test_a_long_ago_year_is_past_but_a_recent_one_is_not():
    from datetime import date

    from bot.nlp.long_ago import _long_ago_year

    assert _long_ago_year(["in", "2015"], 1, date(2026, 1, 1).year)
    assert not _long_ago_year(["in", "2025"], 1, date(2026, 1, 1).year)
    assert not _long_ago_year(["room", "2015"], 1, 2026)


# ------------------------------------------------------------------ the red-flag safety net
CALM = "My parting has widened slowly over three years, like my mother's."


def test_the_net_adds_one_doctor_first_flag_in_plain_words():
    net = safety_net_flag(CALM, [], lambda _t: 0.99)
    assert net is not None
    assert net.code == settings()["code"]
    assert net.refer_to == "dermatologist"
    assert "a doctor should look at first" in net.patient
    assert "0.99" in net.staff


def test_the_net_stays_silent_below_its_threshold_or_without_a_model():
    assert safety_net_flag(CALM, [], lambda _t: settings()["threshold"] - 0.01) is None
    assert safety_net_flag(CALM, [], lambda _t: None) is None
    assert safety_net_flag("", [], lambda _t: 0.99) is None


def test_the_net_never_touches_flags_the_rules_raised():
    text = "I started chemotherapy last month and my hair comes out in clumps"
    ruled = classify_text(text, None, **RULES_ONLY)
    netted = classify_text(text, None, flag_probability=lambda _t: 0.99)
    assert "chemotherapy" in ruled["red_flags"]
    assert netted["red_flags"] == ruled["red_flags"]  # no flag removed, none added beside the rules'


def test_the_net_changes_no_type():
    ruled = classify_text(CALM, {"sex": "female"}, **RULES_ONLY)
    netted = classify_text(CALM, {"sex": "female"}, flag_probability=lambda _t: 0.99)
    assert netted["red_flags"] == [settings()["code"]]
    assert netted["likely_type"] == ruled["likely_type"]
    assert netted["probabilities"] == ruled["probabilities"]


def test_a_missing_model_directory_reads_as_no_model(tmp_path):
    assert load(tmp_path / "nothing here") is None
