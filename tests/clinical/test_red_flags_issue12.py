"""Issue 12: the red flags and contraindications the clinic was missing, and who each red flag sends the
patient to (refer_to).  Sentences are new, not taken from the issue or tests/clinical/real_cases.yml."""
from datetime import date

import pytest
import yaml

from bot.clinical import Assessment, assess
from bot.clinical.weights import REFERRALS, WEIGHTS_PATH, weights
from bot.nlp import understand

TODAY = date(2026, 11, 25)


def result(text="", slots=None):
    u = understand(text, today=TODAY) if text else None
    return assess({**(u.slots if u else {}), **(slots or {})}, u)


def red_flags(text="", slots=None):
    return [f.code for f in result(text, slots).red_flags]


def contraindications(text="", slots=None):
    return [f.code for f in result(text, slots).contraindications]


# ------------------------------------------------------------------ who sees the patient

def test_every_red_flag_says_who_should_see_the_patient():
    for rule in weights()["red_flags"]:
        assert rule.get("refer_to") in REFERRALS, rule["code"]


@pytest.mark.parametrize("code,refer_to", [
    ("self_harm", "crisis_line"), ("hyperandrogenism", "endocrinologist"),
    ("frontal_fibrosing_signs", "dermatologist"), ("systemic_symptoms", "physician"),
    ("serious_organ_disease", "physician"), ("uncontrolled_diabetes", "physician"),
    ("scalp_infection", "dermatologist"),
])
def test_referral_of_the_new_flags(code, refer_to):
    assert {r["code"]: r["refer_to"] for r in weights()["red_flags"]}[code] == refer_to


def test_a_raised_flag_carries_its_referral_through_to_dict_and_back():
    a = result("I'm on dialysis three times a week and my hair is shedding")
    flag = next(f for f in a.red_flags if f.code == "serious_organ_disease")
    assert flag.refer_to == "physician"
    stored = a.to_dict()
    assert stored["red_flags"][0]["refer_to"]
    assert Assessment.from_dict(stored).red_flags == a.red_flags


def test_an_assessment_stored_before_refer_to_still_loads():
    old = result("my son has a round bald spot").to_dict()
    for flag in old["red_flags"] + old["contraindications"]:
        del flag["refer_to"]
    loaded = Assessment.from_dict(old)
    assert [f.code for f in loaded.red_flags] == ["under_18"] and loaded.red_flags[0].refer_to == ""


def test_referrals_put_the_crisis_line_first_once_each():
    a = result("I'm 16, my eyebrows are going and honestly I have nothing to live for")
    assert a.referrals()[0] == "crisis_line"
    assert len(a.referrals()) == len(set(a.referrals()))


def test_a_red_flag_without_a_referral_is_refused(tmp_path):
    data = yaml.safe_load(WEIGHTS_PATH.read_text(encoding="utf-8"))
    data["red_flags"][0].pop("refer_to")
    bad = tmp_path / "weights.yml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match="refer_to"):
        weights.__wrapped__(str(bad))


# ------------------------------------------------------------------ red flags raised

@pytest.mark.parametrize("text,slots,flag", [
    # self-harm, hopelessness (English and Roman Urdu)
    ("Some nights I think I should just end my life", None, "self_harm"),
    ("my kids would be better off without me, I lie awake with that", None, "self_harm"),
    ("kabhi kabhi marna chahti hun, baal bhi ja rahe hain", None, "self_harm"),
    ("ab jeene ka koi maqsad nahi lagta", None, "self_harm"),
    # hyperandrogenism: one sign in a woman or when sex is not given
    ("my crown is getting thin and I shave hairs on my chin every week", {"sex": "female"}, "hyperandrogenism"),
    ("thinning at the parting, and my cycles have been very irregular this year", None, "hyperandrogenism"),
    ("periods time pe nahi aate aur maang chori ho rahi hai", {"sex": "female"}, "hyperandrogenism"),
    ("hormonal acne on my jaw since spring and my ponytail is thinner", {"sex": "female"}, "hyperandrogenism"),
    # systemic illness now, and lupus-like signs
    ("a low-grade fever has come every day for a month and my hair is coming out", None, "systemic_symptoms"),
    ("shaam ko bukhar ho jata hai aur raat ko pasina bohat aata hai", None, "systemic_symptoms"),
    ("weight 6 kg kam ho gaya bina kisi diet ke, baal bhi gir rahe", None, "systemic_symptoms"),
    ("red rash across my cheeks when I'm in the sun, and my joints are swollen", None, "systemic_symptoms"),
    # frontal fibrosing alopecia signs
    ("my brows have thinned out and there's a strip of smooth skin along my forehead", None,
     "frontal_fibrosing_signs"),
    ("my eyebrows went first, now my hairline is receding further every year", {"sex": "female", "age": 63},
     "frontal_fibrosing_signs"),
    # a child's scaly patch: by stated age as well as by relation
    ("she is 10 and her scalp is very flaky where the hair broke off", None, "possible_fungal_infection"),
    ("I'm 11 and my scalp is flaky at the back", None, "possible_fungal_infection"),
    ("my daughter's scalp is flaky behind her ear", None, "possible_fungal_infection"),
    ("a dry patch with hair missing on the side of my head", None, "possible_fungal_infection"),
    # diabetes out of control
    ("my a1c came back at 9.4 and my hair is thinning", None, "uncontrolled_diabetes"),
    ("sugar qabu mein nahi rehti, baal bhi kam ho gaye", None, "uncontrolled_diabetes"),
    ("fasting reading was 240 this morning", None, "uncontrolled_diabetes"),
    # serious heart, kidney or liver disease
    ("I had bypass surgery two years ago and now my hair is thinner", None, "serious_organ_disease"),
    ("my kidneys failed and I go for dialysis", None, "serious_organ_disease"),
    ("gurde kharab hain, doctor ne bataya", None, "serious_organ_disease"),
    ("I was told I have cirrhosis", None, "serious_organ_disease"),
    ("I've got a pacemaker and a weak heart", None, "serious_organ_disease"),
    # scalp infection without pustules named
    ("the patch is weeping and has yellow crusts on it", None, "scalp_infection"),
    ("sar pe zakham ban gaya hai jahan baal nahi", None, "scalp_infection"),
    # rapid or total loss
    ("patches everywhere now, more each week", None, "rapid_or_total_loss"),
    ("it started as one round patch and now I'm practically bald", None, "rapid_or_total_loss"),
    ("I was diagnosed with alopecia universalis", None, "rapid_or_total_loss"),
    ("I was diagnosed with alopecia universalis", None, "eyebrow_lash_loss"),
    # hair loss expected from cancer treatment, or a chemotherapy drug named
    ("they warned me my hair would drop after the first cycle", None, "chemotherapy"),
    ("three rounds of docetaxel so far and the shedding is heavy", None, "chemotherapy"),
    # ringworm named
    ("the GP thinks the bald bit is ringworm", None, "possible_fungal_infection"),
])
def test_red_flag_raised(text, slots, flag):
    assert flag in red_flags(text, slots)


