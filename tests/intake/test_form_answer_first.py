"""While a question is open, a reply that can be its answer is its answer, whatever intent the NLU guessed;
only clear words (or a reply that is no answer at all) leave the question (issue 10, point 2)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.conversation.form import next_slot, step
from bot.conversation.leaving import says_so
from bot.conversation.slot_names import OTHER_ANSWERS
from bot.conversation.turn import Turn
from bot.intake.questions import OTHER
from tests.support.booking_desk import InMemoryBookingDesk

ANSWERS = {
    "consent": True, "first_name": "Rabia", "age": 41, "sex": "female", "description": "my parting looks wider",
    "duration_days": 200, "onset": "gradual", "pattern": "diffuse", "shedding": "more_shedding", "triggers": [],
    "family_history": False, "hairstyles": False, "scalp_symptoms": [], "nail_changes": False, "conditions": [],
    "medicines": [], "pregnancy": "no", "treatments_tried": [],
}


def open_at(slot):
    """Everything answered up to `slot`, which is the open question."""
    slots = {}
    for name, value in ANSWERS.items():
        if name == slot:
            break
        slots[name] = value
    assert next_slot(slots) == slot
    return slots


def reply(slot, text, intent, confidence=0.9, desk=None):
    return step(open_at(slot) if desk is None else dict(BOOKING), slot, Turn(text, intent, confidence), desk, "c-1")


@pytest.mark.parametrize("slot,text,intent", [
    ("shedding", "a little", "human_handoff"),  # a one-word amount is an amount, not a request for a human
    ("scalp_symptoms", "flaky scalp now and then", "faq"),
    ("duration_days", "teen mahine se", "faq"),  # Roman Urdu: for three months
    ("medicines", "warfarin", "delete_my_data"),
    ("medicines", "losartan for my blood pressure", "delete_my_data"),
    ("first_name", "Noor", "stop"),
    ("family_history", "no", "out_of_scope"),
])
def test_a_reply_that_can_answer_the_open_question_answers_it(slot, text, intent):
    outcome = reply(slot, text, intent)
    assert not outcome.reject
    assert outcome.updates.get(slot) is not None
    assert outcome.next_slot != slot, "answered: the form moves on"


def test_mapped_and_own_words_answers_keep_what_was_said():
    assert "scaling" in reply("scalp_symptoms", "flaky scalp now and then", "faq").updates["scalp_symptoms"]
    assert reply("duration_days", "teen mahine se", "faq").updates["duration_days"] == 90
    assert reply("medicines", "warfarin", "delete_my_data").updates["medicines"] == ["blood_thinner"]
    own = reply("medicines", "losartan for my blood pressure", "delete_my_data").updates
    assert OTHER in own["medicines"] and own[OTHER_ANSWERS]["medicines"] == "losartan for my blood pressure"


@pytest.mark.parametrize("slot,text,intent", [
    ("scalp_symptoms", "is the treatment painful?", "faq"),  # could name pain, but it asks about the treatment
    ("medicines", "how much do the sessions cost", "faq"),
    ("shedding", "I'd like to speak with someone from the clinic", "human_handoff"),
    ("pattern", "insaan se baat karwa dein", "human_handoff"),
    ("onset", "please stop now", "stop"),
    ("triggers", "can we start from scratch", "start_over"),
    ("medicines", "remove all my information", "delete_my_data"),
    ("age", "why do you need this", "ask_why"),
])
def test_clear_words_leave_the_question(slot, text, intent):
    assert reply(slot, text, intent).reject


@pytest.mark.parametrize("slot,text,intent", [
    ("nail_changes", "can I colour my hair during treatment?", "faq"),  # a question back, not an answer
    ("age", "what?", "out_of_scope"),
    ("hairstyles", "??", "bot_challenge"),
])
def test_a_reply_that_is_no_answer_goes_to_the_rules(slot, text, intent):
    assert reply(slot, text, intent).reject


def test_without_a_confident_interruption_a_non_answer_is_asked_again_not_handed_off():
    outcome = reply("nail_changes", "can I colour my hair during treatment?", "faq", confidence=0.3)
    assert not outcome.reject and outcome.next_slot == "nail_changes"


def test_the_words_of_leaving_are_not_found_in_answers():
    assert not says_so("stop", "my hair won't stop falling")
    assert not says_so("human_handoff", "my doctor said it is thyroid")
    assert not says_so("faq", "it hurts when I comb")  # telling, not asking


PKT = ZoneInfo("Asia/Karachi")
BOOKING = {**ANSWERS, "summary_confirmed": True, "wants_booking": True,
           "assessment": {"likely_type": "telogen_effluvium", "red_flags": [], "evidence": []}}


def test_a_time_at_the_booking_question_is_a_time_whatever_the_intent():
    desk = InMemoryBookingDesk(now=dt.datetime(2026, 12, 7, 8, 0, tzinfo=PKT))  # a Monday morning
    for intent in ("faq", "cancel_booking", "reschedule_booking"):
        outcome = reply("booking_time", "wednesday at 3 pm", intent, desk=desk)
        assert not outcome.reject and outcome.updates.get("booking_time", {}).get("start", "").startswith(
            "2026-12-09T15:00"), intent
        assert "manage" not in outcome.updates


def test_clear_words_to_cancel_leave_any_question():
    desk = InMemoryBookingDesk(now=dt.datetime(2026, 12, 7, 8, 0, tzinfo=PKT))
    outcome = step(open_at("medicines"), "medicines", Turn("please cancel my appointment", "cancel_booking", 0.9),
                   desk, "c-1")
    assert outcome.updates.get("manage") == "cancel" and "medicines" not in outcome.updates
    asked = step(open_at("medicines"), "medicines", Turn("do I have to cancel if I get a fever?", "cancel_booking", 0.9),
                 desk, "c-1")
    assert "manage" not in asked.updates and asked.messages, "a question about cancelling changes nothing"


def test_an_answer_the_nlu_took_for_skip_is_an_answer():
    outcome = reply("family_history", "nobody I'm aware of", "skip")
    assert outcome.updates["family_history"] not in (None, "skipped")
    assert reply("family_history", "can we skip this one", "skip").updates["family_history"] == "skipped"


def test_an_answer_the_nlu_took_for_go_back_is_an_answer():
    outcome = reply("pattern", "at the back of my head", "go_back")
    assert outcome.updates.get("pattern") is not None and outcome.next_slot != "onset"
    assert reply("pattern", "oops go back please", "go_back").next_slot == "onset"


def test_a_question_inside_a_reply_is_a_question():
    assert reply("hairstyles", "quick question, will the needles hurt, I hate injections", "faq").reject
    assert reply("hairstyles", "btw is it safe during breastfeeding", "faq").reject
    assert not reply("hairstyles", "no, mostly a loose braid", "faq").reject
