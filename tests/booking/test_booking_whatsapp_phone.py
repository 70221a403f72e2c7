"""On WhatsApp the patient's number is known (the conversation is "wa-<digits>"): the phone question offers it
("Shall the clinic call you on +92 300 1234567?") instead of asking; "no" asks for another number; elsewhere the
question is the plain one."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.booking.phones import channel_phone
from bot.conversation.form import ask, next_slot
from tests.booking import talk
from tests.booking.test_booking_conversation import CONFIRMED

NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=ZoneInfo("Asia/Karachi"))
WA = "wa-923001234567"


@pytest.fixture
def desk(make_desk):
    return make_desk(NOW)


def at_phone_question(desk, conversation):
    slots = dict(CONFIRMED)
    talk.say(slots, "yes", desk, "affirm", conversation=conversation)
    offer = ask("booking_time", slots, desk)[0].buttons[0]
    talk.say(slots, offer.title, desk, choice=offer.value, conversation=conversation)
    assert next_slot(slots) == "phone"
    return slots


@pytest.mark.parametrize("conversation, phone", [
    ("wa-923001234567", "+923001234567"),
    ("wa-447911123456", "+447911123456"),  # a visitor's UK number is still their number
    ("wa-u-US.13491208655302741918", None),  # a business-scoped id: no number
    ("wa-12", None),  # not a valid number
    ("web-923001234567", None),
    ("923001234567", None),
    ("", None),
])
def test_only_a_whatsapp_conversation_tells_the_number(conversation, phone):
    assert channel_phone(conversation) == phone


def test_the_whatsapp_number_is_offered_and_yes_takes_it(desk):
    slots = at_phone_question(desk, WA)
    question = ask("phone", slots, desk, conversation_id=WA)[0]
    assert "+92 300 1234567" in question.text and "WhatsApp" in question.text
    assert [b.value for b in question.buttons] == ["yes", "no"]
    talk.say(slots, "Yes, this number", desk, choice="yes", conversation=WA)
    assert slots["phone"] == "+923001234567" and next_slot(slots) == "email"


@pytest.mark.parametrize("reply", ["yes", "ji", "haan yehi number", "ok"])
def test_a_typed_yes_takes_the_number(desk, reply):
    slots = at_phone_question(desk, WA)
    talk.say(slots, reply, desk, "affirm", conversation=WA)
    assert slots["phone"] == "+923001234567"


def test_no_asks_for_another_number_and_that_one_is_kept(desk):
    slots = at_phone_question(desk, WA)
    talk.say(slots, "Another number", desk, choice="no", conversation=WA)
    assert slots.get("phone") is None and slots.get("wants_booking") is True  # still booking
    question = ask("phone", slots, desk, conversation_id=WA)[0]
    assert "Which number" in question.text and "+92 300 1234567" not in question.text and not question.buttons
    talk.say(slots, "0333 7654321", desk, conversation=WA)
    assert slots["phone"] == "+923337654321"


def test_typing_another_number_straight_away_keeps_that_one(desk):
    slots = at_phone_question(desk, WA)
    talk.say(slots, "please call 0333 7654321", desk, conversation=WA)
    assert slots["phone"] == "+923337654321"


def test_in_the_widget_the_number_is_asked_for(desk):
    slots = at_phone_question(desk, "web-abc")
    question = ask("phone", slots, desk, conversation_id="web-abc")[0]
    assert "What mobile number" in question.text and not question.buttons
    talk.say(slots, "yes", desk, "affirm", conversation="web-abc")
    assert slots.get("phone") is None  # a yes is no number here


def test_the_check_before_booking_shows_the_number_as_people_write_it(desk):
    slots = at_phone_question(desk, WA)
    talk.say(slots, "yes", desk, "affirm", conversation=WA)
    talk.say(slots, "skip", desk, conversation=WA)
    question = ask("booking_confirmed", slots, desk, conversation_id=WA)[0]
    assert "Phone +92 300 1234567." in question.text
