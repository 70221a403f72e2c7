"""Findings mean what the patient says about themselves now (issue 12): the classes of words that used to fool
bot.nlp, each in new words (none copied from the issue or from tests/clinical/real_cases.yml)."""
import pytest
from nlp_testing import codes, finding


def asserted(u_result, code):
    return any(f.code == code and f.asserted for f in u_result.findings)


# ------------------------------------------------------------ a ponytail or bun as a measure of thickness
@pytest.mark.parametrize("text", [
    "my ponytail is much thinner these days",
    "the bun I tie is half the size it was",
    "my plait feels tiny now compared with my wedding photos",
    "I measured my pony against an old photo",
])
def test_ponytail_or_bun_as_a_measure_is_no_tight_hairstyle(u, text):
    r = u(text)
    assert "hairstyles" not in r.slots and not asserted(r, "tight_hairstyle")
    assert asserted(r, "ponytail_thinner")


@pytest.mark.parametrize("text", ["I tie it in a bun every day for work", "I wear a high ponytail for dance class",
                                  "ponytail roz banati hun school ke liye"])
def test_a_ponytail_or_bun_worn_is_still_a_hairstyle(u, text):
    assert u(text).slots.get("hairstyles") is True


# ------------------------------------------------------------ a wig, cap or scarf worn to cover the loss
@pytest.mark.parametrize("text", [
    "since last winter I have started wearing a wig to hide it",
    "a baseball cap covers the thin crown when I go out",
    "I put on a headscarf so nobody sees the gaps",
    "topi pehen ke chupata hun",
])
def test_a_cover_is_not_a_cause(u, text):
    r = u(text)
    assert "hairstyles" not in r.slots and not asserted(r, "tight_hairstyle")


def test_a_glued_wig_still_pulls(u):
    assert u("my lace wig is glued on every morning").slots.get("hairstyles") is True


def test_a_wig_does_not_make_it_traction(u):
    from bot.clinical import assess

    r = u("I am a man of 45, thinning on top for years, I wear a hairpiece now")
    assert assess(r.slots, r).likely_type != "traction_alopecia"


# ------------------------------------------------------------ a general question asserts nothing
@pytest.mark.parametrize("text,code", [
    ("could tight cornrows be the reason?", "tight_hairstyle"),
    ("does grief make hair fall?", "trigger_stress"),
    ("kya tension se baal girte hain", "trigger_stress"),
    ("extensions cause thinning, right?", "tight_hairstyle"),
    ("weaves se baal jhadte hain, meri phuppo kehti hain", "tight_hairstyle"),
])
def test_a_general_question_or_claim_asserts_no_cause(u, text, code):
    r = u(text)
    assert finding(r, code).uncertain and not asserted(r, code)


@pytest.mark.parametrize("text,code", [
    ("I wear cornrows most weeks, could that be it?", "tight_hairstyle"),
    ("tension se mere baal gir rahe hain", "trigger_stress"),
    ("my extensions cause soreness at the front", "tight_hairstyle"),
])
def test_a_cause_stated_before_or_about_oneself_stays(u, text, code):
    assert asserted(u(text), code)


# ------------------------------------------------------------ someone else's report
def test_what_someone_saw_on_the_patient_is_the_patients(u):
    assert u("the hairdresser spotted a bald patch at the back").slots["pattern"] == "patches"


@pytest.mark.parametrize("text", ["my colleague told me she has bald spots as well",
                                  "my neighbour mentioned that he has a patch in his beard too"])
def test_what_someone_says_of_themselves_is_not_the_patients(u, text):
    r = u(text)
    assert "pattern" not in r.slots and not asserted(r, "pattern_patches")


def test_a_family_doctor_is_no_relative(u):
    r = u("the family doctor thinks it is alopecia areata")
    assert asserted(r, "alopecia_areata_named")


# ------------------------------------------------------------ past vs now
def test_a_recent_stop_is_a_trigger(u):
    assert u("I stopped my contraceptive pill in June and now it sheds").slots["triggers"] == ["stopped_pill"]


