"""What the booking conversation keeps in its slots, what it says (booking_messages.yml), and the slot changes
that end one of its steps.

MANAGE holds what the patient is doing besides the intake: "book" (an appointment without the intake, or
without the rest of it), "cancel" or "reschedule" (changing an appointment, until it is done or left).
PENDING_CONFIRMATION holds "cancel_booking" / "reschedule_booking" while that change waits for the yes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.booking.free_times import FreeSlot
from bot.booking.phones import channel_phone
from bot.booking.slot_state import choice_value, day_and_time
from bot.conversation.slot_names import (
    ASSESSMENT,
    BOOKING_ALTERNATIVES,
    BOOKING_CONFIRMED,
    BOOKING_REFERENCE,
    BOOKING_TIME,
    CONFIRM,
    MANAGE,
    PENDING_CONFIRMATION,
    RETRIES,
    WANTS_BOOKING,
)
from bot.conversation.turn import Message, Outcome
from bot.messages import Button, MessageFile

FIRST_NAME = "first_name"
BOOK_ONLY, CANCELLING, RESCHEDULING = "book", "cancel", "reschedule"
CANCEL_PENDING, RESCHEDULE_PENDING = "cancel_booking", "reschedule_booking"
# The values of the "finish the questions first / just book now" buttons.
FINISH, BOOK_NOW = "finish", "book_now"

# Kept in the retries counts (slot intake_retries): the patient said no to the WhatsApp number offered as their
# phone, so the plain phone question is asked instead.
PHONE_OFFER_DECLINED = "phone_offer_declined"


def offered_phone(slots: dict[str, Any], conversation_id: str | None) -> str | None:
    """The number to offer at the phone question (the patient's WhatsApp number) unless they declined it."""
    if (slots.get(RETRIES) or {}).get(PHONE_OFFER_DECLINED):
        return None
    return channel_phone(conversation_id)


MESSAGES = MessageFile(Path(__file__).with_name("booking_messages.yml"))
say = MESSAGES.text
buttons = MESSAGES.buttons


def slot_buttons(slots: list[FreeSlot]) -> tuple[Button, ...]:
    shown = []
    for slot in slots:
        day, time = day_and_time(slot.start)
        shown.append(Button(say("time.button", day=day, time=time), choice_value(slot)))
    return tuple(shown)


def red_flagged(slots: dict[str, Any]) -> bool:
    return bool((slots.get(ASSESSMENT) or {}).get("red_flags"))


def changing(slots: dict[str, Any]) -> bool:
    """An appointment is being cancelled or moved."""
    return slots.get(MANAGE) in (CANCELLING, RESCHEDULING)


def choosing(slots: dict[str, Any]) -> bool:
    """The patient asked to book while the questions are under way: finish them first, or book now?"""
    return slots.get(MANAGE) == BOOK_ONLY and slots.get(WANTS_BOOKING) is None


def in_progress(slots: dict[str, Any]) -> bool:
    """A new appointment is being booked: nothing is booked yet."""
    return slots.get(WANTS_BOOKING) is True and not slots.get(BOOKING_REFERENCE) and not changing(slots)


def purpose(slots: dict[str, Any]) -> str | None:
    """What MANAGE returns to once a cancellation or move is over: "book" in a conversation that booked
    without a confirmed intake (so the intake questions do not start again), else nothing."""
    return BOOK_ONLY if slots.get(CONFIRM) is not True and slots.get(WANTS_BOOKING) is not None else None


def leave_changing(slots: dict[str, Any]) -> dict[str, Any]:
    """Ends a cancellation or move with nothing changed."""
    return {
        MANAGE: purpose(slots),
        PENDING_CONFIRMATION: None,
        BOOKING_TIME: None,
        BOOKING_ALTERNATIVES: None,
        BOOKING_CONFIRMED: True if slots.get(BOOKING_REFERENCE) else None,
    }


def forget_own() -> dict[str, Any]:
    """This conversation's appointment no longer stands (cancelled, or erased by staff)."""
    return {BOOKING_REFERENCE: None, BOOKING_TIME: None, BOOKING_CONFIRMED: None, WANTS_BOOKING: False}


def stop_new_booking(outcome: Outcome) -> None:
    outcome.updates.update(
        {WANTS_BOOKING: False, BOOKING_TIME: None, BOOKING_CONFIRMED: None, BOOKING_ALTERNATIVES: None}
    )
    outcome.messages.append(Message(say("stopped")))
