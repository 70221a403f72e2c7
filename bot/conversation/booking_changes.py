"""The booking conversation's changes through the BookingDesk: a time picked, booked, moved, cancelled, an
appointment looked up; and the requests that start them from anywhere ("book again", "cancel my appointment",
"move it to next Monday 11am"). Each change to a booking is made only after the patient's yes
(booking_answers.py reads it); here a request only sets up the question."""

from __future__ import annotations

from typing import Any

from bot.booking import requests
from bot.booking.confirmation import confirmation
from bot.booking.desk import BookingDesk
from bot.booking.errors import BookingNotFound, LookupBlocked, SlotUnavailable, TooManyBookings
from bot.booking.free_times import FreeSlot, SlotChoice
from bot.booking.phones import InvalidPhone, normalize_phone
from bot.booking.reference import ALPHABET
from bot.booking.schedule import default_schedule
from bot.booking.slot_state import day_and_time, slot_from, slot_value
from bot.conversation.audience import about_child
from bot.conversation.booking_state import (
    BOOK_ONLY,
    CANCEL_PENDING,
    CANCELLING,
    FIRST_NAME,
    RESCHEDULE_PENDING,
    RESCHEDULING,
    changing,
    forget_own,
    in_progress,
    leave_changing,
    purpose,
    red_flagged,
    say,
    stop_new_booking,
)
from bot.conversation.booking_words import CONFIDENT, says_no_more
from bot.conversation.slot_names import (
    BOOKING_ALTERNATIVES,
    BOOKING_CONFIRMED,
    BOOKING_REFERENCE,
    BOOKING_TIME,
    CONFIRM,
    CONSENT,
    EMAIL,
    INTAKE_ID,
    MANAGE,
    MANAGE_PHONE,
    MANAGE_REFERENCE,
    PENDING_CONFIRMATION,
    PHONE,
    WANTS_BOOKING,
)
from bot.conversation.turn import Message, Outcome, Turn
from bot.intake.questions import SKIPPED
from bot.store.models import Booking


# -- a time ----------------------------------------------------------------------------------------------
def time_chosen(slots: dict[str, Any], slot: FreeSlot, outcome: Outcome) -> None:
    outcome.updates.update({BOOKING_TIME: slot_value(slot), BOOKING_ALTERNATIVES: None})
    if slots.get(MANAGE) == RESCHEDULING:
        outcome.updates[PENDING_CONFIRMATION] = RESCHEDULE_PENDING


def time_in_words_chosen(slots: dict[str, Any], slot: FreeSlot, outcome: Outcome) -> None:
    """A time asked for in words is said back ("Friday 27 November at 5 pm ... is free"): the patient asked a
    question ("shaam 5 ke baad koi time nahi?") and the next one (their phone number) is no answer to it. A move is
    confirmed with its time at once, so it is not said twice."""
    time_chosen(slots, slot, outcome)
    if slots.get(MANAGE) != RESCHEDULING:
        start = default_schedule().local(slot.start)  # the clinic's clock, whatever the desk's
        _, time = day_and_time(start)
        date = start.strftime("%A %-d %B")
        outcome.messages.append(Message(say("time.free", date=date, time=time, practitioner=slot.practitioner_name)))


def offer_instead(picked: SlotChoice, outcome: Outcome) -> None:
    """No free slot matches: say why, and offer the nearest free times (the time question shows them)."""
    if picked.reason:
        days = default_schedule().horizon.days
        outcome.messages.append(Message(say(f"time.not_free.{picked.reason}", days=days)))
    outcome.updates.update({BOOKING_TIME: None, BOOKING_ALTERNATIVES: [slot_value(s) for s in picked.alternatives]})


def time_from_request(slots: dict[str, Any], turn: Turn, desk: BookingDesk, outcome: Outcome) -> None:
    """ "Move it to next Monday 11am", "book again for friday evening": the time in the request itself."""
    if turn.choice is not None or not turn.text:
        return
    picked = desk.choose(turn.text)
    if picked is None:
        return
    if picked.slot is not None:
        time_in_words_chosen({**slots, **outcome.updates}, picked.slot, outcome)
    else:
        offer_instead(picked, outcome)


