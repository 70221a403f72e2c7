"""What the bench's senders say: a full intake to a booking (our bot) and the mood chat (Rasa's starter bot).

A conversation is a coroutine-friendly object: `first()` is the opening message, `next(replies)` reads the
bot's replies to the last message and returns what to say next, or None when the conversation is over. It
raises OffTheRails when the bot says something a patient following this script would not expect, so a bench
that measures a broken conversation fails instead of printing fast numbers.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from tests.patients.recognise import asked_topic

MAX_INTAKE_MESSAGES = 40

# Typed like a patient, one answer per question the bot asks (its topic as tests/patients/recognise.py reads it).
INTAKE_ANSWERS = {
    "consent": "yes that's fine",
    "first_name": "Sara",
    "age": "34",
    "sex": "female",
    "description": "I noticed a round smooth bald patch behind my ear a few weeks ago",
    "check": "yes",
    "duration_days": "about 3 weeks",
    "onset": "suddenly",
    "pattern": "round patches",
    "shedding": "neither",
    "triggers": "none of these",
    "family_history": "no",
    "hairstyles": "no",
    "scalp_symptoms": "none",
    "nail_changes": "no",
    "conditions": "none",
    "medicines": "none",
    "pregnancy": "no",
    "treatments_tried": "none",
    "summary_confirm": "yes",
    "wants_booking": "yes please",
    "email": "skip",
    "booking_confirm": "yes",
}

# Rasa's starter bot (`rasa init`): its mood conversation, cycled to the length of our intake. The starter bot
# is trained without a random seed, so a retrained one may stumble where another did not: one trained here took
# "I am feeling very sad" for mood_great and answered nothing to "no" after "Did that help you?". Every message
# is one of its training examples, and both sad turns end happily ("yes"), which its stories cover best.
MOOD_MESSAGES = ("hello", "I am sad", "yes", "goodbye", "hi there", "I don't feel very well", "yes", "bye")


# Times a patient asks for: the clinic's half hours outside the lunch break (Friday's longer break and closed
# days just get the nearest free times offered instead, which the patient then picks from).
_TIMES = [f"{h % 12 or 12}:{m:02d} {'am' if h < 12 else 'pm'}" for h in (10, 11, 12, 14, 15, 16, 17, 18) for m in (0, 30)]
_CLINIC_ZONE = ZoneInfo("Asia/Karachi")
_DAYS_SPREAD = 20


def wanted_time(number: int) -> str:
    """The day and time patient `number` asks for, written like "3 Dec 4:30 pm": patients are spread over
    days and times (as real ones are), so concurrent senders do not all race for the earliest free time."""
    day = dt.datetime.now(_CLINIC_ZONE).date() + dt.timedelta(days=2 + number % _DAYS_SPREAD)
    time = _TIMES[(number // _DAYS_SPREAD) % len(_TIMES)]
    return f"{day.day} {day:%b} {time}"


class OffTheRails(AssertionError):
    """The bot replied in a way the script did not expect (or did not reply)."""


class Conversation(Protocol):
    messages_sent: int

    def first(self) -> str: ...

    def next(self, replies: list[dict[str, Any]]) -> str | None: ...


def _texts(replies: list[dict[str, Any]]) -> str:
    return " | ".join(str(r.get("text") or "")[:120] for r in replies)


class Intake:
    """A patient going through the whole intake and booking a consultation.

    Each sender has its own phone number (the clinic allows two bookings per number) and asks for its own day
    and time; when that is not free it picks one of the offered times at random (seeded by the sender)."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.phone = f"0300 {1_000_000 + number:07d}"
        self.pick = random.Random(number)
        self.asked_for_time = False
        self.messages_sent = 0
        self.booked = False

    def first(self) -> str:
        self.messages_sent = 1
        return "hi"

    def next(self, replies: list[dict[str, Any]]) -> str | None:
        if not replies:
            raise OffTheRails(f"no reply after message {self.messages_sent}")
        topic = asked_topic(replies)
        if topic == "booked":
            self.booked = True
            return None
        if self.messages_sent >= MAX_INTAKE_MESSAGES:
            raise OffTheRails(f"no booking after {self.messages_sent} messages; last replies: {_texts(replies)}")
        answer = self._answer(topic, replies)
        self.messages_sent += 1
        return answer

    def _answer(self, topic: str | None, replies: list[dict[str, Any]]) -> str:
        if topic == "booking_time" and not self.asked_for_time:
            self.asked_for_time = True
            return wanted_time(self.number)
        if topic == "booking_time":
            buttons = [b for r in replies for b in r.get("buttons") or []]
            if not buttons:
                raise OffTheRails(f"free times offered without buttons: {_texts(replies)}")
            return str(self.pick.choice(buttons)["payload"])
        if topic == "phone":
            return self.phone
        if topic in INTAKE_ANSWERS:
            return INTAKE_ANSWERS[topic]
        raise OffTheRails(f"unexpected question ({topic}) after message {self.messages_sent}: {_texts(replies)}")


class Mood:
    """The starter bot's mood chat, `length` messages long."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.messages_sent = 0

    def first(self) -> str:
        self.messages_sent = 1
        return MOOD_MESSAGES[0]

    def next(self, replies: list[dict[str, Any]]) -> str | None:
        if not replies:
            raise OffTheRails(f"the starter bot did not reply to message {self.messages_sent}")
        if self.messages_sent >= self.length:
            return None
        message = MOOD_MESSAGES[self.messages_sent % len(MOOD_MESSAGES)]
        self.messages_sent += 1
        return message
