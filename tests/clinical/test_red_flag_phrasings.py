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
    assert th["min_support"] == 1.5 and th["min_odds_ratio"] == 2.0
    assert "min_probability" not in th and "min_margin" not in th  # replaced by the one odds rule


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


# ------------------------------------------------------------------ third round: general fixes, in new words
SAID_3 = [
    # hirsutism with the face parts named first, and hairs that keep coming (English and Roman Urdu)
    ("hyperandrogenism", "thori aur gardan pe moTe baal ugte hain, aur sar ke beech se baal kam"),
    ("hyperandrogenism", "thick hairs have started coming on my upper lip and my part looks wider, I'm a woman of 31"),
    # absent or far-apart periods
    ("hyperandrogenism", "female here, no period for four months and not pregnant, the crown is thin"),
    ("hyperandrogenism", "mahwari 2-3 mahine baad aati hai aur maang chori ho rahi hai"),
    # body hair gone as well, in Roman Urdu
    ("rapid_or_total_loss", "jism ke baal bhi khatam ho gaye aur sar pe gol patches"),
    # a patch growing from week to week, or loss much worse within days
    ("rapid_or_total_loss", "the first bare spot kept getting bigger within a couple of weeks"),
    ("rapid_or_total_loss", "within days it got so much worse, patches all round the back"),
    # near total loss said with "almost no hair" after patches
    ("rapid_or_total_loss", "in six weeks I went from two patches to almost no hair at all"),
    # frontal recession said as "moved back" or in Roman Urdu, with the eyebrows gone
    ("frontal_fibrosing_signs", "I'm 64, my eyebrows are gone and my hairline has crept back a couple of centimetres"),
    ("frontal_fibrosing_signs", "bhanwein khatam ho gayi hain aur mathay ke baal peechay hat rahe hain"),
    # lupus-like: sore joints, a rash that came up across the cheeks
    ("systemic_symptoms", "my joints are sore every morning and the hair sheds a lot"),
    ("systemic_symptoms", "a red rash flared up across my cheeks last week and my hair keeps falling"),
    ("systemic_symptoms", "wazan khud ba khud ghat raha hai, baal bhi jhar rahe"),
    # an infected scalp said as leaking fluid
    ("scalp_infection", "the bald bit behind my ear is swollen and leaking fluid"),
    # chemotherapy said in a general remark: "no one warns you", "not every ... but mine did"
    ("chemotherapy", "nobody warns you how fast chemo hair loss is, mine is on the pillow every morning"),
    ("chemotherapy", "not every chemotherapy takes your hair, but mine did"),
]


@pytest.mark.parametrize("code,text", SAID_3)
def test_third_round_phrasings_raise_the_flag(code, text):
    assert code in raised(text)


NOT_RAISED_3 = [
    # shiny HAIR with words in between is no shiny skin
    ("scarring_signs", "before my son my hair was thick and shiny, four months after the birth it sheds in handfuls"),
    # a pregnancy that is over, with the month in between
    ("pregnancy", "while I was about eight months pregnant it started to shed, my baby is 3 months old now"),
    # eyebrows threaded or plucked on purpose
    ("eyebrow_lash_loss", "I've plucked my eyebrows thin since school, now my parting is getting wider"),
    ("eyebrow_lash_loss", "bhanwein banwati hun har mahine, masla sirf crown ka hai"),
    # one area completely bald is no total loss
    ("rapid_or_total_loss", "that area is completely bald but the rest of my hair is thick, I've had it a year"),
]


@pytest.mark.parametrize("code,text", NOT_RAISED_3)
def test_third_round_look_alikes_raise_nothing(code, text):
    assert code not in raised(text)


def test_an_estimate_of_how_much_is_no_doubt_that_hair_was_lost():
    """ "maybe 20 percent" guesses an amount: the hair loss is described (not "no hair loss described")."""
    a = result("three months after my operation I lost maybe 20 percent of my hair from all over")
    assert "no_hair_loss_described" not in a.facts["findings"]
    assert a.likely_type == "telogen_effluvium"


