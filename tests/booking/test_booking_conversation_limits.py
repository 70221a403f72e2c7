"""The booking conversation facing crafted payloads, cancelled references, guessing and the per-phone limit:
every message gets a polite reply, nothing raises."""
from __future__ import annotations


import pytest
from sqlalchemy import select

from bot.booking.database_desk import DatabaseBookingDesk
from bot.conversation.booking_steps import say as booking_text
from bot.conversation.form import ask, next_slot, step
from bot.conversation.turn import Turn
from bot.store import Booking
from tests.booking.test_booking_conversation import CONFIRMED, NOW, book_first_offer, say


@pytest.fixture
def desk(make_desk):
    return make_desk(NOW)


@pytest.fixture
def db_desk(session_factory):
    """For the tests that look into the database itself."""
    return DatabaseBookingDesk(session_factory, now=NOW)


def _texts(outcome):
    return " ".join(m.text for m in outcome.messages)


def _at_time_question():
    return dict(CONFIRMED, wants_booking=True)


@pytest.mark.parametrize("choice", [
    "slot:2026-12-08T11:00:00+05:00|dr-nobody",  # a practitioner the clinic does not have
    "slot:2026-12-08T11:00:00+05:00|derm-a|x",
    "slot:2026-12-08T11:00:00|derm-a",  # no time zone: our buttons always carry one
    "slot:0001-01-01T00:00:00+14:00|derm-a",  # the end of the calendar
    "slot:9999-12-31T23:59:59-12:00|derm-a",
    "slot:not-a-date|derm-a",
    "slot:|",
    "slot:" + "9" * 5000 + "|derm-a",
])
def test_a_crafted_time_button_is_answered_by_offering_the_times_again(desk, choice):
    slots = _at_time_question()
    outcome = step(slots, "booking_time", Turn('/inform{"choice":"%s"}' % choice, "inform", 1.0, choice), desk, "c")
    assert outcome.updates.get("booking_time") is None
    assert outcome.next_slot == "booking_time"
    slots.update(outcome.updates)
    question = ask("booking_time", slots, desk)[0]
    assert "didn't catch" in question.text and question.buttons, "the times are offered again"


def test_a_real_button_still_books_that_time(desk):
    slots = _at_time_question()
    offer = ask("booking_time", slots, desk)[0].buttons[1]
    say(slots, offer.title, desk, choice=offer.value)
    assert "slot:%s|%s" % (slots["booking_time"]["start"], slots["booking_time"]["practitioner_id"]) == offer.value


def test_a_skipped_name_is_not_booked_as_the_name_skipped(db_desk, session_factory):
    slots = dict(CONFIRMED, first_name="skipped")
    book_first_offer(slots, db_desk)
    with session_factory() as s:
        assert s.execute(select(Booking.first_name)).scalar_one() == "Patient"


def test_a_number_at_its_limit_is_told_at_once_what_to_do(desk):
    book_first_offer(dict(CONFIRMED), desk, "first")
    book_first_offer(dict(CONFIRMED), desk, "second")
    third = _at_time_question()
    offer = ask("booking_time", third, desk)[0].buttons[0]
    say(third, offer.title, desk, choice=offer.value, conversation="third")
    outcome = say(third, "0300 1234567", desk, conversation="third")
    text = _texts(outcome)
    assert "already has 2 upcoming appointments" in text and "cancel" in text and "call the clinic" in text
    assert third["wants_booking"] is False and third.get("phone") is None and next_slot(third) is None


def test_the_limit_reached_between_phone_and_confirmation_is_explained(desk):
    late = _at_time_question()
    offer = ask("booking_time", late, desk)[0].buttons[-1]
    say(late, offer.title, desk, choice=offer.value, conversation="late")
    say(late, "0300 1234567", desk, conversation="late")
    say(late, "skip", desk, conversation="late")
    book_first_offer(dict(CONFIRMED), desk, "first")  # meanwhile, in two other conversations
    book_first_offer(dict(CONFIRMED), desk, "second")
    outcome = say(late, "yes", desk, "affirm", conversation="late")
    assert "already has 2 upcoming appointments" in _texts(outcome)
    assert late.get("booking_reference") is None and next_slot(late) is None


def _cancel_elsewhere(desk, slots):
    desk.cancel(slots["booking_reference"], slots["phone"])


