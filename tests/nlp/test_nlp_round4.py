"""Issue 12, fourth round: the classes of words that fooled bot.nlp on the third development set
(tests/clinical/dev3_cases.yml), each in new words, none copied from a case set."""
import pytest


def asserted(result, code):
    return any(f.code == code and f.asserted for f in result.findings)


def whose(result, code):
    return [f.subject for f in result.findings if f.code == code]


# ------------------------------------------------------------ a message written for an adult relative or partner
@pytest.mark.parametrize("text,age,sex", [
    ("Enquiring for my husband, he is 47. His crown has been thinning for three years.", 47, "male"),
    ("My fiancee is 31 and her parting has got much wider since spring.", 31, "female"),
    ("Mere abbu 58 saal ke hain, unke sar ke upar se baal patle ho gaye hain.", 58, "male"),
])
def test_a_message_written_for_an_adult_is_about_them(u, text, age, sex):
    r = u(text)
    assert r.slots.get("age") == age and r.slots.get("sex") == sex
    assert "family_history" not in r.slots or r.slots["family_history"] is not True
    assert all(s == "patient" for c in ("hair_loss", "pattern_hairline_crown", "widening_part") for s in whose(r, c))


@pytest.mark.parametrize("text", [
    "My uncle is 52 and bald, and my own temples are going too.",
    "my cousin is 30 and thin on top",
    "meri khala 50 saal ki hain, unke baal bhi patle hain",
])
def test_a_relatives_age_next_to_the_writers_own_hair_or_alone_stays_family(u, text):
    r = u(text)
    assert "age" not in r.slots


def test_a_reply_to_the_family_question_is_never_read_as_written_for_them(u):
    r = u("My husband is 44 and his hairline is receding", context_slot="family_history")
    assert "age" not in r.slots


# ------------------------------------------------------------ a child named as one of several, or a teenager
@pytest.mark.parametrize("text", ["one of my girls has a smooth bald spot behind her ear",
                                  "my teenager's hairline is thinning where she pulls it back"])
def test_one_of_my_children_or_my_teenager_is_a_child_patient(u, text):
    assert asserted(u(text), "child_patient")


def test_a_grown_up_daughter_is_no_child_patient():
    from bot.clinical.text_classification import classify_text

    out = classify_text("Our daughter, in her late thirties, has patches where she twists her hair out")
    assert out["findings"]["slots"].get("age") == 30 and "under_18" not in out["red_flags"]


def test_a_baby_in_months_while_the_writer_is_nursing_is_the_parents_story(u):
    r = u("My daughter is 5 months old and I'm still breastfeeding; my hair comes out in fistfuls")
    assert not asserted(r, "child_patient")


# ------------------------------------------------------------ whose relative: Roman Urdu sister, sister-in-law
def test_a_sister_in_laws_pregnancy_is_not_the_patients(u):
    r = u("Meri bhabhi pregnant hain. Mere apne baal maang se patle ho rahe hain")
    assert r.slots.get("pregnancy") != "pregnant"


def test_a_sisters_tight_scarf_is_not_the_patients_hairstyle(u):
    assert u("Meri behan ko tight pins se kinaron pe baal kam hue").slots.get("hairstyles") is not True


# ------------------------------------------------------------ negation and hedges that reach too far
def test_the_condition_a_missed_medicine_is_for_is_still_had(u):
    r = u("I ran out of my tablets for thyroid two weeks ago and the shedding got worse")
    assert asserted(r, "condition_thyroid")


def test_a_stopping_that_is_denied_keeps_the_hairstyle(u):
    assert u("I still haven't given up the cornrows even though my edges are thin").slots.get("hairstyles") is True


def test_a_fact_after_because_is_not_the_guess(u):
    r = u("Maybe it is because I'm nursing my twins that my hair comes out so much")
    assert asserted(r, "pregnancy_breastfeeding")


def test_a_new_thing_after_and_is_not_negated(u):
    r = u("It fell without any warning, and a bare patch showed up over my left ear")
    assert asserted(r, "pattern_patches")


def test_a_wish_that_no_more_falls_out_is_no_denial_of_shedding(u):
    assert u("What shampoo should I use so no more falls out?").slots.get("shedding") != "neither"


def test_a_resemblance_is_about_now(u):
    r = u("my son's scaly patch looks like the ringworm our dog had years ago")
    assert asserted(r, "fungal_named")


def test_a_denied_self_harm_thought_in_roman_urdu(u):
    r = u("Pareshan hun lekin apne aap ko nuqsan pohanchane ka koi irada nahi")
    assert not asserted(r, "self_harm")


# ------------------------------------------------------------ a ponytail as a measure in a longer sentence
def test_a_bun_said_to_show_the_thinning_is_no_hairstyle(u):
    r = u("When I twist it into a bun now my ponytail is half as thick as it was")
    assert r.slots.get("hairstyles") is not True


# ------------------------------------------------------------ words that were missing
@pytest.mark.parametrize("text,code", [
    ("shed hair covers the bathroom floor and my brush is full every morning", "shedding_seen"),
    ("I count about 300 hairs after each wash", "shedding_seen"),
    ("he has begun to go bald at the crown", "balding"),
    ("my hair has thinned out a lot this year", "hair_loss"),
    ("new spots keep popping up on his scalp", "rapid_worsening"),
    ("her hair is falling out by the day", "rapid_worsening"),
    ("by now the hair on top had almost all gone", "near_total_loss"),
    ("aadhe se zyada sar ke baal ja chuke", "near_total_loss"),
    ("she has coarse hairs under her chin", "excess_hair_growth"),
    ("raat ko bohat paseena aata hai", "systemic_symptoms"),
    ("I am on lithium for my mood", "medicine_mood_stabiliser"),
    ("Acutret chal rahi hai acne ke liye", "medicine_isotretinoin"),
])
def test_missing_words(u, text, code):
    assert asserted(u(text), code)


def test_trying_for_a_child_in_roman_urdu_is_no_birth(u):
    r = u("do saal se bachay ke liye koshish kar rahe hain aur baal jhar rahe hain")
    assert r.slots.get("pregnancy") == "trying" and "childbirth" not in (r.slots.get("triggers") or [])


def test_the_weight_of_a_past_pregnancy_is_no_pregnancy_now(u):
    assert u("I still carry some baby weight and my hair is shedding").slots.get("pregnancy") != "pregnant"


# ------------------------------------------------------------ a relative in a time clause; a death as the writer's stress
def test_a_relative_in_a_when_clause_does_not_own_the_writers_next_words(u):
    r = u("After my brother had his accident it started coming out in the shower")
    assert r.slots.get("family_history") is not True and r.slots.get("shedding") == "more_shedding"


def test_a_death_said_with_a_pronoun_is_the_writers_stress(u):
    assert "stress" in (u("my hair has been falling out badly since he died in the spring").slots.get("triggers") or [])


@pytest.mark.parametrize("text", ["My kids noticed a bald spot on my crown", "since having my children my hair is thin"])
def test_children_named_together_are_no_child_patient(u, text):
    assert not asserted(u(text), "child_patient")
