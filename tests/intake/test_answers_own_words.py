"""Any answer is an answer (issue 10, class 1): the options where the words clearly say so, otherwise the
patient's own words beside OTHER. Wordings here are new, not the simulated patients' or the issue's."""
from __future__ import annotations

import pytest

from bot.conversation.answers import answer_for, parse_answer
from bot.conversation.turn import Turn
from bot.intake.questions import OTHER, question


def read(slot, text, choice=None):
    return answer_for(question(slot), Turn(text, choice=choice))


@pytest.mark.parametrize("slot,text,words", [
    ("medicines", "vitamin b complex", "vitamin b complex"),
    ("medicines", "calcium with vitamin D3 daily", "calcium with vitamin D3 daily"),
    ("medicines", "a hydrocortisone lotion from the pharmacy", "a hydrocortisone lotion from the pharmacy"),
    ("medicines", "bas zinc ki goli", "zinc ki goli"),
    ("medicines", "just omega 3 capsules", "omega 3 capsules"),
    ("medicines", "only calcium tablets", "calcium tablets"),
    ("medicines", "Sirf  folic acid.", "folic acid"),
    ("conditions", "high blood pressure", "high blood pressure"),
    ("conditions", "I had a kidney transplant", "a kidney transplant"),
    ("treatments_tried", "rosemary oil massage", "rosemary oil massage"),
    ("treatments_tried", "methi dana paste lagaya", "methi dana paste lagaya"),
    ("triggers", "we moved to a new city", "we moved to a new city"),
])
def test_words_that_fit_no_option_are_kept_as_the_patient_wrote_them(slot, text, words):
    reply = read(slot, text)
    # as written, less a leading "only"/"bas"/"I had" (the staff sheet lists what, as the mixed answers do)
    assert reply.is_answer and reply.value == [OTHER] and reply.own_words == words


@pytest.mark.parametrize("slot,text,codes,words", [
    ("conditions", "diabetic and migraines", ["diabetes"], "migraines"),
    ("conditions", "PCOS, also eczema on my hands", ["pcos"], "eczema on my hands"),
    ("medicines", "warfarin plus a statin", ["blood_thinner"], "a statin"),
    ("treatments_tried", "minoxidil and castor oil", ["minoxidil"], "castor oil"),
])
def test_a_mixed_answer_keeps_the_options_and_the_words_of_the_rest(slot, text, codes, words):
    reply = read(slot, text)
    assert reply.value == [*codes, OTHER] and reply.own_words == words


@pytest.mark.parametrize("slot,text,codes", [
    ("medicines", "levothyroxine 50 every morning", ["thyroid_medicine"]),
    ("medicines", "sertraline, I stopped it in June", ["antidepressant"]),  # "I stopped it" is about sertraline
    ("scalp_symptoms", "itchy every now and then", ["itching"]),
    ("conditions", "my iron levels were low last month", ["anaemia"]),
])
def test_options_named_clearly_leave_no_own_words(slot, text, codes):
    reply = read(slot, text)
    assert reply.value == codes and reply.own_words is None


@pytest.mark.parametrize("slot,text", [
    ("medicines", "koi dawai nahi leta"),
    ("medicines", "nope none at all"),
    ("conditions", "no, I'm fit and healthy"),
    ("treatments_tried", "abhi kuch nahi"),
    ("treatments_tried", "haven't done anything for it"),
    ("scalp_symptoms", "nahi sab theek hai"),
])
def test_none_in_many_words_is_none(slot, text):
    assert read(slot, text).value == []


def test_a_no_with_an_exception_keeps_the_exception():
    reply = read("medicines", "nothing regular except a multivitamin")
    assert reply.value == [OTHER] and reply.own_words == "a multivitamin"
    reply = read("medicines", "no, sirf calcium")  # the exception without the "only" that marks it
    assert reply.value == [OTHER] and reply.own_words == "calcium"


def test_neighbouring_words_that_fit_no_option_stay_together():
    reply = read("medicines", "atenolol, and fish oil and biotin")
    assert reply.value == ["beta_blocker", OTHER] and reply.own_words == "fish oil and biotin"


def test_a_reply_that_asks_something_is_a_question_not_an_answer():
    reply = read("hairstyles", "quick question first, will the injections leave marks? I bruise easily")
    assert not reply.is_answer


def test_a_later_denial_does_not_wipe_what_came_before():
    reply = read("treatments_tried", "aloe vera gel, nothing prescribed")
    assert reply.value == [OTHER] and "aloe vera gel" in reply.own_words


