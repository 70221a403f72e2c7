"""The photo route's pieces without a server: when photos are welcome, and reading a streamed body."""
from __future__ import annotations

import asyncio

import pytest

from bot.channels import web_photos
from bot.channels.web_photos import photos_allowed


@pytest.mark.parametrize(
    ("slots", "allowed"),
    [
        ({}, False),
        ({"consent": None, "requested_slot": "consent"}, False),
        ({"consent": False, "requested_slot": None}, False),  # declined
        ({"consent": True, "requested_slot": "first_name"}, False),
        ({"consent": True, "requested_slot": "sex", "first_name": "Sara", "age": 34}, False),
        ({"consent": True, "requested_slot": "description"}, True),
        ({"consent": True, "requested_slot": "duration_days", "description": "thinning"}, True),
        ({"consent": True, "requested_slot": "onset", "description": "skipped"}, True),  # skipped is answered
        ({"consent": True, "requested_slot": None, "description": "thinning"}, True),  # after the intake
        ({"consent": "yes", "requested_slot": "description"}, False),  # only True is consent
        ({"consent": None, "description": "thinning"}, False),  # after "delete my data" reset the slots
    ],
)
def test_photos_are_welcome_with_consent_from_the_description_question_on(slots, allowed):
    assert photos_allowed(slots) is allowed


class FakeStream:
    def __init__(self, chunks):
        self.chunks = list(chunks)
        self.reads = 0

    async def read(self):
        self.reads += 1
        return self.chunks.pop(0) if self.chunks else None


class FakeRequest:
    def __init__(self, chunks):
        self.stream = FakeStream(chunks)


def test_a_streamed_body_is_read_whole_up_to_the_limit():
    request = FakeRequest([b"ab", b"cd", b"e"])
    assert asyncio.run(web_photos._read_body(request, limit=5)) == b"abcde"


def test_a_streamed_body_stops_being_read_past_the_limit():
    request = FakeRequest([b"ab", b"cd", b"ef", b"gh", b"ij"])
    assert asyncio.run(web_photos._read_body(request, limit=5)) is None
    assert request.stream.reads == 3  # the rest is never read


def test_the_texts_are_in_the_yml():
    for key in ("stored", "duplicate", "not_now", "too_many", "unavailable"):
        assert web_photos.TEXTS.text(key).strip()


def test_a_session_shown_the_photo_button_is_not_read_again_and_the_memory_is_bounded():
    from bot.channels.web_photos import AllowedSenders

    known = AllowedSenders(capacity=2)
    known.add("web-a")
    known.add("web-b")
    assert "web-a" in known and "web-b" in known
    known.add("web-c")  # the oldest goes
    assert "web-a" not in known and "web-c" in known


async def test_photos_allowed_now_reads_the_conversation_only_until_allowed():
    from bot.channels import web_photos

    reads = []

    async def slots(_request, sender_id):
        reads.append(sender_id)
        return {"consent": True, "requested_slot": "description"}

    known = web_photos.AllowedSenders()
    original = web_photos.conversation_slots
    web_photos.conversation_slots = slots
    try:
        assert await web_photos.photos_allowed_now(None, "web-x", known) is True
        assert await web_photos.photos_allowed_now(None, "web-x", known) is True
    finally:
        web_photos.conversation_slots = original
    assert reads == ["web-x"]