@pytest.mark.parametrize("text,slots,flag", [
    # self-harm negated, or someone else's
    ("I would never hurt myself, I'm just upset about my hair", None, "self_harm"),
    ("no suicidal thoughts at all, only stress about the shedding", None, "self_harm"),
    ("my cousin talks about suicide a lot", None, "self_harm"),
    ("I've lost hope that the patch will grow back", None, "self_harm"),
    # hyperandrogenism: a man, PCOS named alone, menopause, a sister's signs
    ("acne on my back and my temples are receding", {"sex": "male"}, "hyperandrogenism"),
    ("PCOS diagnosed years ago, the parting is getting wider", {"sex": "female"}, "hyperandrogenism"),
    ("my periods stopped at menopause and my hair got thinner", {"sex": "female", "age": 56}, "hyperandrogenism"),
    ("my sister has chin hair and irregular periods; my own hair is thinning", None, "hyperandrogenism"),
    # a past illness is a trigger, not a red flag
    ("typhoid two years back, completely recovered, hair falling for two months", None, "systemic_symptoms"),
    ("I had flu with fever in March and the shedding began in May", None, "systemic_symptoms"),
    # diabetes under control, or someone else's heart
    ("my diabetes is well controlled on tablets", None, "uncontrolled_diabetes"),
    ("sugar test normal tha", None, "uncontrolled_diabetes"),
    ("my uncle is on dialysis, I am losing hair at the crown", None, "serious_organ_disease"),
    ("a fatty liver showed on my ultrasound", None, "serious_organ_disease"),
    ("my dad had a heart attack and I am balding like him", None, "serious_organ_disease"),
    # slow pattern loss to baldness is no rapid loss; glossy hair is no shiny skin
    ("slowly over fifteen years I've become mostly bald, like my grandad", None, "rapid_or_total_loss"),
    ("my once shiny hair is falling out", None, "scarring_signs"),
    # an adult with dandruff alone, someone stating an adult's age, an anti-fungal shampoo
    ("he is 35 and his scalp is flaky", None, "possible_fungal_infection"),
    ("I wash with an anti-fungal shampoo twice a week", None, "possible_fungal_infection"),
    # periods that stop in pregnancy or after a birth
    ("no periods since I got pregnant, and my hair is thin", {"pregnancy": "pregnant"}, "hyperandrogenism"),
    ("periods irregular since the baby was born, hair coming out", None, "hyperandrogenism"),
])
def test_red_flag_not_raised(text, slots, flag):
    assert flag not in red_flags(text, slots)


# ------------------------------------------------------------------ contraindications

@pytest.mark.parametrize("text,code", [
    ("currently on Acnetrex 20 mg daily for my skin", "isotretinoin"),
    ("derma ne acne ki goliyan di hain, 2 mahine se", "isotretinoin"),
    ("I'm on Eliquis after a clot in my leg", "bleeding_risk"),
    ("Roz Ecosprin 75 leta hun", "bleeding_risk"),
    ("taking ticagrelor since my stent", "bleeding_risk"),
    ("Clexane injections every day after surgery", "bleeding_risk"),
    ("the patch is oozing", "active_scalp_infection"),
    ("my a1c is 11", "uncontrolled_diabetes"),
    ("I have heart failure", "serious_organ_disease"),
    ("they warned me my hair would fall out with the drip", "cancer_treatment"),
])
def test_contraindication_raised(text, code):
    assert code in contraindications(text)


@pytest.mark.parametrize("text,code", [
    ("I used to take Roaccutane in college", "isotretinoin"),
    ("Sotret course ended two years ago", "isotretinoin"),
    ("my father takes Plavix for his heart", "bleeding_risk"),
    ("I take a Disprin for a headache now and then", "bleeding_risk"),
    ("could this be a tumour?", "cancer_treatment"),
    ("can injections cause keloids?", "keloids"),
])
def test_contraindication_not_raised(text, code):
    assert code not in contraindications(text)


def test_medicine_texts_never_tell_the_patient_to_stop_a_medicine():
    for rule in weights()["red_flags"] + weights()["contraindications"]:
        text = rule["patient"].lower()
        assert "stop" not in text or "do not stop" in text, rule["code"]
