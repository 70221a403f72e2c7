"""Reading what a patient's words ask of an appointment, beside the NLU's guess (bot/booking/requests.py)."""
from __future__ import annotations

import pytest

from bot.booking import requests
from bot.booking.reference import ALPHABET


@pytest.mark.parametrize("text, intent, kind", [
    ("please cancel the consultation for saturday", "cancel_booking", "cancel"),
    ("can you cancel my booking?", "cancel_booking", "cancel"),
    ("meri appointment cancel kar dein", "cancel_booking", "cancel"),
    ("we can't come on friday", "cancel_booking", "cancel"),
    ("could you move it to next week", "reschedule_booking", "reschedule"),
    ("kisi aur din ka time de dein", "reschedule_booking", "reschedule"),
    ("I just want an appointment", "book_appointment", "book"),
    ("doctor se milna hai", "book_appointment", "book"),
    # the intent alone is not enough: the words must say it
    ("metformin", "cancel_booking", None),
    ("thori", "reschedule_booking", None),
    ("yes", "book_appointment", None),
    # and a question about cancelling is no cancellation
    ("if I get a fever do I need to cancel?", "cancel_booking", None),
    ("what if I have to cancel later", "cancel_booking", None),
    ("is there a fee for cancelling", "cancel_booking", None),
    ("kya mujhe cancel karna parega?", "cancel_booking", None),
    ("how late can I reschedule?", "reschedule_booking", None),
])
def test_requested(text, intent, kind):
    assert requests.requested(text, intent) == kind


@pytest.mark.parametrize("text", ["never mind", "forget it", "not now", "maybe later", "rehne dein",
                                  "abhi nahi", "nahi chahiye", "I don't want to book"])
def test_way_out(text):
    assert requests.way_out(text)


@pytest.mark.parametrize("text", ["yes", "tomorrow at 5", "another time please", "0300 1234567"])
def test_not_a_way_out(text):
    assert not requests.way_out(text)


@pytest.mark.parametrize("text", ["no, keep it", "don't cancel", "cancel mat karo", "leave it as it is"])
def test_keeps(text):
    assert requests.keeps(text)


def test_agreeing_in_the_steps_own_words():
    assert requests.agrees("book", "ok book") and requests.agrees("book", "ji kar dein")
    assert requests.agrees("cancel", "yes cancel it") and requests.agrees("cancel", "cancel kar do")
    assert requests.agrees("reschedule", "ok move it") and not requests.agrees("cancel", "ok move it")


@pytest.mark.parametrize("text, just", [
    ("I only want to book, no questions", True),
    ("book without my history please", True),
    ("sirf appointment chahiye", True),
    ("I want to book a consultation", False),
])
def test_just_book(text, just):
    assert requests.just_book(text) is just


def test_a_reference_is_found_only_where_it_is_clearly_one():
    assert requests.reference_in("cancel K7P2QX please", ALPHABET) == "K7P2QX"
    assert requests.reference_in("k7p-2qx 0300 1234567", ALPHABET) == "K7P2QX"
    assert requests.reference_in("change my appointment", ALPHABET) is None  # "change" is spelt in the alphabet
    assert requests.reference_in("change abcdef 0300 1234567", ALPHABET, strict=False) == "ABCDEF"
    assert requests.without("k7p-2qx 0300 1234567", "K7P2QX").strip() == "0300 1234567"


def test_no_booking_and_a_new_one():
    assert requests.no_booking("I don't have a booking yet")
    assert requests.wants_new("I don't have a booking yet, I want to make one")
    assert not requests.wants_new("cancel my booking")


@pytest.mark.parametrize("text", ["ok fine, cancel my appointment", "that's fine, please cancel the booking"])
def test_agreeable_words_do_not_make_a_request_a_question(text):
    assert requests.requested(text, "cancel_booking") == "cancel"