def way_out(slots: dict[str, Any], outcome: Outcome) -> None:
    """The patient leaves the open booking step: nothing is booked, moved or cancelled."""
    if changing(slots):
        outcome.updates.update(leave_changing(slots))
        outcome.messages.append(Message(say("kept" if slots.get(MANAGE_REFERENCE) else "lookup.stopped")))
    else:
        stop_new_booking(outcome)


# -- booking, moving, cancelling ---------------------------------------------------------------------------
def _booked_messages(booking: Booking, for_child: bool) -> list[Message]:
    info = confirmation(booking, for_child=for_child)
    text = say(
        "booked",
        reference=info.reference,
        date=info.date,
        time=info.time,
        practitioner=info.practitioner,
        clinic=info.clinic,
        address=info.address,
        arrive=info.arrive_minutes_early,
        bring="; ".join(info.what_to_bring),
    )
    messages = [Message(text)]
    if info.doctor_review_first:
        messages.append(Message(info.doctor_review_first))
    messages.append(Message(say("manage_hint")))
    return messages


def stop_at_limit(outcome: Outcome, limit: int) -> None:
    """The number holds the most bookings allowed: say what to do instead, and offer nothing more."""
    outcome.messages.append(Message(say("too_many", limit=limit)))
    outcome.updates.update(
        {WANTS_BOOKING: False, BOOKING_TIME: None, BOOKING_CONFIRMED: None, BOOKING_ALTERNATIVES: None}
    )


def _taken_meanwhile(error: SlotUnavailable, outcome: Outcome) -> None:
    outcome.messages.append(Message(say("time.taken")))
    outcome.updates.update(
        {
            BOOKING_TIME: None,
            BOOKING_CONFIRMED: None,
            PENDING_CONFIRMATION: None,
            BOOKING_ALTERNATIVES: [slot_value(s) for s in error.alternatives] or None,
        }
    )


def book(slots: dict[str, Any], conversation_id: str, desk: BookingDesk, outcome: Outcome) -> None:
    name = slots.get(FIRST_NAME)
    email = slots.get(EMAIL)
    try:
        booking = desk.book(
            conversation_id,
            slot_from(slots[BOOKING_TIME]),
            name if name not in (None, SKIPPED) else "Patient",
            slots[PHONE],
            None if email in (None, SKIPPED) else email,
            slots.get(INTAKE_ID),
            red_flagged(slots),
        )
    except SlotUnavailable as error:
        _taken_meanwhile(error, outcome)
        return
    except TooManyBookings as error:
        stop_at_limit(outcome, error.limit)
        return
    outcome.updates.update({BOOKING_CONFIRMED: True, BOOKING_REFERENCE: booking.reference})
    outcome.messages.extend(_booked_messages(booking, about_child(slots)))


def move(slots: dict[str, Any], desk: BookingDesk, outcome: Outcome) -> None:
    try:
        booking = desk.reschedule(slots[MANAGE_REFERENCE], slots[MANAGE_PHONE], slot_from(slots[BOOKING_TIME]))
    except SlotUnavailable as error:
        _taken_meanwhile(error, outcome)
        return
    except BookingNotFound:  # cancelled (or erased) since it was looked up: nothing to move
        _gone(slots, outcome)
        return
    info = confirmation(booking)
    outcome.messages.append(
        Message(
            say("rescheduled", reference=info.reference, date=info.date, time=info.time, practitioner=info.practitioner)
        )
    )
    outcome.updates.update(
        {
            MANAGE: purpose(slots),
            PENDING_CONFIRMATION: None,
            BOOKING_CONFIRMED: True,
            BOOKING_REFERENCE: booking.reference,
            BOOKING_ALTERNATIVES: None,
        }
    )


def cancel(slots: dict[str, Any], desk: BookingDesk, outcome: Outcome) -> None:
    reference = slots[MANAGE_REFERENCE]
    try:
        booking = desk.cancel(reference, slots[MANAGE_PHONE])
    except BookingNotFound:
        _gone(slots, outcome)
        return
    info = confirmation(booking)
    outcome.messages.append(Message(say("cancelled", reference=info.reference, date=info.date, time=info.time)))
    outcome.updates.update(leave_changing(slots))
    outcome.updates[BOOKING_CONFIRMED] = None
    if reference == slots.get(BOOKING_REFERENCE):
        outcome.updates.update(forget_own())


