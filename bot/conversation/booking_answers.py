"""The patient's reply to each booking question: the offer (or "finish the questions first, or book now?"), the
time, phone, email, the confirmation (of a booking, a cancellation or a move) and the booking reference.

Each returns whether the reply was usable; an unusable one is asked again by the form. A change to a booking
happens only here, on the patient's yes to its confirmation (booking_changes.py makes it)."""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.booking import requests
from bot.booking.desk import BookingDesk
from bot.booking.errors import BookingError
from bot.booking.phones import InvalidEmail, InvalidPhone, normalize_email, normalize_phone
from bot.booking.slot_state import parse_choice, slot_value
from bot.conversation import booking_changes as changes
from bot.conversation.booking_state import (
    CANCELLING,
    FINISH,
    PHONE_OFFER_DECLINED,
    RESCHEDULING,
    choosing,
    leave_changing,
    offered_phone,
    say,
    stop_new_booking,
)
from bot.conversation.booking_words import agreed, finish_or_book, negated, restated, says_no_more, yes_no
from bot.conversation.slot_names import (
    BOOKING_ALTERNATIVES,
    BOOKING_CONFIRMED,
    BOOKING_TIME,
    EMAIL,
    MANAGE,
    MANAGE_LOOKUP,
    PENDING_CONFIRMATION,
    PHONE,
    RETRIES,
    WANTS_BOOKING,
)
from bot.conversation.turn import Message, Outcome, Turn
from bot.intake.questions import SKIPPED
from bot.pseudonym import pseudonym
from bot.store import StorageUnavailable

log = logging.getLogger(__name__)

SKIP_WORDS = {"skip", "no", "none", "no thanks", "no email", "no email, thanks", SKIPPED}


def _offer(slots: dict[str, Any], turn: Turn, outcome: Outcome) -> bool:
    if choosing(slots):
        choice = finish_or_book(turn)
        if choice is None:
            return False
        if choice == FINISH:
            outcome.updates[MANAGE] = None
            outcome.messages.append(Message(say("choice.finish")))
        else:
            outcome.updates[WANTS_BOOKING] = True
            outcome.messages.append(Message(say("choice.book_now")))
        return True
    value = agreed(requests.BOOK, turn)
    if value is None and says_no_more(turn):
        value = False
    if value is None:
        return False
    outcome.updates[WANTS_BOOKING] = value
    if not value:
        outcome.messages.append(Message(say("offer.declined")))
    return True


def _time(slots: dict[str, Any], turn: Turn, desk: BookingDesk, outcome: Outcome) -> bool:
    value = turn.choice if turn.choice is not None else turn.text.strip()
    if value.startswith("slot:"):
        chosen = parse_choice(value)
        if chosen is None or not desk.knows_practitioner(chosen[1]):
            return False  # not one of our buttons: re-offer the times, never read it as words
        slot = desk.free(*chosen)
        if slot is None:
            outcome.updates[BOOKING_ALTERNATIVES] = [slot_value(s) for s in desk.earliest(4)]
            return True
        changes.time_chosen(slots, slot, outcome)
        return True
    picked = desk.choose(turn.text)
    if picked is None:
        if says_no_more(turn) or turn.choice is None and requests.keeps(turn.text):
            changes.way_out(slots, outcome)
            return True
        return False
    if picked.slot is not None:
        changes.time_in_words_chosen(slots, picked.slot, outcome)
    else:
        changes.offer_instead(picked, outcome)
    return True


# A reply with a phone number's run of digits names no time ("0300 1234567" is no "3 o'clock").
_DIGIT_RUN = re.compile(r"\d[\d\s-]{4,}\d")


def _another_time(slots: dict[str, Any], turn: Turn, desk: BookingDesk, outcome: Outcome) -> bool:
    """ "nahi friday nahi, saturday ko 5 baje" while the phone, email or confirmation is asked: the time the patient
    wants instead (said back, or the nearest free times offered), then the question again. False: no time named."""
    if turn.choice is not None or not turn.text or _DIGIT_RUN.search(turn.text):
        return False
    picked = desk.choose(turn.text)
    if picked is None:
        return False
    outcome.updates.update({BOOKING_CONFIRMED: None, PENDING_CONFIRMATION: None})
    if picked.slot is not None:
        changes.time_in_words_chosen(slots, picked.slot, outcome)
    else:
        changes.offer_instead(picked, outcome)
    return True


