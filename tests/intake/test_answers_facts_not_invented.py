"""Facts the patient never gave are not stored (issue 10, class 3), in new words: an age is no duration, a
half is kept, fillers are no names, a loose hairstyle is no tight one, a past pregnancy is not now, a wish is
not a treatment tried, a relative in passing is not yet a family history, stopping the pill is not a birth,
corrections read the new value, and a question the patient asks states nothing."""
from __future__ import annotations

import pytest

from bot.conversation.answers import answer_for
from bot.conversation.turn import Turn
from bot.conversation.volunteered import corrections, is_correction, volunteered
from bot.intake.questions import question


def read(slot, text):
    turn = Turn(text)
    return answer_for(question(slot), turn), turn


@pytest.mark.parametrize("text,age", [
    ("31 years", 31), ("meri umar 52 saal hai", 52), ("chaalis", None), ("9 saal", 9), ("she turned 8 years", 8),
    ("pachas saal", 50),
])
def test_an_age_reply_never_sets_how_long(text, age):
    reply, turn = read("age", text)
    if age is not None:
        assert reply.value == age
    assert "duration_days" not in volunteered(text, turn.understood("age"))


@pytest.mark.parametrize("text", ["umar 38 saal, baal gir rahe hain", "I'm 41 years and balding"])
def test_an_age_said_anywhere_is_no_duration(text):
    _, turn = read("description", text)
    assert "duration_days" not in volunteered(text, turn.understood("description"))


def test_a_duration_beside_an_age_is_still_read():
    _, turn = read("age", "I'm 30, losing hair for 2 years")
    assert turn.understood("age").slots.get("duration_days") == 730


@pytest.mark.parametrize("text,days", [
    ("2.5 years", 912), ("dedh saal", 548), ("saadhe do saal", 912), ("do saal aur teen mahine", 820),
    ("one year and two months", 425), ("about 3 weeks", 21), ("a few years, maybe 4", 1460),
    ("probably 7 years", 2555), ("teen hafte se", 21),
])
def test_a_duration_keeps_its_halves_and_parts(text, days):
    assert read("duration_days", text)[0].value == days


@pytest.mark.parametrize("text,days", [
    ("4 months, not 6", 120), ("not three weeks, more like 8 weeks", 56), ("3 saal nahi, 4 saal", 1460),
])
def test_a_corrected_duration_reads_the_new_value(text, days):
    assert read("duration_days", text)[0].value == days


@pytest.mark.parametrize("text,age", [("27 not 72", 27), ("not 17, 71", 71), ("oops I typed wrong, 44", 44)])
def test_a_corrected_age_reads_the_new_value(text, age):
    assert read("age", text)[0].value == age


@pytest.mark.parametrize("text,name", [
    ("it's Mehreen", "Mehreen"), ("its sadia", "Sadia"), ("this is Kashif", "Kashif"), ("ji, Rukhsana", "Rukhsana"),
    ("actually it's Bushra", "Bushra"), ("naam Farhan hai", "Farhan"),
])
def test_a_name_after_a_lead_in(text, name):
    assert read("first_name", text)[0].value == name


@pytest.mark.parametrize("text", ["jee", "actually", "kk", "haan", "achha", "theek", "okay", "thik hai", "sure"])
def test_a_filler_is_no_name(text):
    assert read("first_name", text)[0].value is None


@pytest.mark.parametrize("slot,text,absent", [
    ("description", "thinning on top, I wear it in a loose braid", "hairstyles"),
    ("conditions", "I had low iron during my pregnancy", "pregnancy"),
    ("description", "my hair is falling, I want PRP", "treatments_tried"),
    ("description", "should I try minoxidil? my crown is thin", "treatments_tried"),
    ("description", "my sister's son had the same thing", "family_history"),
    ("description", "I'm not sure about my mother's side", "family_history"),
    ("triggers", "I stopped taking my contraceptive pill in March", "medicines"),
    ("medicines", "tablets for my knee, it hurts a lot", "scalp_symptoms"),
    ("description", "is it normal to lose hair after typhoid?", "triggers"),
])
def test_what_the_patient_did_not_say_about_themselves_is_not_volunteered(slot, text, absent):
    _, turn = read(slot, text)
    found = volunteered(text, turn.understood(slot))
    if absent == "hairstyles":
        assert found.get("hairstyles") is False  # a loose braid says "no tight hairstyles", if anything
    else:
        assert absent not in found


def test_stopping_the_pill_is_not_a_birth():
    reply, _ = read("triggers", "got off birth control in spring")
    assert reply.value == ["stopped_pill"]


def test_a_wish_is_not_a_treatment_tried_but_a_use_is():
    for text in ("I'd like to get mesotherapy", "thinking about a transplant", "PRP karwana hai"):
        assert "treatments_tried" not in volunteered(text, read("description", text)[1].understood("description"))
    for text in ("did 4 sessions of PRP last year", "been using rogaine for months", "minoxidil lagaya tha"):
        assert volunteered(text, read("description", text)[1].understood("description"))["treatments_tried"]


def test_the_family_question_itself_takes_a_relative():
    assert read("family_history", "her cousin went bald young")[0].value is True
    assert read("family_history", "not sure about her dad's side")[0].value == "other"


def test_a_correction_needs_correction_words():
    assert not is_correction("sorry for the long message, it started after my exams")
    assert not is_correction("I mean it is getting really thin")
    assert is_correction("oops, 36 not 63")
    assert is_correction("sorry, it's been 8 months")
    text = "actually my father is bald too"
    _, turn = read("pattern", text)
    assert corrections(text, turn.understood("pattern")).get("family_history") is True


def test_for_years_without_a_number_is_asked_not_assumed():
    text = "the crown has been thinning for years"
    _, turn = read("description", text)
    assert "duration_days" not in volunteered(text, turn.understood("description"))
    assert read("duration_days", "for years now")[0].value == 730  # as the answer to "how long?", the button's 730
    text = "thinning for 6 years"
    assert volunteered(text, read("description", text)[1].understood("description"))["duration_days"] == 2190