def _gone(slots: dict[str, Any], outcome: Outcome) -> None:
    outcome.messages.append(Message(say("lookup.gone")))
    outcome.updates.update(leave_changing(slots))
    if slots.get(MANAGE_REFERENCE) == slots.get(BOOKING_REFERENCE):
        outcome.updates.update(forget_own())


# -- which appointment -------------------------------------------------------------------------------------
def _target_found(slots: dict[str, Any], booking: Booking, phone: str, outcome: Outcome) -> None:
    """The appointment to change is known: cancelling asks the yes next, moving the new time."""
    outcome.updates.update({MANAGE_REFERENCE: booking.reference, MANAGE_PHONE: phone, BOOKING_CONFIRMED: None})
    if slots.get(MANAGE) == CANCELLING:
        outcome.updates[PENDING_CONFIRMATION] = CANCEL_PENDING
    else:
        outcome.updates.update({BOOKING_TIME: None, BOOKING_ALTERNATIVES: None})


def look_up(slots: dict[str, Any], turn: Turn, desk: BookingDesk, outcome: Outcome, conversation_id: str) -> bool:
    """The reply to "your booking reference and phone number?"; False when it gives neither nor a way out."""
    text = turn.text or ""
    reference = requests.reference_in(text, ALPHABET)
    if reference is None and requests.has_phone(text):
        reference = requests.reference_in(text, ALPHABET, strict=False)  # "abcdef" typed in lower case
    if reference is None:
        if requests.wants_new(text) or turn.intent == "book_appointment" and turn.confidence >= CONFIDENT:
            outcome.updates.update(leave_changing(slots))
            started = start_book({**slots, **outcome.updates}, turn, desk)
            outcome.updates.update(started.updates)
            outcome.messages.extend(started.messages)
            return True
        if says_no_more(turn) or requests.no_booking(text):
            way_out(slots, outcome)
            return True
        return False
    try:
        phone = normalize_phone(requests.without(text, reference))
    except InvalidPhone:
        known = slots.get(PHONE) or slots.get(MANAGE_PHONE)
        if not known:
            return False
        phone = known
    try:
        booking = desk.look_up(conversation_id, reference, phone)
    except BookingNotFound:
        outcome.messages.append(Message(say("lookup.not_found")))
        return True
    except LookupBlocked:
        outcome.messages.append(Message(say("lookup.blocked")))
        outcome.updates.update(leave_changing(slots))
        return True
    if not booking.active:
        outcome.messages.append(Message(say("lookup.already_cancelled", reference=booking.reference)))
        outcome.updates.update(leave_changing(slots))
        return True
    _target_found(slots, booking, phone, outcome)
    return True


def _find(reference: str | None, phone: str | None, desk: BookingDesk) -> Booking | None:
    """The booking with this reference and phone, in any status; None if there is none (erased)."""
    if not reference or not phone:
        return None
    try:
        return desk.find(reference, phone)
    except BookingNotFound:
        return None


def _own(slots: dict[str, Any], desk: BookingDesk, outcome: Outcome, tell: bool) -> Booking | None:
    """This conversation's appointment if it still stands; else forgets it (and, with `tell`, says why)."""
    reference, phone = slots.get(BOOKING_REFERENCE), slots.get(PHONE) or slots.get(MANAGE_PHONE)
    if not reference or not phone:
        return None
    booking = _find(reference, phone, desk)
    if booking is not None and booking.active:
        return booking
    outcome.updates.update(forget_own())
    if tell:
        key = "lookup.gone" if booking is None else "lookup.already_cancelled"
        outcome.messages.append(Message(say(key, reference=reference)))
    return None


