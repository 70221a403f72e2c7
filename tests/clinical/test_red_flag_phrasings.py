"""Issue 12, second round: the rules generalise beyond the words of the first round.

Each general fix has tests in new words (not copied from the issue, tests/clinical/real_cases.yml or
dev_cases.yml): red flags and contraindications said in everyday English, Pakistani English and Roman Urdu;
the same words said of someone else, in the past, negated or as a question raise nothing; the "unclear" rule;
the lexicon stays loadable.
"""
from collections import Counter
from datetime import date

import pytest
import yaml

from bot.clinical import assess
from bot.clinical.weights import weights
from bot.nlp import understand

TODAY = date(2026, 11, 25)


def result(text, slots=None):
    u = understand(text, today=TODAY)
    return assess({**u.slots, **(slots or {})}, u)


def raised(text, slots=None):
    a = result(text, slots)
    return {f.code for f in a.red_flags} | {f.code for f in a.contraindications}


# ------------------------------------------------------------------ red flags in everyday words
SAID = [
    # thoughts of self-harm, with the negation inside the thought
    ("self_harm", "some nights I honestly see no way out of this"),
    ("self_harm", "I can't see the point of living when I look like this"),
    ("self_harm", "everybody at home would be better without me"),
    ("self_harm", "my kids would be happier if I just vanished"),
    ("self_harm", "I just want it all to end, the patches are everywhere"),
    ("self_harm", "ab zinda rehne ka bilkul dil nahi karta"),
    ("self_harm", "kabhi sochti hun khud ko khatam kar lun"),
    ("self_harm", "main mar jana chahta hoon, sab hanstay hain"),
    # an illness of the whole body now
    ("systemic_symptoms", "I keep running temperatures in the evenings and my hair is coming out"),
    ("systemic_symptoms", "my trousers are loose and I've dropped a size without any diet"),
    ("systemic_symptoms", "every night I sweat through my sheets"),
    ("systemic_symptoms", "har roz shaam ko halka bukhar ho jata hai"),
    ("systemic_symptoms", "paseene mein bheeg ke uthti hun raat ko"),
    ("systemic_symptoms", "a red rash sits over my cheeks and nose after the sun"),
    ("systemic_symptoms", "my wrists and knuckles are swollen most mornings"),
    ("systemic_symptoms", "the glands under my jaw are swollen for weeks"),
    # signs of too many androgens in a woman
    ("hyperandrogenism", "I'm a woman, 29, and I pluck dark hairs off my upper lip every few days"),
    ("hyperandrogenism", "female, thinning on top, and I get whiskers on my chin"),
    ("hyperandrogenism", "my periods come every 50 days or so and my crown is thinning"),
    ("hyperandrogenism", "thodi pe daane bohat hain aur maang chori ho rahi hai"),
    # diabetes out of control
    ("uncontrolled_diabetes", "my glucose readings stay in the 300s"),
    ("uncontrolled_diabetes", "diabetes hai aur sugar bilkul control mein nahi rehti"),
    ("uncontrolled_diabetes", "I quit taking my metformin months ago"),
    ("uncontrolled_diabetes", "honestly my sugars are all over the place"),
    # an organ failing
    ("serious_organ_disease", "my kidneys are failing and I'm being worked up for dialysis"),
    ("serious_organ_disease", "jigar kharab hai doctor ne bataya"),
    # an infected scalp
    ("scalp_infection", "a wet weeping sore on the back of my head"),
    ("scalp_infection", "sar pe pus wale daane hain jo phoot jaate hain"),
    # chemotherapy in other words
    ("chemotherapy", "two more infusions to go and the hair is all over my pillow"),
    ("chemotherapy", "I buzzed it short before my first infusion"),
    ("chemotherapy", "getting radiation for a growth in my head and the hair there is gone"),
    # loss that is total or fast
    ("rapid_or_total_loss", "my whole scalp went completely bald within weeks"),
    ("rapid_or_total_loss", "the hair on my arms and legs has gone too, even my legs are smooth"),
    ("rapid_or_total_loss", "bald spots keep multiplying"),
    ("rapid_or_total_loss", "I lost nearly all of my hair in two weeks"),
    ("rapid_or_total_loss", "sab sar ke baal ek mahine mein gir gaye"),
    ("eyebrow_lash_loss", "there are no eyebrows left on my face"),
    ("eyebrow_lash_loss", "meri ek bhaun ka kona khali ho gaya"),
    # scarring: a scarring hair loss named
    ("scarring_signs", "a biopsy showed lichen planopilaris"),
    ("frontal_fibrosing_signs", "the dermatologist called it frontal fibrosing alopecia"),
    # tinea in a child, in Roman Urdu and by an age said alone
    ("possible_fungal_infection", "wo 7 saal ka hai, sar pe kalay nuqtay aur khushk si jagah"),
    ("possible_fungal_infection", "he is 6 and a dry flaky patch sits above his ear"),
]


