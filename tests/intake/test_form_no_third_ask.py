"""No question is asked a third time (issue 10): the consent question, the read-back and the booking steps
have a way on after a second reply the bot cannot use, and none of them stores or books anything by it."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.support.booking_desk import InMemoryBookingDesk
from bot.conversation.form import ask, next_slot, start, step
from bot.conversation.turn import Turn

NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=ZoneInfo("Asia/Karachi"))
ANSWERED = {
    "consent": True, "first_name": "Asma", "age": 41, "sex": "female", "description": "thin all over since summer",
    "duration_days": 120, "onset": "gradual", "pattern": "diffuse", "shedding": "more_shedding", "triggers": [],
    "family_history": False, "hairstyles": False, "scalp_symptoms": [], "nail_changes": False, "conditions": [],
    "medicines": [], "pregnancy": "no", "treatments_tried": [],
}


def say(slots, text, desk=None):
    requested = next_slot(slots)
    outcome = step(slots, requested, Turn(text, "inform", 0.4), desk, "conv-x")
    slots.update(outcome.updates)
    return requested, outcome


def words(outcome) -> str:
    return " ".join(m.text for m in outcome.messages)


def test_consent_is_not_asked_a_third_time_and_nothing_is_kept():
    slots: dict = {}
    assert say(slots, "hmm")[0] == "consent"
    asked, outcome = say(slots, "wot")
    assert asked == "consent" and next_slot(slots) is None
    assert slots.get("consent") is None and "start" in words(outcome)
    resumed = start(slots, Turn("start", "greet", 0.9))
    slots.update(resumed.updates)
    assert resumed.next_slot == "consent"


def test_the_read_back_is_not_read_a_third_time():
    slots = dict(ANSWERED)
    assert say(slots, "ummm")[0] == "summary_confirmed"
    asked, outcome = say(slots, "the thing")
    assert asked == "summary_confirmed" and slots["summary_confirmed"] is True
    assert "as you gave them" in words(outcome) and slots["assessment"]
    assert slots["age"] == 41 and slots["pattern"] == "diffuse"  # nothing changed by it


@pytest.fixture
def desk():
    return InMemoryBookingDesk(now=NOW)


def at_booking_time(desk):
    slots = {**ANSWERED, "summary_confirmed": True}
    say(slots, "yes please", desk)  # to the booking offer
    assert next_slot(slots) == "booking_time"
    return slots


def test_a_booking_time_is_not_asked_a_third_time_and_nothing_is_booked(desk):
    slots = at_booking_time(desk)
    say(slots, "blue", desk)
    asked, outcome = say(slots, "the blue one", desk)
    assert asked == "booking_time" and next_slot(slots) is None
    assert slots["wants_booking"] is False and not desk.bookings
    assert "book a consultation" in words(outcome)


def test_the_email_is_left_out_after_two_unusable_replies(desk):
    slots = at_booking_time(desk)
    first = ask("booking_time", slots, desk)[0].buttons[0]
    slots.update(step(slots, "booking_time", Turn(first.title, "inform", 0.9, first.value), desk, "conv-x").updates)
    say(slots, "0300 1234567", desk)
    assert next_slot(slots) == "email"
    say(slots, "at the gmail", desk)
    asked, _ = say(slots, "same as before", desk)
    assert asked == "email" and slots["email"] == "skipped" and next_slot(slots) == "booking_confirmed"
