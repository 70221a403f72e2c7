"""Issue 12, seventh round: the classes of miss that dev6_cases.yml (a set written to mirror the real set's mix) and
a probe of how children are named showed, each in words that no case file uses.

Each test says what is said and the flag it must (or must not) raise, or whose finding it is. The texts are new, so
a rule that only learnt the dev6 wording fails here. Rules only: the red-flag safety net is switched off."""

import pytest

from bot.nlp import understand
from tests.support.clinical_flags import rules_flags


def flags(text: str, **slots) -> set[str]:
    return rules_flags(text, slots)


def subjects(text: str, code: str) -> set[str]:
    return {f.subject for f in understand(text).findings if f.code == code}


# ------------------------------------------------------------------ a child, named without an age
@pytest.mark.parametrize(
    "text",
    [
        # a school stage now
        "I'm a high school sophomore and the crown of my head is see-through under lights",
        "She's in middle school and there's a smooth bald circle above her left ear",
        "Matric ka student hun aur peeche se baal kam ho rahe hain",
        "Currently doing my GCSEs and my hair has been coming out in the shower",
        "A year 8 student here, my fringe is thinning",
        "My 6th grader has a patch with broken hairs",
        # only small children are there
        "Our grandson goes to montessori and has a scaly round patch",
        "My niece is in nursery class and the hair at the back is thinning",
        "Our youngest came back from school with an itchy head and a bald spot",
        # a child by age alone, and by a parents' forum word
        "My 4 year old has a coin sized patch behind her ear",
        "Our 9yo keeps pulling at her eyebrows",
        "My DS has two bald spots on his crown",
        "My little one has a patch where the hair is broken off short",
        # a young relative by age
        "My cousin who is 12 has bald patches and the family is worried",
        "Bhatija 9 saal ka hai, uske sar pe gol ganji jagah hai",
    ],
)
def test_a_child_is_under_18(text):
    assert "under_18" in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "When I was in high school my hair was thick; now at the crown it is thin",
        "My brother, 24, is balding at the temples like me",
        "Since having my second baby my hair falls out in handfuls",
        "My baby hairs along the hairline keep breaking",
        "I had braids in middle school, now my edges are thin",
    ],
)
def test_no_child_here(text):
    assert "under_18" not in flags(text)


# ------------------------------------------------------------------ whose is it
def test_a_sentence_that_opens_on_a_relative_is_theirs():
    text = "Nana 30 saal ke thay jab unke sar, bhanwein aur palkein ke saare baal chale gaye thay. Main 22 ka hun."
    assert subjects(text, "eyebrow_loss") == {"family"}
    assert not {"eyebrow_lash_loss", "rapid_or_total_loss"} & flags(text, age=22)


def test_a_relative_sentence_ends_at_but():
    # the sister's guess is hers; the scaly ring after "but" is the patient's
    text = "My aunt guessed it was nothing, but now there is a scaly ring on my scalp and the hair in it broke off"
    assert "patient" in subjects(text, "dry_scaly_patch") | subjects(text, "scalp_scaling")


@pytest.mark.parametrize("text", ["Baji pichle 3 mahine se chehre pe baal aa rahe hain aur maang chori ho gayi hai"])
def test_a_word_that_addresses_the_reader_is_no_relative(text):
    # "Baji" opens a message to the clinic: the facial hair is the writer's
    assert "hyperandrogenism" in flags(text, sex="female", age=27)


def test_a_message_that_opens_on_a_relative_is_about_them():
    # written for the mother: her chemotherapy is the patient's
    text = "Nani ki chemo ho rahi hai, unke baal tezi se jhar rahe hain. koi acha scarf batayen"
    assert {"chemotherapy", "cancer_treatment"} <= flags(text)


def test_a_message_that_only_opens_on_a_partner_is_not_about_them():
    # the husband's transplant is his; the writer asks for herself
    text = "Mere shohar ka liver transplant hua hai. main apne liye pooch rahi hun, mere baal bohat jhar rahe hain"
    assert not {"serious_organ_disease", "immunosuppression"} & flags(text, sex="female")


# ------------------------------------------------------------------ now or not
@pytest.mark.parametrize(
    "text, code",
    [
        # breastfeeding that has ended, words between
        ("Feeding chhor diya tha teen mahine pehle, doodh pilana bhi ab band hai, aur baal gir rahe hain", "breastfeeding"),
        ("I was breastfeeding until she turned one but stopped in July, and now the shedding started", "breastfeeding"),
        # a medicine still to come
        ("My dermatologist will start me on isotretinoin next month - will it thin my hair?", "isotretinoin"),
        ("Agle mahine se Isotane shuru karni hai, abhi baal theek hain", "isotretinoin"),
        # a test that says no pregnancy
        ("Missed two periods from the stress, pregnancy test negative, and my hair is shedding", "pregnancy"),
        # a first opinion that was replaced
        ("Initially the GP thought ringworm, but the skin doctor said alopecia areata; my son has three round patches",
         "possible_fungal_infection"),
    ],
)
def test_not_now(text, code):
    assert code not in flags(text)