@pytest.mark.parametrize("code,text", SAID)
def test_a_red_flag_said_in_everyday_words_is_raised(code, text):
    assert code in raised(text), text


# ------------------------------------------------------------------ contraindications in everyday words
CONTRA = [
    ("pregnancy", "I'm 22 weeks along with my second"),
    ("pregnancy", "now in my third trimester"),
    ("breastfeeding", "I'm nursing my 4 month old"),
    ("breastfeeding", "beti abhi doodh peeti hai"),
    ("trying_to_conceive", "we are going through IVF this year"),
    ("trying_to_conceive", "we want to try for a baby in spring"),
    ("trying_to_conceive", "hum bacha chahte hain jald"),
    ("bleeding_risk", "I bruise really easily and bleed for ages"),
    ("bleeding_risk", "I have a clotting disorder since childhood"),
    ("ingredient_allergy", "I reacted badly to the numbing injection at the dentist"),
    ("ingredient_allergy", "mujhe penicillin se allergy hai"),
    ("autoimmune_flare", "my colitis is active again"),
    ("immunosuppression", "I take mycophenolate and tacrolimus"),
    ("keloids", "my scars always turn thick and lumpy"),
    ("isotretinoin", "acne wale capsules 3 mahine se chal rahe hain"),
]


@pytest.mark.parametrize("code,text", CONTRA)
def test_a_contraindication_said_in_everyday_words_is_raised(code, text):
    assert code in raised(text), text


# ------------------------------------------------------------------ the same words raise nothing
NOT_RAISED = [
    ("under_18", "the patches first came when I was 13, I'm 31 now"),
    ("under_18", "I have two boys aged 9 and 11 and my own crown is thinning"),
    ("under_18", "it started when my son was two and I'm still shedding"),
    ("systemic_symptoms", "I had a high fever with flu last spring and I'm completely fine now"),
    ("systemic_symptoms", "no fever, no sweats, weight is steady"),
    ("possible_fungal_infection", "I had a ringworm patch on my arm years ago and now my temples are thinning"),
    ("cancer_treatment", "a small skin cancer was removed from my nose eight years ago"),
    ("hyperandrogenism", "I had spots on my face as a teenager, now I'm 40 and thinning at the part"),
    ("eyebrow_lash_loss", "palkein aur bhanwein theek hain, sirf sar se baal ja rahe"),
    ("uncontrolled_diabetes", "my wife's sugar is out of control, mine is fine"),
    ("bleeding_risk", "the pharmacist gave my father warfarin"),
    ("chemotherapy", "my oncologist friend thinks it is just stress"),
    ("ingredient_allergy", "my skin reacted badly to the sun on holiday"),
    ("rapid_or_total_loss", "I'm scared I'll lose it all eventually"),
    ("self_harm", "I cut myself shaving my head last week"),
]


@pytest.mark.parametrize("code,text", NOT_RAISED)
def test_the_same_words_of_someone_else_or_in_the_past_raise_nothing(code, text):
    assert code not in raised(text), text


def test_a_crisis_in_a_general_question_is_still_a_crisis():
    assert "self_harm" in raised("is it normal to want to die over hair loss?")