def test_doubt_without_a_number_still_makes_the_finding_uncertain():
    u = understand("maybe I'm losing hair, I'm not sure", today=TODAY)
    assert all(f.uncertain for f in u.findings if f.code == "hair_loss")


# ------------------------------------------------------------------ the one odds rule for "unclear"
def _decide(scores, effects):
    from bot.clinical.assessment import Evidence
    from bot.clinical.scorecard import decide

    evidence = [Evidence(code=c, patient="", staff="", effects=e) for c, e in effects.items()]
    return decide(scores, evidence, [])


def test_a_type_less_than_twice_as_likely_as_the_runner_up_is_unclear():
    # gap 0.5 < ln 2: about 1.6 times as likely
    likely, _, _, reason = _decide(
        {"androgenetic_alopecia": 2.0, "alopecia_areata": 1.5, "telogen_effluvium": -3, "traction_alopecia": -3},
        {"a": {"androgenetic_alopecia": 2.0}, "b": {"alopecia_areata": 1.5}},
    )
    assert likely == "unclear" and reason == "conflicting evidence"


def test_a_type_more_than_twice_as_likely_as_the_runner_up_is_given_whatever_the_others_score():
    # gap 0.8 > ln 2, with the other two types close behind the runner-up or far away: the same answer
    for rest in (1.1, -5.0):
        likely, _, _, _ = _decide(
            {"androgenetic_alopecia": 2.0, "alopecia_areata": 1.2, "telogen_effluvium": rest, "traction_alopecia": rest},
            {"a": {"androgenetic_alopecia": 2.0}},
        )
        assert likely == "androgenetic_alopecia"


# ------------------------------------------------------------------ the second dev set
def test_the_second_dev_set_is_labelled_and_apart_from_the_other_sets():
    from bot.clinical.evaluate import DEV2_CASES_PATH, DEV_CASES_PATH, REAL_CASES_PATH, load_cases

    dev2 = load_cases(DEV2_CASES_PATH, "dev2")
    assert len(dev2) >= 100 and len(dev2) == len(load_cases(DEV2_CASES_PATH))
    assert sum(c["origin"] == "whatsapp_style" for c in dev2) >= 30
    other = REAL_CASES_PATH.read_text(encoding="utf-8") + DEV_CASES_PATH.read_text(encoding="utf-8")
    for c in dev2:
        assert c["id"].startswith("dw") and c["reason"]
        if c["origin"] == "public_post":
            assert c["source"] not in other, c["id"]


def test_evaluate_reads_the_second_dev_set_by_its_split(capsys):
    from bot.clinical import evaluate

    evaluate.main(["--split", "dev2"])
    out = capsys.readouterr().out
    assert "(split: dev2)" in out and "held-out bar" in out


@pytest.mark.parametrize("text", [
    "I'm in year 9 and there is a smooth bald circle behind my ear",
    "I'm in the 10th grade and my part is getting see-through",
    "class 6 mein parhti hun, baal bohat toot rahe hain",
])
def test_a_school_year_instead_of_an_age_is_a_minor(text):
    assert "under_18" in raised(text)


def test_teaching_a_school_year_is_no_minor():
    assert "under_18" not in raised("I teach grade 8 and the crown of my head is thinning, I'm a man")


@pytest.mark.parametrize("code,text", [
    ("under_18", "I'm a sixteen-year-old boy and my temples are going back"),
    ("under_18", "I'm only a teen and there's a smooth spot above my ear"),
    ("breastfeeding", "exclusively pumping for my baby since March and the hair comes out in handfuls"),
    ("rapid_or_total_loss", "a single spot turned into four within a fortnight"),
    ("rapid_or_total_loss", "I have lost all the hair on my head since the summer, even the patches merged"),
])
def test_more_everyday_phrasings_raise_the_flag(code, text):
    assert code in raised(text)