def _phone(slots: dict[str, Any], turn: Turn, desk: BookingDesk, outcome: Outcome, cid: str) -> bool:
    offered = offered_phone(slots, cid)
    try:
        phone = normalize_phone(turn.text)
    except InvalidPhone:
        if _another_time(slots, turn, desk, outcome):
            return True
        said = yes_no(turn) if offered else None
        if said is True and offered:
            phone = offered
        elif said is False:
            # "No" to the number offered is not "no more booking": the plain phone question comes next.
            counts = dict(outcome.updates.get(RETRIES) or slots.get(RETRIES) or {})
            outcome.updates[RETRIES] = {**counts, PHONE_OFFER_DECLINED: 1}
            return True
        elif says_no_more(turn):
            changes.way_out(slots, outcome)
            return True
        else:
            return False
    if desk.at_booking_limit(phone):
        changes.stop_at_limit(outcome, desk.booking_limit)
        return True
    outcome.updates[PHONE] = phone
    return True


def _email(turn: Turn, outcome: Outcome) -> bool:
    said = (turn.choice or turn.text).strip().lower()
    if said in SKIP_WORDS or turn.intent in ("deny", "skip"):
        outcome.updates[EMAIL] = SKIPPED
        return True
    try:
        outcome.updates[EMAIL] = normalize_email(turn.text) or SKIPPED
    except InvalidEmail:
        if yes_no(turn) is False or negated(turn.text) or requests.way_out(turn.text):
            outcome.updates[EMAIL] = SKIPPED  # "no, I don't use email"
            return True
        return False
    return True


def _kept(slots: dict[str, Any], outcome: Outcome) -> None:
    outcome.updates.update(leave_changing(slots))
    outcome.messages.append(Message(say("kept")))


def _confirmation(slots: dict[str, Any], turn: Turn, desk: BookingDesk, cid: str, outcome: Outcome) -> bool:
    manage = slots.get(MANAGE)
    if manage == CANCELLING:
        value = agreed(requests.CANCEL, turn)
        if value is None and not restated(requests.CANCEL, turn) and says_no_more(turn):
            value = False
        if value is None:
            return False
        if value:
            changes.cancel(slots, desk, outcome)
        else:
            _kept(slots, outcome)
        return True
    if manage == RESCHEDULING:
        if turn.choice == "keep" or turn.choice is None and (requests.keeps(turn.text) or requests.way_out(turn.text)):
            _kept(slots, outcome)
            return True
        value = agreed(requests.RESCHEDULE, turn)
        if value is None:
            return False
        if value:
            changes.move(slots, desk, outcome)
        else:  # another time
            outcome.updates.update(
                {BOOKING_TIME: None, BOOKING_CONFIRMED: None, BOOKING_ALTERNATIVES: None, PENDING_CONFIRMATION: None}
            )
        return True
    value = agreed(requests.BOOK, turn)
    if value is None:
        if turn.choice is None and requests.way_out(turn.text):
            stop_new_booking(outcome)
            return True
        return False
    if value:
        changes.book(slots, cid, desk, outcome)
    elif not _another_time(slots, turn, desk, outcome):  # "no, saturday at 5 instead" names it
        outcome.updates.update({BOOKING_TIME: None, BOOKING_CONFIRMED: None, BOOKING_ALTERNATIVES: None})
    return True


def read(slot: str, slots: dict[str, Any], turn: Turn, desk: BookingDesk, cid: str) -> tuple[Outcome, bool]:
    """(outcome, understood) for the reply to booking question `slot`; never raises for a booking's state."""
    outcome = Outcome()
    try:
        if slot == WANTS_BOOKING:
            understood = _offer(slots, turn, outcome)
            if understood and outcome.updates.get(WANTS_BOOKING) is True:
                # "haan kar dein, kal shaam 5 baje ke baad": the yes, and the time it asks for
                changes.time_from_request({**slots, **outcome.updates}, turn, desk, outcome)
            return outcome, understood
        if slot == BOOKING_TIME:
            return outcome, _time(slots, turn, desk, outcome)
        if slot == PHONE:
            return outcome, _phone(slots, turn, desk, outcome, cid)
        if slot == EMAIL:
            return outcome, _email(turn, outcome)
        if slot == BOOKING_CONFIRMED:
            return outcome, _confirmation(slots, turn, desk, cid, outcome)
        if slot == MANAGE_LOOKUP:
            return outcome, changes.look_up(slots, turn, desk, outcome, cid)
    except StorageUnavailable:
        return Outcome(messages=[Message(say("unavailable"))]), True
    except BookingError as error:  # a state no step expects: a polite reply, never a crash or silence
        log.error("Booking step %s failed in conversation %s: %s", slot, pseudonym(cid), type(error).__name__)
        return Outcome(messages=[Message(say("not_possible"))], updates=leave_changing(slots)), True
    raise KeyError(slot)