# ------------------------------------------------------------------ the likely type
@pytest.mark.parametrize("text,likely", [
    # one ordinary clue is enough to name a likely type
    ("my hair is falling out everywhere since I had my baby", "telogen_effluvium"),
    ("my scalp shows through at the crown and my dad went bald the same way, I'm 34 and male",
     "androgenetic_alopecia"),
    ("beard mein ek gol chikni jagah ban gayi hai achanak", "alopecia_areata"),
    # a relative's death is the patient's stress, not family history
    ("handfuls come out since my mother passed away in the summer", "telogen_effluvium"),
    # a medicine taken a short time is a new one (S8)
    ("six weeks on methotrexate and the shedding is heavy", "telogen_effluvium"),
])
def test_a_likely_type_from_one_clear_clue(text, likely):
    assert result(text).likely_type == likely


@pytest.mark.parametrize("text", [
    "my hair is falling",  # nothing but shedding: too little to say
    "will a transplant scar if I form keloids?",  # no hair loss described: a question
    "does wearing a tight bun push the hairline back?",  # a question about anyone
    "hoping the new acne tablets won't make my hair fall",  # a worry
])
def test_too_little_or_no_hair_loss_described_is_unclear(text):
    assert result(text).likely_type == "unclear"


@pytest.mark.parametrize("text", [
    "joints in my fingers swell, my cheeks flush with a rash, and the hair sheds",  # lupus-like
    "three weeks of evening fevers and the hair is coming out",  # an illness now
    "the dermatologist says it is a scarring alopecia",
])
def test_hair_loss_as_a_sign_of_another_condition_is_unclear(text):
    assert result(text).likely_type == "unclear"


def test_the_unclear_thresholds_are_the_explained_ones():
    th = weights()["thresholds"]
    assert th["min_support"] == 1.5 and th["min_probability"] == 0.45 and th["min_margin"] == 0.15


# ------------------------------------------------------------------ the lexicon stays loadable
def _duplicate_keys(path):
    dups = []

    class Loader(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        dups.extend(k for k, n in Counter(keys).items() if n > 1)
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    return dups


def test_lexicon_and_weights_have_no_key_given_twice():
    """A second `patterns:` under one finding silently replaces the first."""
    from bot.clinical.weights import WEIGHTS_PATH
    from bot.nlp.lexicon_file import LEXICON_PATH

    assert _duplicate_keys(LEXICON_PATH) == [] and _duplicate_keys(WEIGHTS_PATH) == []


def test_every_token_pattern_is_valid_and_its_words_are_strings():
    """YAML reads a bare on / off / no as a boolean: every word in a pattern must stay a string."""
    import spacy
    from spacy.matcher import Matcher

    from bot.nlp.lexicon_file import lexicon_data

    nlp = spacy.blank("en")
    for code, entry in lexicon_data()["findings"].items():
        for pattern in entry.get("patterns") or []:
            for token in pattern:
                for attr in token.values():
                    for values in attr.values() if isinstance(attr, dict) else []:
                        assert all(isinstance(v, str) for v in values), (code, token)
            Matcher(nlp.vocab).add(code, [pattern])  # raises on an invalid pattern


# ------------------------------------------------------------------ the dev set
def test_the_dev_set_is_labelled_and_apart_from_the_real_set():
    from bot.clinical.evaluate import DEV_CASES_PATH, REAL_CASES_PATH, load_cases

    dev = load_cases(DEV_CASES_PATH, "dev")
    assert len(dev) >= 130 and len(dev) == len(load_cases(DEV_CASES_PATH))
    assert sum(c["origin"] == "public_post" for c in dev) >= 100
    assert sum(c["origin"] == "whatsapp_style" for c in dev) >= 30
    real = REAL_CASES_PATH.read_text(encoding="utf-8")
    for c in dev:
        assert c["id"].startswith("dv") and c["reason"]
        url = c["source"].split("based on ")[-1]
        assert url not in real, c["id"]


def test_evaluate_reads_the_dev_set_by_its_split(capsys):
    from bot.clinical import evaluate

    evaluate.main(["--split", "dev"])
    out = capsys.readouterr().out
    assert "cases: 160 (split: dev)" in out and "held-out bar" in out
