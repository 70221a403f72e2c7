"""A parent booking for a child: the doctor-first offer speaks of "your child", the confirmation asks for the
adult's ID (no CNIC for a child), and the booking's "why" answers fit where the booking stands."""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from bot.booking.confirmation import confirmation
from bot.conversation.booking_state import BOOK_ONLY
from bot.conversation.form import ask, step, why
from bot.conversation.turn import Turn
from tests.booking import talk

PKT = ZoneInfo("Asia/Karachi")
NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=PKT)
RED_FLAG = {"code": "possible_fungal_infection", "patient": "A scaly patch ...", "staff": "tinea", "source": "S18"}
CHILD = {
    "consent": True, "first_name": "Ali", "age": 7, "sex": "male", "description": "my son has a scaly patch",
    "duration_days": 30, "onset": "sudden", "pattern": "patches", "shedding": "neither", "triggers": [],
    "family_history": False, "hairstyles": False, "scalp_symptoms": ["scaling"], "nail_changes": False,
    "conditions": [], "medicines": [], "pregnancy": None, "treatments_tried": [], "summary_confirmed": True,
    "assessment": {"likely_type": "unclear", "probabilities": {}, "confidence": 0.0, "red_flags": [RED_FLAG],
                   "contraindications": [], "evidence": []},
}
ADULT = {**CHILD, "first_name": "Sara", "age": 34, "sex": "female", "description": "a scaly patch", "pregnancy": "no"}
SEE_YOU = re.compile(r"\bsee you\b")


@pytest.fixture
def desk(make_desk):
    return make_desk(NOW)


def test_the_doctor_first_offer_speaks_of_the_child():
    offer = ask("wants_booking", dict(CHILD))[-1].text
    assert "your child" in offer and not SEE_YOU.search(offer)
    assert SEE_YOU.search(ask("wants_booking", dict(ADULT))[-1].text)


def book(slots, desk):
    talk.say(slots, "yes please", desk, "affirm")
    first = ask("booking_time", slots, desk)[0].buttons[0]
    talk.say(slots, first.title, desk, choice=first.value)
    talk.say(slots, "0300 1234567", desk)
    talk.say(slots, "no email", desk)
    return talk.say(slots, "yes", desk, "affirm")


def test_the_confirmation_for_a_child_asks_for_the_guardians_id(desk):
    said = talk.texts(book(dict(CHILD), desk).messages)
    assert "parent or guardian" in said and "Your CNIC or another photo ID" not in said


def test_the_confirmation_for_an_adult_asks_for_their_own_id(desk):
    said = talk.texts(book(dict(ADULT), desk).messages)
    assert "Your CNIC or another photo ID" in said


def test_the_calendar_file_lists_what_the_guardian_brings(desk):
    slots = dict(CHILD)
    book(slots, desk)
    booking = desk.find(slots["booking_reference"], "+923001234567")
    assert "parent or guardian" in " ".join(confirmation(booking, for_child=True).what_to_bring)
    assert "parent or guardian" not in " ".join(confirmation(booking).what_to_bring)


def test_why_during_the_booking_choice_answers_that_choice():
    choosing = {"consent": True, "manage": BOOK_ONLY, "first_name": None}
    assert why("wants_booking", choosing) != why("wants_booking", {})


def test_declining_consent_says_a_booking_is_still_possible():
    outcome = step({}, "consent", Turn("no thanks", "deny", 0.95))
    said = " ".join(m.text for m in outcome.messages).lower()
    assert "book" in said and "name" in said and "phone" in said
