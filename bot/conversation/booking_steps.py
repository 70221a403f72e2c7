"""The booking part of the conversation: book, cancel and move a consultation, from any point.

Plain Python like the intake form's flow: it reads slots and a turn and returns an Outcome; bookings are
made only through the BookingDesk it is given (the clinic database, or an in-memory one in tests).

Every change is an explicit step the patient agrees to, and every step has a way out ("never mind"):
- booking: (the offer) -> a time -> phone -> email -> "Please check ... Shall I book it?";
- cancelling: which appointment (this conversation's, else a reference and phone) -> "Cancel your
  appointment ... on <day time>? Yes / No, keep it" (pending_confirmation "cancel_booking");
- moving: which appointment -> the new time (maybe in the request itself: "move it to next Monday 11am")
  -> "move your appointment ... to <day time>?" (pending_confirmation "reschedule_booking").
A patient without consent, or who asks only for an appointment, books with a first name and a phone
number and no intake (manage "book"); after a cancellation "book again" books anew on the same intake.

This module is what the form calls: which booking question comes next, its wording, and `handle`, the
booking's reading of a message before the form's own. The state is booking_state.py's, the replies are read
in booking_answers.py (words: booking_words.py), the changes made in booking_changes.py.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.booking import requests
from bot.booking.confirmation import confirmation
from bot.booking.desk import BookingDesk
from bot.booking.errors import BookingError
from bot.booking.phones import display_phone
from bot.booking.slot_state import day_and_time, slot_from
from bot.conversation import booking_answers, booking_changes
from bot.conversation.audience import about_child
from bot.conversation.booking_state import (
    BOOK_ONLY,
    CANCELLING,
    FIRST_NAME,
    PHONE_OFFER_DECLINED,
    RESCHEDULING,
    buttons,
    changing,
    choosing,
    offered_phone,
    red_flagged,
    say,
    slot_buttons,
)
from bot.conversation.booking_words import CONFIDENT
from bot.conversation.slot_names import (
    BOOKING_ALTERNATIVES,
    BOOKING_CONFIRMED,
    BOOKING_QUESTIONS,
    BOOKING_REFERENCE,
    BOOKING_TIME,
    EMAIL,
    MANAGE,
    MANAGE_LOOKUP,
    MANAGE_PHONE,
    MANAGE_REFERENCE,
    PENDING_CONFIRMATION,
    PHONE,
    RETRIES,
    WANTS_BOOKING,
)
from bot.conversation.turn import Message, Outcome, Turn
from bot.intake.questions import SKIPPED
from bot.pseudonym import pseudonym
from bot.store import StorageUnavailable

__all__ = ["ask", "handle", "next_slot", "say", "why"]

log = logging.getLogger(__name__)


# -- which question comes next ---------------------------------------------------------------------------
def next_slot(slots: dict[str, Any]) -> str | None:
    manage = slots.get(MANAGE)
    if changing(slots):
        if not slots.get(MANAGE_REFERENCE):
            return MANAGE_LOOKUP
        if manage == RESCHEDULING and slots.get(BOOKING_TIME) is None:
            return BOOKING_TIME
        return BOOKING_CONFIRMED if slots.get(BOOKING_CONFIRMED) is None else None
    if slots.get(BOOKING_REFERENCE) or slots.get(WANTS_BOOKING) is False:
        return None
    if manage == BOOK_ONLY and slots.get(WANTS_BOOKING) and slots.get(FIRST_NAME) is None:
        return FIRST_NAME  # asked by the form, in the intake's words
    for slot in (WANTS_BOOKING, BOOKING_TIME, PHONE, EMAIL, BOOKING_CONFIRMED):
        if slots.get(slot) is None:
            return slot
    return None


# -- asking ------------------------------------------------------------------------------------------------
def ask(
    slot: str, slots: dict[str, Any], desk: BookingDesk | None, tries: int, conversation_id: str = ""
) -> list[Message]:
    try:
        return _ask(slot, slots, desk, tries, conversation_id)
    except StorageUnavailable:
        return [Message(say("unavailable"))]


def _ask_phone(slots: dict[str, Any], tries: int, conversation_id: str) -> list[Message]:
    if tries:
        return [Message(say("phone.reask"))]
    offered = offered_phone(slots, conversation_id)
    if offered:  # on WhatsApp the number is known: offered, never asked for
        return [Message(say("phone.offer", phone=display_phone(offered)), buttons("phone.offer_buttons"))]
    declined = (slots.get(RETRIES) or {}).get(PHONE_OFFER_DECLINED)
    return [Message(say("phone.another" if declined else "phone.ask"))]


def _ask(slot: str, slots: dict[str, Any], desk: BookingDesk | None, tries: int, conversation_id: str) -> list[Message]:
    if slot == WANTS_BOOKING:
        if choosing(slots):
            return [Message(say("choice.reask" if tries else "choice.ask"), buttons("choice.buttons"))]
        first = "offer.ask"
        if red_flagged(slots):
            first = "offer.ask_red_flag_child" if about_child(slots) else "offer.ask_red_flag"
        wording = say("offer.reask") if tries else say(first)
        return [Message(wording, buttons("offer.buttons"))]
    if slot == BOOKING_TIME:
        alternatives = [slot_from(v) for v in slots.get(BOOKING_ALTERNATIVES) or []]
        if alternatives:
            return [Message(say("time.alternatives"), slot_buttons(alternatives))]
        offers = desk.earliest(4) if desk else []
        if not offers:
            return [Message(say("time.none_free"))]
        first = "time.ask_reschedule" if slots.get(MANAGE) == RESCHEDULING else "time.ask"
        return [Message(say("time.reask" if tries else first), slot_buttons(offers))]
    if slot == PHONE:
        return _ask_phone(slots, tries, conversation_id)
    if slot == EMAIL:
        return [Message(say("email.reask") if tries else say("email.ask"), buttons("email.buttons"))]
    if slot == BOOKING_CONFIRMED:
        if slots.get(MANAGE) == CANCELLING:
            return [_cancel_question(slots, desk, tries)]
        return [_confirm_question(slots, tries)]
    if slot == MANAGE_LOOKUP:
        return [Message(say("lookup.reask") if tries else say("lookup.ask"))]
    raise KeyError(slot)


def _confirm_question(slots: dict[str, Any], tries: int) -> Message:
    chosen = slot_from(slots[BOOKING_TIME])
    _, time = day_and_time(chosen.start)
    date = chosen.start.strftime("%A %-d %B")
    if slots.get(MANAGE) == RESCHEDULING:
        wording = say(
            "confirm.ask_reschedule",
            reference=slots.get(MANAGE_REFERENCE),
            date=date,
            time=time,
            practitioner=chosen.practitioner_name,
        )
        return Message(say("reschedule.reask") if tries else wording, buttons("reschedule.buttons"))
    email, name = slots.get(EMAIL), slots.get(FIRST_NAME)
    wording = say(
        "confirm.ask",
        date=date,
        time=time,
        practitioner=chosen.practitioner_name,
        name=f", for {name}" if name and name != SKIPPED else "",
        phone=_shown_phone(slots.get(PHONE)),
        email=f", email {email}" if email and email != SKIPPED else "",
    )
    return Message(say("confirm.reask") if tries else wording, buttons("confirm.buttons"))


def _shown_phone(phone: Any) -> str:
    """'+92 300 1234567' as patients read it; anything else as it is."""
    try:
        return display_phone(phone)
    except Exception:  # noqa: BLE001 - phonenumbers raises its own errors for what is no number
        return str(phone)


def _cancel_question(slots: dict[str, Any], desk: BookingDesk | None, tries: int) -> Message:
    reference = str(slots.get(MANAGE_REFERENCE) or "")
    if tries:
        return Message(say("cancel.reask", reference=reference), buttons("cancel.buttons"))
    try:
        info = confirmation(desk.find(reference, slots.get(MANAGE_PHONE) or "")) if desk else None
    except BookingError:
        info = None  # answered when the patient says yes: the appointment is gone
    if info is None:
        return Message(say("cancel.ask_unknown_time", reference=reference), buttons("cancel.buttons"))
    return Message(say("cancel.ask", reference=reference, date=info.date, time=info.time), buttons("cancel.buttons"))


def why(slot: str, slots: dict[str, Any] | None = None) -> str:
    slots = slots or {}
    if slot == WANTS_BOOKING and choosing(slots):
        return say("choice.why")
    if slot == BOOKING_CONFIRMED and slots.get(MANAGE) == CANCELLING:
        return say("cancel.why")
    return say(
        {
            WANTS_BOOKING: "offer.why",
            BOOKING_TIME: "time.why",
            PHONE: "phone.why",
            EMAIL: "email.why",
            BOOKING_CONFIRMED: "confirm.why",
            MANAGE_LOOKUP: "lookup.why",
        }[slot]
    )


def give_up(slot: str, slots: dict[str, Any], outcome: Outcome) -> None:
    """After a second reply a booking step cannot use, it is not asked a third time: the email is left out;
    any other step is left with nothing booked, moved or cancelled, and the way back is said."""
    if slot == EMAIL:
        outcome.updates[EMAIL] = SKIPPED
        outcome.messages.append(Message(say("email.left_out")))
        return
    outcome.messages.append(Message(say("not_followed")))
    booking_changes.way_out(slots, outcome)


# -- answering -----------------------------------------------------------------------------------------------
def _start(kind: str, slots: dict[str, Any], turn: Turn, desk: BookingDesk, conversation_id: str) -> Outcome:
    if kind == requests.BOOK:
        return booking_changes.start_book(slots, turn, desk)
    return booking_changes.start_change(kind, slots, turn, desk, conversation_id)


def _keeps_the_turn(slots: dict[str, Any], outcome: Outcome) -> Outcome:
    # Rasa's form drops a turn that sets no slot, and with it our reply.
    if not outcome.updates:
        outcome.updates[PENDING_CONFIRMATION] = slots.get(PENDING_CONFIRMATION)
    return outcome


def _answered(slots: dict[str, Any], requested: str, outcome: Outcome) -> Outcome:
    counts = dict(outcome.updates.get(RETRIES) or slots.get(RETRIES) or {})
    if counts.pop(requested, None) is not None:
        outcome.updates[RETRIES] = counts
    if not outcome.updates:
        outcome.updates[requested] = slots.get(requested)
    return outcome


def handle(
    slots: dict[str, Any], requested: str | None, turn: Turn, desk: BookingDesk | None, conversation_id: str
) -> Outcome | None:
    """The booking's reading of a message, before the form's own; None when it is no booking matter.

    While a booking question is open, a reply that can be its answer is its answer ("ok book" at the
    confirmation, "saturday after 5pm" at the time question). Otherwise clear words ask to book, cancel or
    move an appointment from any point; a question about cancelling ("do I need to cancel if I have a
    fever?") changes nothing. The form goes on to its next question after the outcome."""
    if desk is None:
        return None
    try:
        if requested in BOOKING_QUESTIONS:
            outcome, understood = booking_answers.read(requested, slots, turn, desk, conversation_id)
            if understood:
                return _answered(slots, requested, outcome)
        if turn.choice is not None:
            return None
        intent = turn.intent if turn.confidence >= CONFIDENT else None
        kind = requests.requested(turn.text, intent)
        if kind is not None:
            return _keeps_the_turn(slots, _start(kind, slots, turn, desk, conversation_id))
        if intent in ("cancel_booking", "reschedule_booking") and requests.asks_about_changes(turn.text):
            return _keeps_the_turn(slots, Outcome(messages=[Message(say("changes_asked"))]))
        return None
    except StorageUnavailable:
        return _keeps_the_turn(slots, Outcome(messages=[Message(say("unavailable"))]))
    except BookingError as error:  # a state no step expects: a polite reply, never a crash or silence
        log.error("Booking request failed in conversation %s: %s", pseudonym(conversation_id), type(error).__name__)
        return _keeps_the_turn(slots, Outcome(messages=[Message(say("not_possible"))]))