@pytest.mark.parametrize("text,expected", [
    ("a little more than it used to", "more_shedding"), ("kafi zyada girte hain", "more_shedding"),
    ("thoda zyada", "more_shedding"), ("way more than normal", "more_shedding"),
    ("pretty normal to be honest", "neither"), ("zyada nahi", "neither"), ("nooo", "neither"),
])
def test_a_shedding_amount_in_words(text, expected):
    assert read("shedding", text).value == expected


def test_two_options_at_once_are_kept_in_the_patients_words():
    reply = read("pattern", "a bald spot and my temples too")
    assert reply.value == OTHER and reply.own_words == "a bald spot and my temples too"


def test_a_duration_in_words_that_fit_no_number():
    reply = read("duration_days", "ever since my operation")
    assert reply.value == OTHER and reply.own_words == "ever since my operation"


def test_the_other_button_and_a_bare_yes_to_a_list_ask_which():
    assert read("medicines", "other", choice="other") == read("medicines", "other", choice="other")
    clicked = read("medicines", "other", choice="other")
    assert clicked.value == [OTHER] and clicked.own_words is None
    said_yes = read("medicines", "haan ji")
    assert said_yes.value == [OTHER] and said_yes.own_words is None


def test_own_words_are_trimmed_to_300_characters():
    reply = read("medicines", "herbal syrup " * 40)
    assert reply.value == [OTHER] and len(reply.own_words) == 300


def test_parse_answer_still_returns_only_the_mapped_part():
    assert parse_answer(question("conditions"), "diabetic and migraines") == ["diabetes"]
    assert parse_answer(question("medicines"), "vitamin b complex") is None
    assert parse_answer(question("sex"), "Other / prefer not to say") == "other"  # "other" is an option here


def test_the_summary_read_back_shows_the_patients_own_words_not_other():
    from bot.conversation.readback import readback

    slots = {
        "first_name": "Rabia",
        "medicines": ["other"],
        "treatments_tried": ["minoxidil", "other"],
        "other_answers": {"medicines": "glucophage 500 roz", "treatments_tried": "onion oil"},
    }
    lines = readback(slots).splitlines()
    assert "• Medicines: “glucophage 500 roz”" in lines
    assert "• Tried before: Minoxidil, “onion oil”" in lines
    assert not any(line.rstrip().endswith(("other", "Other medicine")) for line in lines)


@pytest.mark.parametrize("text,words", [
    ("nothing diagnosed, the gynae asked me to get checked for pcos", "the gynae asked me to get checked for pcos"),
    ("maybe thyroid, tests are pending", "maybe thyroid, tests are pending"),
    ("low iron 5 years back, treated", "low iron 5 years back, treated"),
])
def test_a_condition_only_suspected_or_long_past_is_kept_in_words_not_as_a_diagnosis(text, words):
    reply = read("conditions", text)
    assert reply.value == [OTHER] and reply.own_words == words


@pytest.mark.parametrize("text,code", [("pcos hai", "pcos"), ("I have hypothyroidism", "thyroid")])
def test_a_condition_stated_now_is_still_its_option(text, code):
    assert read("conditions", text).value == [code]


def test_a_blood_thinner_the_patient_is_unsure_of_is_still_flagged():
    assert "blood_thinner" in read("medicines", "I think it is warfarin, not sure of the name").value


@pytest.mark.parametrize("slot,text", [("onset", "2"), ("shedding", " 1. "), ("sex", "#3")])
def test_a_bare_number_to_unnumbered_buttons_is_asked_again_not_kept_as_words(slot, text):
    assert not read(slot, text).is_answer


@pytest.mark.parametrize("text,codes,words", [
    ("finasteride for a year, phir chhor di", ["finasteride"], None),
    ("minoxidil, koi fayda nahi hua", ["minoxidil"], None),
    ("PRP 3 sessions, band kar diya", ["prp"], None),
])
def test_roman_urdu_words_about_a_treatment_are_not_another_treatment(text, codes, words):
    reply = read("treatments_tried", text)
    assert reply.value == codes and reply.own_words == words


@pytest.mark.parametrize("text,codes", [
    ("low iron after my delivery, taking iron tablets for it", ["anaemia"]),
    ("hypothyroid, I'm taking thyroxine", ["thyroid"]),
])
def test_the_treatment_named_beside_a_condition_is_not_another_condition(text, codes):
    reply = read("conditions", text)
    assert reply.value == codes and reply.own_words is None