def test_rescheduling_a_booking_cancelled_meanwhile_is_answered_politely(desk):
    slots = dict(CONFIRMED)
    book_first_offer(slots, desk)
    say(slots, "reschedule", desk, "reschedule_booking")
    say(slots, "tomorrow at 5 pm", desk)
    _cancel_elsewhere(desk, slots)  # by staff, or from another conversation
    outcome = say(slots, "yes", desk, "affirm")
    assert "couldn't find that appointment any more" in _texts(outcome)
    assert slots.get("manage") is None and next_slot(slots) is None


def test_looking_up_a_cancelled_booking_says_so(desk):
    owner = dict(CONFIRMED)
    book_first_offer(owner, desk, "owner")
    _cancel_elsewhere(desk, owner)
    other = {}
    say(other, "reschedule my appointment", desk, "reschedule_booking", conversation="other")
    outcome = say(other, f"{owner['booking_reference']} 0300 1234567", desk, conversation="other")
    assert "already cancelled" in _texts(outcome) and other.get("manage") is None


def test_cancelling_a_booking_erased_meanwhile_is_answered_politely(db_desk, session_factory):
    slots = dict(CONFIRMED)
    book_first_offer(slots, db_desk)
    with session_factory() as s, s.begin():  # an erasure request carried out by staff
        s.query(Booking).delete()
    outcome = say(slots, "cancel my appointment", db_desk, "cancel_booking")
    assert "couldn't find that appointment any more" in _texts(outcome)
    assert slots.get("booking_reference") is None


def test_guessing_references_stops_after_three_wrong_answers(desk):
    owner = dict(CONFIRMED)
    book_first_offer(owner, desk, "owner")
    guesser = {}
    say(guesser, "cancel my appointment", desk, "cancel_booking", conversation="guesser")
    for guess in ("AAAAAA", "BBBBBB"):
        outcome = say(guesser, f"{guess} 0300 1234567", desk, conversation="guesser")
        assert booking_text("lookup.not_found") in _texts(outcome)
        assert outcome.updates, "a turn that sets no slot is rejected by Rasa's form, and the reply lost"
        assert next_slot(guesser) == "manage_lookup"
    outcome = say(guesser, "CCCCCC 0300 1234567", desk, conversation="guesser")
    assert "call the clinic" in _texts(outcome) and next_slot(guesser) != "manage_lookup"
    # Asking again, even with the right reference, gets the same answer; the booking stays.
    say(guesser, "cancel my appointment", desk, "cancel_booking", conversation="guesser")
    outcome = say(guesser, f"{owner['booking_reference']} 0300 1234567", desk, conversation="guesser")
    assert "call the clinic" in _texts(outcome)
    assert desk.find(owner["booking_reference"], "0300 1234567").status == "booked"


@pytest.mark.parametrize("text", [
    "\ud800", "\x00", "9" * 5000, "tomorrow at 99:99", "on 31/02/2027", "in 99999999999 days", "year 99999",
    "next monday at 25 pm", "/inform{\"choice\": null}", "😀" * 100, "kal " * 500,
])
def test_odd_text_at_every_booking_question_gets_a_reply_not_a_crash(desk, text):
    for question in ("wants_booking", "booking_time", "phone", "email", "booking_confirmed", "manage_lookup"):
        slots = dict(CONFIRMED, wants_booking=True, phone="+923001234567", email="skipped",
                     booking_time={"start": "2026-12-08T11:00:00+05:00", "end": "2026-12-08T11:30:00+05:00",
                                   "practitioner_id": "derm-a", "practitioner": "A"})
        if question == "manage_lookup":
            slots["manage"] = "cancel"
        outcome = step(slots, question, Turn(text, "inform", 0.5), desk, "odd")
        slots.update(outcome.updates)
        following = ask(outcome.next_slot, slots, desk) if outcome.next_slot else []
        assert outcome.messages + following, f"silence after {text[:20]!r} at {question}"


def test_every_booking_reply_sets_a_slot_so_rasa_keeps_the_turn(desk):
    """Rasa's form drops the turn (and our reply) when the validation sets no slot."""
    from bot.store import StorageUnavailable

    def down(*args, **kwargs):
        raise StorageUnavailable("down")

    slots = dict(CONFIRMED, wants_booking=True, manage="cancel")
    desk.look_up = down
    outcome = step(slots, "manage_lookup", Turn("K7P2QX 0300 1234567", "inform", 0.9), desk, "c")
    assert "isn't reachable" in _texts(outcome) and outcome.updates