# -- requests from anywhere ------------------------------------------------------------------------------------
def start_book(slots: dict[str, Any], turn: Turn, desk: BookingDesk) -> Outcome:
    """ "I just want to book", "book it again": on the stored intake, without the intake, or (during the
    questions) finish them first or book now; before consent the questions are offered first."""
    outcome = Outcome()
    own = _own(slots, desk, outcome, tell=False)
    if own is not None:
        info = confirmation(own)
        outcome.messages.append(
            Message(say("already_booked", date=info.date, time=info.time, reference=info.reference))
        )
        outcome.updates.update(leave_changing(slots) if changing(slots) else {})
        outcome.updates[PENDING_CONFIRMATION] = None
        return outcome
    fresh = {
        BOOKING_REFERENCE: None,
        BOOKING_TIME: None,
        BOOKING_CONFIRMED: None,
        BOOKING_ALTERNATIVES: None,
        PENDING_CONFIRMATION: None,
    }
    consent = slots.get(CONSENT)
    if consent is True and slots.get(CONFIRM) is True:
        outcome.updates.update({**fresh, MANAGE: None, WANTS_BOOKING: True})  # on the stored intake
    elif consent is True and slots.get(MANAGE) == BOOK_ONLY and slots.get(WANTS_BOOKING) is not None:
        outcome.updates.update({**fresh, WANTS_BOOKING: True})  # chose to book without the questions before
    elif consent is True:
        outcome.updates.update({**fresh, MANAGE: BOOK_ONLY, WANTS_BOOKING: None})  # finish first, or book now?
        return outcome
    elif consent is None and not requests.just_book(turn.text) and slots.get(MANAGE) != BOOK_ONLY:
        # The questions come first (the form asks for consent next) unless the patient wants only to book.
        outcome.messages.append(Message(say("only.before_consent")))
        outcome.updates[MANAGE] = None
        return outcome
    else:  # no consent to the intake: a booking with a first name and a phone number, and no intake
        outcome.updates.update({**fresh, MANAGE: BOOK_ONLY, WANTS_BOOKING: True})
        if consent is False:
            # The decline stands (intake_status says so) and nothing before it is kept. But while consent is
            # False the tracker store blanks every fact given since (bot/tracker_store.py declined_rewrite),
            # which would lose the name and phone between the booking's turns; "not given" keeps them, as for
            # anyone who has not consented: slots, and no words of the patient's messages, until the purge.
            outcome.updates[CONSENT] = None
        if slots.get(MANAGE) != BOOK_ONLY:
            outcome.messages.append(Message(say("only.intro")))
    time_from_request(slots, turn, desk, outcome)
    return outcome


def start_change(kind: str, slots: dict[str, Any], turn: Turn, desk: BookingDesk, cid: str) -> Outcome:
    """ "Cancel my appointment" / "move it to next Monday 11am": which appointment, then the change proposed
    (never made here)."""
    outcome = Outcome()
    manage = CANCELLING if kind == requests.CANCEL else RESCHEDULING
    if slots.get(MANAGE) == manage and slots.get(MANAGE_REFERENCE):
        phone = slots.get(MANAGE_PHONE)  # asked again: the same appointment, if it still stands
        booking = _find(slots[MANAGE_REFERENCE], phone, desk)
        if booking is None or not booking.active:
            _gone(slots, outcome)
            return outcome
    else:
        booking, phone = _own(slots, desk, outcome, tell=True), slots.get(PHONE) or slots.get(MANAGE_PHONE)
    if booking is not None and phone:
        outcome.updates[MANAGE] = manage
        _target_found({**slots, MANAGE: manage}, booking, phone, outcome)
        outcome.updates[BOOKING_ALTERNATIVES] = None
        if manage == RESCHEDULING:
            time_from_request({**slots, **outcome.updates}, turn, desk, outcome)
        return outcome
    if outcome.messages:  # it was cancelled or erased meanwhile: said so, nothing more to change
        return outcome
    if in_progress(slots):
        if manage == CANCELLING:  # "cancel" before anything is booked: stop booking
            stop_new_booking(outcome)
        else:  # another time for the appointment being booked
            outcome.updates.update(
                {BOOKING_TIME: None, BOOKING_CONFIRMED: None, BOOKING_ALTERNATIVES: None, PENDING_CONFIRMATION: None}
            )
            time_from_request(slots, turn, desk, outcome)
        return outcome
    outcome.updates.update(
        {
            MANAGE: manage,
            MANAGE_REFERENCE: None,
            MANAGE_PHONE: None,
            BOOKING_TIME: None,
            BOOKING_CONFIRMED: None,
            BOOKING_ALTERNATIVES: None,
            PENDING_CONFIRMATION: None,
        }
    )
    if requests.reference_in(turn.text, ALPHABET):  # "cancel K7P2QX 0300 1234567" in one message
        look_up({**slots, **outcome.updates}, turn, desk, outcome, cid)
    return outcome