@pytest.mark.parametrize("text,code,slot", [
    ("I had low iron as a teenager", "condition_anaemia", "conditions"),
    ("I used to have cornrows when I was at school", "tight_hairstyle", "hairstyles"),
    ("dengue hua tha 6 saal pehle", "trigger_illness_fever", "triggers"),
    ("I had a fever years ago, nothing since", "trigger_illness_fever", "triggers"),
])
def test_long_ago_is_not_now(u, text, code, slot):
    r = u(text)
    assert finding(r, code).past and not asserted(r, code) and slot not in r.slots


def test_a_condition_diagnosed_long_ago_goes_on(u):
    assert u("my underactive thyroid was diagnosed years ago").slots["conditions"] == ["thyroid"]


def test_used_to_as_accustomed_is_no_past(u):
    assert asserted(u("I'm used to it now but I still wear tight braids"), "tight_hairstyle")


# ------------------------------------------------------------ a negated option
@pytest.mark.parametrize("text,code", [("a hair transplant is not an option for me", "tried_transplant"),
                                       ("never bothered trying minoxidil", "tried_minoxidil")])
def test_a_negated_option_is_no_treatment_tried(u, text, code):
    r = u(text)
    assert not asserted(r, code) and "transplant" not in r.slots.get("treatments_tried", [])


def test_nothing_tried_is_none(u):
    assert u("haven't tried any treatment so far").slots["treatments_tried"] == []


# ------------------------------------------------------------ generic words in other senses
@pytest.mark.parametrize("text", [
    "I queued at the front of the line for an hour",
    "we nurse my mother round the clock",
    "the cashier gave me a coin",
    "your advice was spot on, thanks",
    "it feels like I have come full circle",
    "I went to the temple this morning",
])
def test_generic_words_in_other_senses_find_no_pattern(u, text):
    r = u(text)
    assert "pattern" not in r.slots and not any(f.slot == "pattern" for f in r.findings)


def test_shape_words_right_after_the_hair_sentence_belong_to_it(u):
    r = u("There is a bald spot behind my left ear. Round, smooth, no hair at all.")
    assert r.slots["pattern"] == "patches" and asserted(r, "round_shape") and asserted(r, "smooth_patch")


def test_a_bare_location_in_reply_to_where_is_about_the_hair(u):
    assert u("mostly the front", context_slot="pattern").slots["pattern"] == "hairline_crown"


@pytest.mark.parametrize("text", ["I have an eczema patch on my arm", "a red spot by my nose"])
def test_a_patch_elsewhere_on_the_body_is_no_bald_patch(u, text):
    assert "pattern" not in u(text).slots


def test_a_place_said_to_be_fine_has_no_loss(u):
    r = u("the crown is thin but the sides are still fine")
    assert r.slots["pattern"] == "hairline_crown" and finding(r, "pattern_edges").negated


# ------------------------------------------------------------ Roman Urdu negation after the word
@pytest.mark.parametrize("text,code", [
    ("sar mein khujli bilkul nahi", "scalp_itching"),
    ("koi daane nahi hain", "scalp_pustules"),
    ("dard to nahi hota", "scalp_pain_burning"),
    ("chilka wagaira nahi hai", "scalp_scaling"),
])
def test_roman_urdu_negation_after_the_word(u, text, code):
    assert finding(u(text), code).negated


# ------------------------------------------------------------ pain of another part of the body
@pytest.mark.parametrize("text", ["my lower back pain is bad again", "knee pain since the fall last year",
                                  "stomach pain after eating and my hair is thinning", "kamar mein dard rehta hai"])
def test_pain_elsewhere_is_no_scalp_pain(u, text):
    r = u(text)
    assert "pain_burning" not in r.slots.get("scalp_symptoms", []) and not asserted(r, "scalp_pain_burning")


def test_scalp_pain_still_counts(u):
    assert u("my scalp is sore and burns").slots["scalp_symptoms"] == ["pain_burning"]


