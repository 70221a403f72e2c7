"""Booking, cancelling and moving from any point of the conversation, each an explicit step the patient agrees
to, each with a way out (issue 10, point 4). In the patients' kind of words, not the harness profiles'.
On the in-memory desk, and in the slow tier on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.booking.database_desk import DatabaseBookingDesk
from bot.booking.reference import ALPHABET
from bot.conversation.form import ask, next_slot
from bot.store.models import Intake
from tests.booking.talk import asked, say, texts
from tests.booking.test_booking_conversation import CONFIRMED, NOW, PKT, book_first_offer

OTHER_REFERENCE = "".join(ALPHABET[i] for i in (3, 9, 27, 1, 22, 5))


@pytest.fixture
def desk(make_desk):
    return make_desk(NOW)


def _stored_intake(desk) -> int:
    """The id of a stored intake to book against (any number on the in-memory desk)."""
    if not isinstance(desk, DatabaseBookingDesk):
        return 42
    with desk.sessions() as session, session.begin():
        intake = Intake(conversation_id="conv-1", channel="rest", schema_version="test", summary={})
        session.add(intake)
        session.flush()
        return intake.id


def booked(desk):
    """A conversation with a confirmed, stored intake and a booked consultation, and its booking."""
    slots = dict(CONFIRMED, intake_id=_stored_intake(desk))
    book_first_offer(slots, desk)
    return slots, desk.find(slots["booking_reference"], slots["phone"])


def at(*args):
    return dt.datetime(*args, tzinfo=PKT)


# -- cancelling ---------------------------------------------------------------------------------------------
def test_cancelling_asks_first_and_no_keeps_the_appointment(desk):
    slots, booking = booked(desk)
    say(slots, "please call off the consultation I booked", desk, "cancel_booking")
    question = asked(slots, desk)[0]
    assert question.text == f"Cancel your appointment {booking.reference} on Monday 7 December 2026 at 10:00 am?"
    assert [b.title for b in question.buttons] == ["Yes, cancel it", "No, keep it"]
    assert slots["pending_confirmation"] == "cancel_booking"
    assert desk.find(booking.reference, slots["phone"]).status == "booked", "nothing changes before the yes"

    kept = say(slots, "no no, leave it as it is", desk, "deny")
    assert "stays as it is" in texts(kept.messages)
    assert desk.find(booking.reference, slots["phone"]).status == "booked"
    assert slots["pending_confirmation"] is None and slots["manage"] is None and next_slot(slots) is None


def test_cancelling_happens_only_after_the_yes(desk):
    slots, booking = booked(desk)
    say(slots, "I won't be able to make it, cancel please", desk, "cancel_booking")
    done = say(slots, "haan ji", desk, "affirm")
    assert f"{booking.reference} on Monday 7 December 2026 at 10:00 am is cancelled" in texts(done.messages)
    assert desk.find(booking.reference, slots["phone"]).status == "cancelled"
    assert desk.free(at(2026, 12, 7, 10), booking.practitioner_id) is not None
    assert slots["booking_reference"] is None and next_slot(slots) is None


@pytest.mark.parametrize("question", [
    "if my son has a temperature that morning, should we cancel?",
    "what happens if I have to cancel at the last minute",
    "is there any charge for cancelling",
    "do I need to reschedule if I'm travelling that week?",
])
def test_a_question_about_cancelling_changes_nothing(desk, question):
    slots, booking = booked(desk)
    intent = "reschedule_booking" if "reschedule" in question else "cancel_booking"
    reply = say(slots, question, desk, intent)
    assert "nothing needs deciding now" in texts(reply.messages)
    assert reply.updates, "the turn sets a slot, so Rasa keeps it and its reply"
    assert slots.get("manage") is None and slots.get("pending_confirmation") is None
    assert desk.find(booking.reference, slots["phone"]).status == "booked"


def test_cancelling_by_reference_from_another_conversation_asks_too(desk):
    owner, booking = booked(desk)
    stranger = {}
    say(stranger, "need to cancel my visit", desk, "cancel_booking", conversation="walk-in")
    assert "booking reference" in asked(stranger, desk)[0].text
    say(stranger, f"{booking.reference} +92 300 1234567", desk, conversation="walk-in")
    assert asked(stranger, desk)[0].text.startswith(f"Cancel your appointment {booking.reference} on Monday")
    assert desk.find(booking.reference, owner["phone"]).status == "booked"
    say(stranger, "ok cancel it", desk, conversation="walk-in")
    assert desk.find(booking.reference, owner["phone"]).status == "cancelled"
    assert next_slot(stranger) is None, "someone who only came to cancel is not asked the intake"


def test_a_wrong_or_cancelled_reference_always_gets_a_reply(desk):
    owner, booking = booked(desk)
    stranger = {}
    say(stranger, "cancel the booking I made last week", desk, "cancel_booking", conversation="s")
    wrong = say(stranger, f"{OTHER_REFERENCE} 0300 1234567", desk, conversation="s")
    assert "couldn't find a booking" in texts(wrong.messages) and wrong.updates
    assert next_slot(stranger) == "manage_lookup"
    desk.cancel(booking.reference, owner["phone"])  # cancelled meanwhile (by staff, or another chat)
    gone = say(stranger, f"{booking.reference} 0300 1234567", desk, conversation="s")
    assert "already cancelled" in texts(gone.messages) and stranger["manage"] is None


def test_a_confirmation_for_an_appointment_cancelled_meanwhile_is_answered_politely(desk):
    slots, booking = booked(desk)
    say(slots, "cancel my booking", desk, "cancel_booking")
    desk.cancel(booking.reference, slots["phone"])
    reply = say(slots, "yes", desk, "affirm")
    assert "couldn't find that appointment any more" in texts(reply.messages) or "cancelled" in texts(reply.messages)
    assert slots["manage"] is None and next_slot(slots) is None


def test_never_mind_leaves_the_reference_question(desk):
    slots = dict(CONFIRMED, wants_booking=False)
    say(slots, "I'd like to cancel my appointment", desk, "cancel_booking")
    assert next_slot(slots) == "manage_lookup"
    reply = say(slots, "actually never mind", desk, "deny")
    assert "nothing was changed" in texts(reply.messages) and slots["manage"] is None and next_slot(slots) is None


def test_cancel_while_a_new_booking_is_being_made_stops_it(desk):
    slots = dict(CONFIRMED, wants_booking=True)
    reply = say(slots, "cancel it, I changed my mind about the appointment", desk, "cancel_booking")
    assert "haven't booked anything" in texts(reply.messages)
    assert slots["wants_booking"] is False and next_slot(slots) is None and slots.get("booking_reference") is None


# -- moving -------------------------------------------------------------------------------------------------
def test_moving_with_the_new_time_in_the_request_proposes_it_first(desk):
    slots, booking = booked(desk)
    say(slots, "could you shift it to thursday at 3 pm", desk, "reschedule_booking")
    assert slots["booking_time"]["start"] == "2026-12-10T15:00:00+05:00"
    assert slots["pending_confirmation"] == "reschedule_booking"
    question = asked(slots, desk)[0]
    assert f"move your appointment {booking.reference} to Thursday 10 December at 3 pm" in question.text
    assert desk.find(booking.reference, slots["phone"]).start_at == at(2026, 12, 7, 10), "not moved before the yes"
    done = say(slots, "yes please", desk, "affirm")
    assert "is now on Thursday 10 December 2026 at 3:00 pm" in texts(done.messages)
    assert desk.find(booking.reference, slots["phone"]).start_at == at(2026, 12, 10, 15)
    assert slots["pending_confirmation"] is None and next_slot(slots) is None


def test_moving_in_roman_urdu_to_the_day_after_tomorrow_morning(desk):
    slots, booking = booked(desk)
    say(slots, "appointment parson subah shift kar dein", desk, "reschedule_booking")
    assert slots["booking_time"]["start"] == "2026-12-09T10:00:00+05:00"
    say(slots, "ji theek hai", desk, "affirm")
    assert desk.find(booking.reference, slots["phone"]).start_at == at(2026, 12, 9, 10)


def test_moving_without_a_time_asks_for_one_and_keep_it_is_a_way_out(desk):
    slots, booking = booked(desk)
    say(slots, "I need a different day for my consultation", desk, "reschedule_booking")
    assert next_slot(slots) == "booking_time"
    assert "When would you like to come instead?" in asked(slots, desk)[0].text
    reply = say(slots, "hmm no, keep it as it is", desk, "deny")
    assert "stays as it is" in texts(reply.messages)
    assert desk.find(booking.reference, slots["phone"]).start_at == at(2026, 12, 7, 10)
    assert slots["manage"] is None and next_slot(slots) is None


def test_another_time_at_the_move_question_asks_the_time_again(desk):
    slots, _ = booked(desk)
    say(slots, "please postpone my appointment to friday evening", desk, "reschedule_booking")
    assert slots["booking_time"]["start"] == "2026-12-11T17:00:00+05:00"
    say(slots, "Choose another time", desk, choice="no")
    assert next_slot(slots) == "booking_time" and slots["pending_confirmation"] is None


# -- booking again, and booking without the intake ----------------------------------------------------------
def test_after_a_cancellation_book_again_reuses_the_stored_intake(desk):
    slots, first = booked(desk)
    say(slots, "cancel my consultation", desk, "cancel_booking")
    say(slots, "yes", desk, "affirm")
    say(slots, "can I book it again please", desk, "book_appointment")
    assert next_slot(slots) == "booking_time", "no intake questions again"
    offer = ask("booking_time", slots, desk)[0].buttons[1]
    say(slots, offer.title, desk, choice=offer.value)
    assert next_slot(slots) == "booking_confirmed", "the phone and email are kept"
    done = say(slots, "ok book", desk, "book_appointment")
    second = desk.find(slots["booking_reference"], slots["phone"])
    assert second.reference != first.reference and second.status == "booked"
    assert second.intake_id == first.intake_id == slots["intake_id"] and "is booked" in texts(done.messages)


def test_book_again_with_a_time_in_it_goes_straight_to_the_check(desk):
    slots, _ = booked(desk)
    say(slots, "cancel my consultation", desk, "cancel_booking")
    say(slots, "yes", desk, "affirm")
    say(slots, "rebook me for tomorrow at 11 am", desk, "book_appointment")
    assert slots["booking_time"]["start"] == "2026-12-08T11:00:00+05:00"
    assert next_slot(slots) == "booking_confirmed"


def test_asking_to_book_while_booked_says_so(desk):
    slots, booking = booked(desk)
    reply = say(slots, "I want to book an appointment", desk, "book_appointment")
    assert f"You already have an appointment: Monday 7 December 2026 at 10:00 am, reference {booking.reference}" in (
        texts(reply.messages))
    assert next_slot(slots) is None and slots["booking_reference"] == booking.reference


def test_after_declining_consent_an_appointment_needs_only_a_name_and_a_phone(desk):
    slots = {"consent": False, "intake_status": "declined_told"}
    reply = say(slots, "can I still get an appointment with the skin doctor", desk, "book_appointment")
    assert "won't ask about your health" in texts(reply.messages)
    assert next_slot(slots) == "first_name"
    say(slots, "Zubair", desk, "inform")
    assert slots["first_name"] == "Zubair" and next_slot(slots) == "booking_time"
    say(slots, "wednesday afternoon", desk)
    assert slots["booking_time"]["start"] == "2026-12-09T14:00:00+05:00"
    say(slots, "0333 7654321", desk)
    say(slots, "no email", desk)
    assert "for Zubair" in asked(slots, desk)[0].text
    say(slots, "yes", desk, "affirm")
    booking = desk.find(slots["booking_reference"], "03337654321")
    assert (booking.first_name, booking.phone, booking.intake_id) == ("Zubair", "+923337654321", None)
    assert next_slot(slots) is None
    answered = {k for k, v in slots.items() if v is not None}
    assert not answered & {"age", "sex", "description", "duration_days", "medicines", "assessment"}
    assert slots["consent"] is None and slots["intake_status"] == "declined_told", "the decline stands"


def test_only_an_appointment_before_consent_books_without_the_intake(desk):
    slots = {}
    say(slots, "I only want to book a consultation, no questions please", desk, "book_appointment")
    assert slots.get("consent") is None and slots["manage"] == "book"
    assert next_slot(slots) == "first_name", "no consent question: only what the booking needs"


def test_an_appointment_asked_for_before_consent_comes_after_the_questions_offer(desk):
    slots = {}
    reply = say(slots, "hello, I want to book a hair consultation", desk, "book_appointment")
    assert 'say "just book"' in texts(reply.messages)
    assert slots.get("consent") is None and next_slot(slots) == "consent"


def test_during_the_questions_book_asks_finish_first_or_book_now(desk):
    slots = {"consent": True, "intake_status": "in_progress", "first_name": "Hira", "age": 29, "sex": "female"}
    say(slots, "can we just get an appointment fixed first", desk, "book_appointment")
    question = asked(slots, desk)[0]
    assert "shall we finish them first?" in question.text
    assert [b.value for b in question.buttons] == ["finish", "book_now"]
    say(slots, "ok", desk, "affirm")
    assert slots["manage"] is None and next_slot(slots) == "description", "ok: the questions first"

    say(slots, "actually please just book me, I'll explain at the clinic", desk, "book_appointment")
    say(slots, "Just book now", desk, choice="book_now")
    assert next_slot(slots) == "booking_time", "the name is known"
    offer = ask("booking_time", slots, desk)[0].buttons[0]
    say(slots, offer.title, desk, choice=offer.value)
    say(slots, "0321 5556677", desk)
    say(slots, "skip", desk)
    say(slots, "yes", desk, "affirm")
    booking = desk.find(slots["booking_reference"], "03215556677")
    assert booking.first_name == "Hira" and booking.intake_id is None
    assert next_slot(slots) is None, "the patient chose to book instead of the questions"


@pytest.mark.parametrize("reply", ["haan ji book kar dein", "yeah go on, book it", "ok book karo"])
def test_book_words_at_the_offer_are_a_yes(desk, reply):
    slots = dict(CONFIRMED)
    say(slots, reply, desk, "book_appointment")
    assert slots["wants_booking"] is True and next_slot(slots) == "booking_time"


@pytest.mark.parametrize("reply", ["maybe later, thanks", "abhi nahi", "not now, I'll call"])
def test_not_now_at_the_offer_is_a_no(desk, reply):
    slots = dict(CONFIRMED)
    say(slots, reply, desk, "deny")
    assert slots["wants_booking"] is False and next_slot(slots) is None


def test_never_mind_at_the_time_question_books_nothing(desk):
    slots = dict(CONFIRMED, wants_booking=True)
    reply = say(slots, "forget it for now", desk, "deny")
    assert "haven't booked anything" in texts(reply.messages) and next_slot(slots) is None


# -- the time question keeps its answers, whatever the NLU guessed --------------------------------------------
@pytest.mark.parametrize("words, intent, start", [
    ("saturday after five pm", "faq", "2026-12-12T17:00:00+05:00"),
    ("kal shaam ko", "out_of_scope", "2026-12-08T17:00:00+05:00"),
    ("agle hafte", "inform", "2026-12-14T10:00:00+05:00"),
    ("earliest one you've got", "human_handoff", "2026-12-07T10:00:00+05:00"),
])
def test_a_time_at_the_time_question_is_the_answer(desk, words, intent, start):
    slots = dict(CONFIRMED, wants_booking=True)
    say(slots, words, desk, intent, confidence=0.9)
    assert slots["booking_time"]["start"] == start


def test_saturday_after_closing_says_the_clinic_is_closed_and_offers_the_nearest(desk):
    slots = dict(CONFIRMED, wants_booking=True)
    reply = say(slots, "saturday after 8 pm", desk)
    assert "isn't open then" in texts(reply.messages)
    offered = [b.value.split("|")[0] for b in asked(slots, desk)[0].buttons]
    assert "slot:2026-12-12T18:30:00+05:00" in offered


# -- found by the conversation fuzz test -----------------------------------------------------------------------
def test_the_request_said_again_at_its_confirmation_asks_again_and_is_never_a_no(desk):
    slots, booking = booked(desk)
    say(slots, "cancel my appointment please", desk, "cancel_booking")
    again = say(slots, "we won't make it, so cancel it", desk, "cancel_booking")
    assert "stays as it is" not in texts(again.messages), "the negation in the reason is no 'no'"
    assert desk.find(booking.reference, slots["phone"]).status == "booked", "a request again is no explicit yes"
    assert asked(slots, desk)[0].text.startswith(f"Cancel your appointment {booking.reference}")
    say(slots, "yes", desk, "affirm")
    assert desk.find(booking.reference, slots["phone"]).status == "cancelled"


def test_move_it_to_another_day_at_the_move_question_proposes_that_day(desk):
    slots, booking = booked(desk)
    say(slots, "can I reschedule to wednesday at 11", desk, "reschedule_booking")
    assert slots["booking_time"]["start"] == "2026-12-09T11:00:00+05:00"
    say(slots, "no wait, move it to thursday at 12", desk, "reschedule_booking")
    assert slots["booking_time"]["start"] == "2026-12-10T12:00:00+05:00"
    assert desk.find(booking.reference, slots["phone"]).start_at == at(2026, 12, 7, 10), "still only proposed"


@pytest.mark.parametrize("words, intent", [
    ("mera data delete kar do", "delete_my_data"),
    ("I'll book it later", "book_appointment"),
    ("hmm kar do jo bhi", "inform"),
])
def test_words_that_are_no_yes_book_nothing_at_the_confirmation(desk, words, intent):
    slots = dict(CONFIRMED, wants_booking=True)
    offer = ask("booking_time", slots, desk)[0].buttons[0]
    say(slots, offer.title, desk, choice=offer.value)
    say(slots, "0300 1234567", desk)
    say(slots, "skip", desk)
    assert next_slot(slots) == "booking_confirmed"
    say(slots, words, desk, intent)
    assert slots.get("booking_reference") is None