def test_chemotherapy_still_to_come_is_still_the_cancer_doctors():
    assert "chemotherapy" in flags("My chemo starts next week, will all my hair fall?")


@pytest.mark.parametrize(
    "text, code",
    [
        # hopelessness in Roman Urdu, "zindagi" as the subject; better for everyone if I died
        ("Zindagi ka ab koi maqsad nahi lagta, baal bhi sab jhar gaye", "self_harm"),
        ("Kabhi sochti hun mar jaun to ghar walon ke liye behtar hai, baalon ki wajah se koi rishta nahi aata",
         "self_harm"),
        # a transplant medicine by brand
        ("Kidney transplant ke baad Advagraf le raha hun, baal patle ho gaye", "immunosuppression"),
        ("I take Neoral since my transplant and my hair sheds", "immunosuppression"),
        # patches that reached the brows within weeks
        ("Do hafte mein sar pe kai gol patches aur bhanwein bhi khatam ho rahi hain", "rapid_or_total_loss"),
    ],
)
def test_flag_raised(text, code):
    assert code in flags(text)


# ------------------------------------------------------------------ words that are not what they seem
def test_a_baby_brother_is_no_childbirth():
    u = understand("My girl blamed her baby brother for pulling her hair, now she has round patches")
    assert "childbirth" not in (u.slots.get("triggers") or [])


def test_an_age_in_the_past_is_no_duration():
    u = understand("Dada 40 saal ke thay jab ganje hue. Mere baal 6 mahine se jhar rahe hain")
    assert u.slots.get("duration_days") == 180


def test_a_bald_place_is_a_patch():
    u = understand("Sar ke peeche ek ganji jagah ban gayi hai")
    assert u.slots.get("pattern") == "patches"


def test_a_list_valued_trigger_beside_an_ended_word_does_not_empty_the_reading():
    # "weight loss surgery" gives two triggers (a list); the ended word "stopped" used to crash the reading silently
    u = understand("Since my weight loss surgery my hair falls in handfuls; biotin hasn't stopped it")
    assert u.findings and "surgery" in (u.slots.get("triggers") or [])


# ------------------------------------------------------------------ contraindications in words a probe found missing
@pytest.mark.parametrize(
    "text, code",
    [
        ("Pet se hun, chotha mahina hai, aur kanghi mein bohat baal aate hain", "pregnancy"),
        ("Mujhe do mahine ka hamal hai, baal patle ho rahe", "pregnancy"),
        ("Skin doctor ne acne ke capsules shuru karwaye hain, ab baal jhar rahe", "isotretinoin"),
        ("Both my ear piercings left scars that grew into hard lumps", "keloids"),
        ("I finished radiation to my head in spring and the back has not regrown", "cancer_treatment"),
        ("Five years on letrozole after my surgery and my hair is much thinner", "cancer_treatment"),
        ("I'm on thinners for a clot and my hair falls", "bleeding_risk"),
        ("I am HIV positive and on treatment, my hair is thin", "immunosuppression"),
    ],
)
def test_contraindication_raised(text, code):
    assert code in flags(text)


# ------------------------------------------------------------------ a child in parents' words, and a parent's own story
@pytest.mark.parametrize(
    "text",
    [
        "My LO has a smooth bald circle on the crown",
        "8yo DD has patchy hair loss since the summer",
        "DS (6) has two round bald spots",
        "Our three-year-old has a bald patch behind the ear",
        "He just turned 5 and there's a patch with broken hairs",
        "She is only nine and has bald patches",
        "My preteen is losing hair along the part",
        "Beti ke sar pe khushki wala gol dhabba hai",
        "Humare bete ke baal ek jagah se gir gaye",
    ],
)
def test_a_child_in_parents_words_is_under_18(text):
    assert "under_18" in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "My son pointed out that my crown is see-through",
        "Running after my toddler all day, and I'm shedding handfuls",
        "My daughter's graduation was so stressful that my hair started to fall",
        "She is six months pregnant and asking for her sister",
        "She has eight bald patches on her scalp",
    ],
)
def test_a_parents_own_story_is_no_child(text):
    assert "under_18" not in flags(text)


def test_a_child_with_a_scalp_sign_beside_the_parents_hair_stays_the_patient():
    assert "under_18" in flags("My boy has a scaly patch with black dots, and I'm losing hair myself")


@pytest.mark.parametrize(
    "text",
    [
        "My parting is wider and my periods come every 2-3 months",
        "Maang chori ho rahi hai aur periods har 3 mahine baad aate hain",
    ],
)
def test_periods_months_apart_are_irregular(text):
    assert "hyperandrogenism" in flags(text, sex="female", age=29)