# ------------------------------------------------------------ age with a relation
@pytest.mark.parametrize("text,age", [
    ("my son is 11 and has two bald patches", 11),
    ("our 4 year old has a bald spot near her crown", 4),
    ("my stepdaughter is 6 and her hair comes out in the bath", 6),
    ("meri beti 9 saal ki hai, uske sar pe dhabba hai", 9),
    ("my sister is 17 and is also losing hair, I am 30", 30),
    ("main 28 saal ki hun, maang chori ho rahi hai", 28),
])
def test_the_patients_age_with_a_relation(u, text, age):
    assert u(text).slots["age"] == age


@pytest.mark.parametrize("text", ["my brother is 19 and thinning at the temples", "mera bhai 22 saal ka hai, wo bhi ganja"])
def test_a_relatives_age_is_not_the_patients(u, text):
    assert "age" not in u(text).slots


def test_a_babys_age_is_the_parents_story(u):
    r = u("since my daughter was born 3 months ago my hair falls in clumps")
    assert "child_patient" not in codes(r, asserted=False)


def test_an_adult_child_is_no_minor():
    from bot.clinical import assess
    from bot.nlp import understand

    r = understand("my son is 24 and his crown is thinning")
    assert r.slots["age"] == 24 and not assess(r.slots, r).facts["minor"]


def test_breastfeeding_that_ended_is_a_trigger_not_now(u):
    r = u("we stopped breastfeeding in spring and since then it sheds")
    assert r.slots.get("pregnancy") != "breastfeeding" and r.slots["triggers"] == ["childbirth"]


def test_no_shedding_answers_neither(u):
    assert u("no shedding at all, it is just getting thinner on top").slots["shedding"] == "neither"


# ------------------------------------------------------------ second round (issue 12): more that used to fool it
@pytest.mark.parametrize("text", [
    "the trouble began when my boy was two and it has not stopped",
    "after my daughter turned one the shedding got worse",
])
def test_a_child_named_as_a_point_in_time_is_no_child_patient(u, text):
    assert "child_patient" not in codes(u(text), asserted=False)


def test_other_childrens_ages_are_not_the_patients(u):
    assert "age" not in u("I have three kids aged 4, 7 and 10 and my part is widening").slots


@pytest.mark.parametrize("text", ["38 saal hun, maang se baal patle", "male 41, crown thin for years"])
def test_an_age_said_without_a_verb(u, text):
    assert u(text).slots["age"] in (38, 41)


def test_a_relatives_death_is_the_patients_stress_not_family_history(u):
    r = u("clumps come out since my father died in the spring")
    assert r.slots.get("triggers") == ["stress"] and "family_history" not in r.slots


@pytest.mark.parametrize("text", [
    "ten weeks on isotretinoin and the shedding is heavy",
    "sotret 2 mahine se chal rahi hai",
    "hair loss from the methotrexate",
])
def test_a_medicine_taken_a_short_time_or_blamed_is_a_new_one(u, text):
    assert "new_medicine" in u(text).slots.get("triggers", [])


def test_a_medicine_taken_for_years_is_no_new_one(u):
    assert "triggers" not in u("on methotrexate for twelve years now").slots


def test_a_question_about_anyone_asserts_no_symptom(u):
    r = u("can a tight bun make the hairline recede?")
    assert "pattern" not in r.slots and "hairstyles" not in r.slots


@pytest.mark.parametrize("text,code", [
    ("I was tested for thyroid problems and it was fine", "condition_thyroid"),
    ("scared I'll lose all of it one day", "total_loss"),
    ("hoping it doesn't fall out this time", "shedding_more"),
])
def test_a_test_a_fear_or_a_hope_asserts_nothing(u, text, code):
    assert code not in codes(u(text))


def test_nothing_left_is_no_negation(u):
    assert "eyebrow_loss" in codes(u("nothing left anywhere now, brows and lashes went as well"))


def test_a_verb_after_and_starts_a_new_thought(u):
    r = u("I could not sleep for weeks and lost a lot of weight, now it sheds")
    assert "crash_diet" in r.slots.get("triggers", [])


