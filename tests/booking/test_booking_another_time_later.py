"""A patient who sees the time said back and wants another day says so at the next question ("nahi friday nahi,
saturday ko shaam 5 baje" when the phone number is asked): the time changes and the question is asked again,
nothing is dropped (seen in a widget trial: that reply stopped the booking, "I haven't booked anything")."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.booking import talk
from tests.booking.test_booking_conversation import CONFIRMED

PKT = ZoneInfo("Asia/Karachi")
NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=PKT)  # Monday 08:00


@pytest.fixture
def desk(make_desk):
    return make_desk(NOW)


def _at_the_phone_question(desk):
    slots = dict(CONFIRMED)
    talk.say(slots, "yes", desk, "affirm")
    talk.say(slots, "friday 5 pm", desk)
    assert slots["booking_time"]["start"].startswith("2026-12-11T17:00")
    assert talk.asked(slots, desk) and "mobile number" in talk.texts(talk.asked(slots, desk))
    return slots


@pytest.mark.parametrize("reply", [
    "nahi friday nahi, saturday ko shaam 5 baje",
    "no not friday, saturday at 5 please",
    "hafte ko 5 baje kar dein",
])
def test_another_day_at_the_phone_question_moves_the_time(desk, reply):
    slots = _at_the_phone_question(desk)
    outcome = talk.say(slots, reply, desk)
    assert slots["booking_time"]["start"].startswith("2026-12-12T17:00")
    assert "Saturday 12 December at 5 pm" in talk.texts(outcome.messages)
    assert "haven't booked" not in talk.texts(outcome.messages)
    assert "mobile number" in talk.texts(talk.asked(slots, desk))


def test_a_phone_number_is_still_a_phone_number(desk):
    slots = _at_the_phone_question(desk)
    talk.say(slots, "0300 1234567", desk)
    assert slots["phone"] == "+923001234567"
    assert slots["booking_time"]["start"].startswith("2026-12-11T17:00")


def test_no_at_the_confirmation_with_a_time_takes_that_time(desk):
    slots = _at_the_phone_question(desk)
    talk.say(slots, "0300 1234567", desk)
    talk.say(slots, "skip", desk)
    assert "booking_confirmed" not in slots or slots["booking_confirmed"] is None
    outcome = talk.say(slots, "no, saturday 5 pm instead", desk)
    assert slots["booking_time"]["start"].startswith("2026-12-12T17:00")
    assert "Saturday 12 December at 5 pm" in talk.texts(outcome.messages)
    assert not slots.get("booking_reference")
