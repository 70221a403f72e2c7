"""The booking part of the conversation through the form's flow: on the in-memory desk, and in the slow tier
on the real database (SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.booking.reference import ALPHABET
from bot.conversation.form import ask, next_slot, step
from bot.conversation.turn import Turn
from tests.booking import talk

PKT = ZoneInfo("Asia/Karachi")
NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=PKT)  # Monday 08:00, clinic closed until 10
CONFIRMED = {
    "consent": True, "first_name": "Sara", "age": 34, "sex": "female", "description": "round patch",
    "duration_days": 21, "onset": "sudden", "pattern": "patches", "shedding": "clumps", "triggers": [],
    "family_history": False, "hairstyles": False, "scalp_symptoms": [], "nail_changes": False, "conditions": [],
    "medicines": [], "pregnancy": "no", "treatments_tried": [], "summary_confirmed": True,
    "assessment": {"likely_type": "alopecia_areata", "probabilities": {"alopecia_areata": 0.9,
                   "androgenetic_alopecia": 0.05, "telogen_effluvium": 0.05, "traction_alopecia": 0.0},
                   "confidence": 0.9, "red_flags": [], "contraindications": [], "evidence": []},
}


@pytest.fixture
def desk(make_desk):
    return make_desk(NOW)


say = talk.say  # the booking's reading first, then the form's (tests/booking/talk.py)


def book_first_offer(slots, desk, conversation="conv-1"):
    say(slots, "yes", desk, "affirm")
    offer = ask("booking_time", slots, desk)[0].buttons[0]
    say(slots, offer.title, desk, choice=offer.value, conversation=conversation)
    say(slots, "0300 1234567", desk, conversation=conversation)
    say(slots, "skip", desk, conversation=conversation)
    return say(slots, "yes", desk, "affirm", conversation=conversation)


def test_after_confirmation_the_result_and_a_booking_offer_are_shown(desk):
    slots = {k: v for k, v in CONFIRMED.items() if k not in ("summary_confirmed", "assessment")}
    outcome = step(slots, "summary_confirmed", Turn("yes that's right", "affirm", 0.95))
    slots.update(outcome.updates)
    assert next_slot(slots) == "wants_booking"
    messages = [m.text for m in outcome.messages + ask("wants_booking", slots, desk)]
    assert len(messages) <= 3
    assert any("alopecia areata" in m for m in messages) and "book a consultation" in messages[-1]


def test_a_full_booking_gives_a_reference_and_what_to_bring(desk):
    slots = dict(CONFIRMED)
    outcome = book_first_offer(slots, desk)
    reference = slots["booking_reference"]
    assert len(reference) == 6 and set(reference) <= set(ALPHABET)
    text = " ".join(m.text for m in outcome.messages)
    assert reference in text and "bring" in text and "Monday 7 December 2026" in text
    assert slots["phone"] == "+923001234567" and slots["email"] == "skipped"
    assert next_slot(slots) is None


def test_offers_are_real_free_times_in_clinic_hours(desk):
    slots = dict(CONFIRMED, wants_booking=True)
    buttons = ask("booking_time", slots, desk)[0].buttons
    # Monday 08:00: the clinic opens at 10:00, consultations last 30 minutes
    starts = [b.value.split("|")[0] for b in buttons]
    assert starts == [f"slot:2026-12-07T{t}:00+05:00" for t in ("10:00", "10:30", "11:00", "11:30")]
    assert [b.title for b in buttons][0] == "Mon 7 Dec 10 am"


def test_a_time_in_words_and_a_closed_time_get_alternatives(desk):
    slots = dict(CONFIRMED, wants_booking=True)
    said = say(slots, "Sunday at 11", desk)  # the clinic is closed on Sundays
    assert slots.get("booking_time") is None and slots["booking_alternatives"]
    assert "isn't open then" in talk.texts(said.messages)
    assert "nearest free times" in ask("booking_time", slots, desk)[0].text
    say(slots, "tomorrow at 4:30 pm", desk)
    assert slots["booking_time"]["start"].startswith("2026-12-08T16:30")


def test_invalid_phone_is_reasked(desk):
    slots = dict(CONFIRMED, wants_booking=True)
    offer = ask("booking_time", slots, desk)[0].buttons[0]
    say(slots, offer.title, desk, choice=offer.value)
    say(slots, "12345", desk)
    assert slots.get("phone") is None
    assert "doesn't look like a phone number" in ask("phone", slots, desk)[0].text
    say(slots, "+92 300 1234567", desk)
    assert slots["phone"] == "+923001234567"


def test_a_taken_slot_offers_alternatives_and_books_nothing_twice(desk):
    first = dict(CONFIRMED)
    book_first_offer(first, desk, "conv-1")
    second = dict(CONFIRMED)
    say(second, "yes", desk, "affirm", conversation="conv-2")
    say(second, "taken", desk, choice="slot:%s|%s" % (first["booking_time"]["start"], first["booking_time"]["practitioner_id"]),
        conversation="conv-2")
    if second.get("booking_time"):  # the other dermatologist may still be free at that time
        assert second["booking_time"]["practitioner_id"] != first["booking_time"]["practitioner_id"]
    else:
        assert second["booking_alternatives"], "a taken time is answered with free alternatives"
    # the same conversation confirming again does not create a second booking
    again = step(first, "booking_confirmed", Turn("yes", "affirm", 0.95), desk, "conv-1")
    assert again.updates.get("booking_reference", first["booking_reference"]) == first["booking_reference"]


def test_red_flag_intake_is_booked_as_doctor_review_first(desk):
    slots = dict(CONFIRMED)
    slots["assessment"] = dict(CONFIRMED["assessment"], red_flags=[{"code": "scarring_signs", "patient": "x",
                                                                   "staff": "y", "source": ""}])
    assert "before any cosmetic treatment" in ask("wants_booking", slots, desk)[-1].text
    outcome = book_first_offer(slots, desk)
    assert any("dermatologist will look at your answers first" in m.text for m in outcome.messages)


def test_cancel_own_appointment_frees_the_slot(desk):
    slots = dict(CONFIRMED)
    book_first_offer(slots, desk)
    booked = slots["booking_time"]
    say(slots, "cancel my appointment", desk, "cancel_booking")
    assert desk.free(dt.datetime.fromisoformat(booked["start"]), booked["practitioner_id"]) is None, "asked first"
    assert ask(next_slot(slots), slots, desk)[0].text.startswith("Cancel your appointment")
    outcome = say(slots, "yes", desk, "affirm")
    assert any("cancelled" in m.text for m in outcome.messages)
    assert desk.free(dt.datetime.fromisoformat(booked["start"]), booked["practitioner_id"]) is not None
    assert next_slot(slots) is None


def test_reschedule_own_appointment(desk):
    slots = dict(CONFIRMED)
    book_first_offer(slots, desk)
    reference = slots["booking_reference"]
    say(slots, "reschedule", desk, "reschedule_booking")
    assert next_slot(slots) == "booking_time"
    say(slots, "tomorrow at 5 pm", desk)
    assert "move your appointment" in ask("booking_confirmed", slots, desk)[0].text
    outcome = say(slots, "yes", desk, "affirm")
    assert any(reference in m.text and "now on" in m.text for m in outcome.messages)


def test_cancel_from_another_conversation_needs_reference_and_phone(desk):
    owner = dict(CONFIRMED)
    book_first_offer(owner, desk, "conv-1")
    stranger = {}
    say(stranger, "cancel my appointment", desk, "cancel_booking", conversation="conv-9")
    assert next_slot(stranger) == "manage_lookup"
    say(stranger, f"{owner['booking_reference']} 0300 7654321", desk, conversation="conv-9")  # wrong phone
    assert next_slot(stranger) == "manage_lookup"
    say(stranger, f"{owner['booking_reference'].lower()} 0300 1234567", desk, conversation="conv-9")
    assert desk.find(owner["booking_reference"], "0300 1234567").status == "booked", "nothing before the yes"
    outcome = say(stranger, "yes cancel it", desk, "cancel_booking", conversation="conv-9")
    assert any("cancelled" in m.text for m in outcome.messages)
    assert next_slot(stranger) is None, "someone who only came to cancel is not asked the intake"



def test_a_yes_to_the_offer_that_names_a_time_gets_that_time(desk):
    # "haan kar dein, kal shaam 5 baje ke baad" got the earliest morning times (found typing in the widget)
    slots = dict(CONFIRMED)
    said = say(slots, "haan kar dein, kal 4 baje", desk)
    assert slots["wants_booking"] is True
    assert slots["booking_time"]["start"].startswith("2026-12-08T16:00")
    # said back before the next question, so the patient knows the time asked for is the one kept
    assert "Tuesday 8 December at 4 pm with" in talk.texts(said.messages)
    later = dict(CONFIRMED)
    say(later, "yes please, tuesday evening if possible", desk)
    shown = ask("booking_time", later, desk) if later.get("booking_time") is None else []
    starts = [later["booking_time"]["start"]] if later.get("booking_time") else [
        b.value.split("|")[0].removeprefix("slot:") for b in shown[0].buttons]
    assert starts and all(s.startswith("2026-12-08T1") and int(s[11:13]) >= 17 for s in starts), starts


def test_a_plain_yes_to_the_offer_still_shows_the_earliest_times(desk):
    slots = dict(CONFIRMED)
    say(slots, "ji zaroor", desk)
    assert slots["wants_booking"] is True and slots.get("booking_time") is None
    assert ask("booking_time", slots, desk)[0].buttons[0].title == "Mon 7 Dec 10 am"


@pytest.mark.parametrize("yes", ["ok done", "Done.", "done kar dein"])
def test_done_is_a_yes_to_the_booking(desk, yes):
    # Pakistani English: "ok done" to "Shall I book it?" got "Sorry, I didn't catch that" (found typing)
    slots = dict(CONFIRMED)
    say(slots, "yes", desk, "affirm")
    offer = ask("booking_time", slots, desk)[0].buttons[0]
    say(slots, offer.title, desk, choice=offer.value)
    say(slots, "0300 1234567", desk)
    say(slots, "no email", desk)
    say(slots, yes, desk, "goodbye", confidence=0.6)  # the words decide, whatever the classifier guessed
    assert len(slots.get("booking_reference") or "") == 6