@pytest.mark.parametrize("text,not_code", [
    ("my iron results came back low", "prior_episode"),
    ("I gave up red meat years ago", "scalp_redness"),
    ("the scar from my c-section healed flat", "shiny_skin"),
    ("I had ringworm on my leg as a child", "fungal_named"),
])
def test_words_in_another_sense_or_the_past(u, text, not_code):
    assert not_code not in codes(u(text))


@pytest.mark.parametrize("text,code", [
    ("mujhe lidocaine se allergy hai", "ingredient_allergy"),
    ("thyroid test nahi karwaya abhi", None),
    ("bhanwein theek hain, sirf sar", None),
])
def test_roman_urdu_after_the_word(u, text, code):
    found = codes(u(text))
    if code:
        assert code in found
    else:
        assert not {"condition_thyroid", "eyebrow_loss"} & set(found)


@pytest.mark.parametrize("text", [
    "I have less hair than I used to",
    "my scalp is visible under the bathroom light",
    "baal halke ho gaye hain",
    "mere sar pe baal nahi rahe",
    "my hair volume has dropped a lot",
])
def test_everyday_words_for_thinning_are_hair_loss(u, text):
    assert "hair_loss" in codes(u(text)) or "shedding" in u(text).slots


# ------------------------------------------------------------ third round: a tempo said of something else
@pytest.mark.parametrize("text,code", [
    ("the shedding is awful. My skin cleared up quickly on the new cream", "onset_sudden"),
    ("my scalp sheds every wash. The eczema on my hands comes and goes", "prior_episode"),
    ("thinning all over this spring. My weight has slowly crept up", "onset_gradual"),
])
def test_a_tempo_in_a_sentence_about_something_else_is_not_the_hairs(u, text, code):
    assert not asserted(u(text), code)


@pytest.mark.parametrize("text,code", [
    ("my hair came back after the first patch, now it is going again", "prior_episode"),
    ("the crown has been thinning slowly, my skin is fine", "onset_gradual"),
])
def test_a_tempo_in_a_sentence_about_the_hair_still_counts(u, text, code):
    assert asserted(u(text), code)


# ------------------------------------------------------------ brows shaped on purpose
@pytest.mark.parametrize("text", [
    "I pluck my eyebrows every week and my crown is thinning",
    "she waxed her brows for years",
    "har mahine bhanwein banwati hun",
])
def test_brows_plucked_or_threaded_are_no_eyebrow_loss(u, text):
    assert not asserted(u(text), "eyebrow_loss")


def test_brows_said_to_be_falling_are_still_eyebrow_loss(u):
    assert asserted(u("my eyebrows are falling out at the ends"), "eyebrow_loss")


# ------------------------------------------------------------ an estimate is no doubt
def test_perhaps_before_a_number_guesses_an_amount(u):
    r = u("I've lost perhaps 40 percent of my hair since spring")
    assert any(f.code in ("hair_loss", "near_total_loss") and f.asserted for f in r.findings)


def test_shiny_hair_with_words_between_is_no_shiny_skin(u):
    r = u("my hair was long, thick and shiny before the baby")
    assert not asserted(r, "shiny_skin")


# ------------------------------------------------------------ an amount after a span is no refinement of it
@pytest.mark.parametrize("text,days", [
    ("over the last three weeks roughly 40 percent of my hair came out", 21),
    ("for 2 months about 150 hairs every wash", 60),
])
def test_an_amount_after_an_exact_span_keeps_the_span(u, text, days):
    assert u(text).slots.get("duration_days") == days


def test_a_vague_span_is_still_refined_by_the_number_after_it(u):
    assert u("it has been several weeks, maybe 6, of thinning").slots.get("duration_days") == 42


@pytest.mark.parametrize("text", ["we are hoping to grow our family soon", "planning to start a family this year"])
def test_a_hope_or_plan_for_a_baby_is_trying_to_conceive_not_a_hedge(text):
    from bot.conversation.answers import answer_for
    from bot.conversation.turn import Turn
    from bot.intake.questions import question

    assert answer_for(question("pregnancy"), Turn(text)).value == "trying"
