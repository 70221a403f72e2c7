"""The booking part of the conversation: offer, time, phone, email, confirm; cancel and reschedule.

Plain Python like the intake form's flow: it reads slots and a turn and returns an Outcome; bookings are
made only through the BookingDesk it is given (the clinic database, or an in-memory one in tests).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from bot.booking.confirmation import confirmation
from bot.booking.desk import BookingDesk
from bot.booking.errors import BookingNotFound, LookupBlocked, SlotUnavailable, TooManyBookings
from bot.booking.phones import InvalidEmail, InvalidPhone, normalize_email, normalize_phone
from bot.booking.reference import ALPHABET
from bot.booking.slots import FreeSlot
from bot.conversation.answers import parse_yes_no
from bot.conversation.clinical_result import result_messages
from bot.conversation.slot_names import (
    ASSESSMENT,
    BOOKING_ALTERNATIVES,
    BOOKING_CONFIRMED,
    BOOKING_REFERENCE,
    BOOKING_TIME,
    EMAIL,
    INTAKE_ID,
    MANAGE,
    MANAGE_LOOKUP,
    MANAGE_PHONE,
    MANAGE_REFERENCE,
    PHONE,
    WANTS_BOOKING,
)
from bot.conversation.turn import Message, Outcome, Turn
from bot.intake.questions import SKIPPED
from bot.messages import Button, MessageFile
from bot.store import StorageUnavailable

MANAGE_INTENTS = {"cancel_booking": "cancel", "reschedule_booking": "reschedule"}
_REFERENCE = re.compile(rf"(?<![A-Za-z0-9])[{ALPHABET}{ALPHABET.lower()}]{{6}}(?![A-Za-z0-9])")
SKIP_WORDS = {"skip", "no", "none", "no thanks", "no email", "no email, thanks", SKIPPED}


MESSAGES = MessageFile(Path(__file__).with_name("booking_messages.yml"))
say = MESSAGES.text
_buttons = MESSAGES.buttons


# -- slots as stored in the conversation ---------------------------------------------------------------
def slot_value(slot: FreeSlot) -> dict[str, str]:
    return {
        "start": slot.start.isoformat(),
        "practitioner_id": slot.practitioner_id,
        "practitioner": slot.practitioner_name,
        "end": slot.end.isoformat(),
    }


def slot_from(value: dict[str, str]) -> FreeSlot:
    return FreeSlot(
        dt.datetime.fromisoformat(value["start"]),
        dt.datetime.fromisoformat(value["end"]),
        value["practitioner_id"],
        value["practitioner"],
    )


def _choice_value(slot: FreeSlot) -> str:
    return f"slot:{slot.start.isoformat()}|{slot.practitioner_id}"


def _day_time(start: dt.datetime) -> tuple[str, str]:
    return start.strftime("%a %-d %b"), start.strftime("%-I:%M %p").lower().replace(":00 ", " ")


def slot_buttons(slots: list[FreeSlot]) -> tuple[Button, ...]:
    buttons = []
    for slot in slots:
        day, time = _day_time(slot.start)
        buttons.append(Button(say("time.button", day=day, time=time), _choice_value(slot)))
    return tuple(buttons)


def red_flagged(slots: dict[str, Any]) -> bool:
    return bool((slots.get(ASSESSMENT) or {}).get("red_flags"))


# -- which question comes next ---------------------------------------------------------------------------
def next_slot(slots: dict[str, Any]) -> str | None:
    manage = slots.get(MANAGE)
    if manage:
        if not slots.get(MANAGE_REFERENCE):
            return MANAGE_LOOKUP
        if manage == "reschedule":
            if slots.get(BOOKING_TIME) is None:
                return BOOKING_TIME
            if slots.get(BOOKING_CONFIRMED) is None:
                return BOOKING_CONFIRMED
        return None
    if slots.get(BOOKING_REFERENCE) or slots.get(WANTS_BOOKING) is False:
        return None
    for slot in (WANTS_BOOKING, BOOKING_TIME, PHONE, EMAIL, BOOKING_CONFIRMED):
        if slots.get(slot) is None:
            return slot
    return None


# -- asking ------------------------------------------------------------------------------------------------
def ask(slot: str, slots: dict[str, Any], desk: BookingDesk | None, tries: int) -> list[Message]:
    if slot == WANTS_BOOKING:
        intro = result_messages(slots[ASSESSMENT]) if slots.get(ASSESSMENT) and not tries else []
        wording = say("offer.reask") if tries else say("offer.ask_red_flag" if red_flagged(slots) else "offer.ask")
        return intro + [Message(wording, _buttons("offer.buttons"))]
    if slot == BOOKING_TIME:
        alternatives = [slot_from(v) for v in slots.get(BOOKING_ALTERNATIVES) or []]
        if alternatives:
            return [Message(say("time.alternatives"), slot_buttons(alternatives))]
        offers = desk.earliest(4) if desk else []
        if not offers:
            return [Message(say("time.none_free"))]
        return [Message(say("time.reask") if tries else say("time.ask"), slot_buttons(offers))]
    if slot == PHONE:
        return [Message(say("phone.reask") if tries else say("phone.ask"))]
    if slot == EMAIL:
        return [Message(say("email.reask") if tries else say("email.ask"), _buttons("email.buttons"))]
    if slot == BOOKING_CONFIRMED:
        chosen = slot_from(slots[BOOKING_TIME])
        day, time = _day_time(chosen.start)
        date = chosen.start.strftime("%A %-d %B")
        if slots.get(MANAGE) == "reschedule":
            wording = say(
                "confirm.ask_reschedule",
                reference=slots.get(MANAGE_REFERENCE),
                date=date,
                time=time,
                practitioner=chosen.practitioner_name,
            )
        else:
            email = slots.get(EMAIL)
            wording = say(
                "confirm.ask",
                date=date,
                time=time,
                practitioner=chosen.practitioner_name,
                phone=slots.get(PHONE),
                email=f", email {email}" if email and email != SKIPPED else "",
            )
        return [Message(say("confirm.reask") if tries else wording, _buttons("confirm.buttons"))]
    if slot == MANAGE_LOOKUP:
        return [Message(say("lookup.reask") if tries else say("lookup.ask"))]
    raise KeyError(slot)


def why(slot: str) -> str:
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


# -- answering ---------------------------------------------------------------------------------------------
def _yes_no(turn: Turn) -> bool | None:
    value = parse_yes_no(turn.choice or turn.text)
    if value is None and turn.intent in ("affirm", "deny") and turn.confidence >= 0.6:
        value = turn.intent == "affirm"
    return value


_SLOT_CHOICE = re.compile(r"slot:(.{1,40})\|([\w-]{1,64})")


def _parse_choice(choice: str, desk: BookingDesk) -> tuple[dt.datetime, str] | None:
    """(start, practitioner id) from a time button's value, or None for anything our buttons never send:
    a client can post any payload (a made-up practitioner, a time without a zone, the year 1)."""
    match = _SLOT_CHOICE.fullmatch(choice or "")
    if not match or not desk.knows_practitioner(match.group(2)):
        return None
    try:
        start = dt.datetime.fromisoformat(match.group(1))
        if start.tzinfo is None:
            return None
        start.astimezone(dt.timezone.utc)  # OverflowError at the ends of the calendar
    except (ValueError, OverflowError):
        return None
    return start, match.group(2)


def _answer_time(turn: Turn, desk: BookingDesk, outcome: Outcome) -> bool:
    value = turn.choice if turn.choice is not None else turn.text.strip()
    if value.startswith("slot:"):
        chosen = _parse_choice(value, desk)
        if chosen is None:
            return False  # not one of our buttons: re-offer the times, never read it as words
        slot = desk.free(*chosen)
        if slot is None:
            outcome.updates[BOOKING_ALTERNATIVES] = [slot_value(s) for s in desk.earliest(4)]
            return True
        outcome.updates.update({BOOKING_TIME: slot_value(slot), BOOKING_ALTERNATIVES: None})
        return True
    picked = desk.choose(turn.text)
    if picked is None:
        return False
    if picked.slot is not None:
        outcome.updates.update({BOOKING_TIME: slot_value(picked.slot), BOOKING_ALTERNATIVES: None})
    else:
        outcome.updates[BOOKING_ALTERNATIVES] = [slot_value(s) for s in picked.alternatives]
    return True


def _booked_messages(booking: Any) -> list[Message]:
    info = confirmation(booking)
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


def _stop_booking(outcome: Outcome, limit: int) -> None:
    """The number holds the most bookings allowed: say what to do instead, and offer nothing more."""
    outcome.messages.append(Message(say("too_many", limit=limit)))
    outcome.updates.update(
        {WANTS_BOOKING: False, BOOKING_TIME: None, BOOKING_CONFIRMED: None, BOOKING_ALTERNATIVES: None}
    )


def _stop_managing(outcome: Outcome) -> None:
    outcome.updates.update(
        {
            MANAGE: None,
            MANAGE_REFERENCE: None,
            MANAGE_PHONE: None,
            BOOKING_TIME: None,
            BOOKING_CONFIRMED: None,
            BOOKING_ALTERNATIVES: None,
        }
    )


def _confirm(slots: dict[str, Any], conversation_id: str, desk: BookingDesk, outcome: Outcome) -> None:
    chosen = slot_from(slots[BOOKING_TIME])
    try:
        if slots.get(MANAGE) == "reschedule":
            booking = desk.reschedule(slots[MANAGE_REFERENCE], slots[MANAGE_PHONE], chosen)
            info = confirmation(booking)
            outcome.messages.append(
                Message(
                    say(
                        "rescheduled",
                        reference=info.reference,
                        date=info.date,
                        time=info.time,
                        practitioner=info.practitioner,
                    )
                )
            )
            outcome.updates.update({MANAGE: None, BOOKING_CONFIRMED: True, BOOKING_REFERENCE: booking.reference})
            return
        email = slots.get(EMAIL)
        name = slots.get("first_name")
        name = name if name not in (None, SKIPPED) else "Patient"
        booking = desk.book(
            conversation_id,
            chosen,
            name,
            slots[PHONE],
            None if email in (None, SKIPPED) else email,
            slots.get(INTAKE_ID),
            red_flagged(slots),
        )
    except SlotUnavailable as error:
        outcome.messages.append(Message(say("time.taken")))
        outcome.updates.update(
            {
                BOOKING_TIME: None,
                BOOKING_CONFIRMED: None,
                BOOKING_ALTERNATIVES: [slot_value(s) for s in error.alternatives] or None,
            }
        )
        return
    except BookingNotFound:
        # Cancelled (or erased) since it was looked up: nothing to move.
        outcome.messages.append(Message(say("lookup.gone")))
        _stop_managing(outcome)
        return
    except TooManyBookings as error:
        _stop_booking(outcome, error.limit)
        return
    outcome.updates.update({BOOKING_CONFIRMED: True, BOOKING_REFERENCE: booking.reference})
    outcome.messages.extend(_booked_messages(booking))


def _lookup(slots: dict[str, Any], turn: Turn, desk: BookingDesk, outcome: Outcome, conversation_id: str) -> bool:
    text = turn.text or ""
    match = _REFERENCE.search(text.replace("-", ""))
    if not match:
        return False
    reference = match.group(0).upper()
    try:
        phone = normalize_phone(text.replace(match.group(0), " "))
    except InvalidPhone:
        return False
    try:
        booking = desk.look_up(conversation_id, reference, phone)
    except BookingNotFound:
        outcome.messages.append(Message(say("lookup.not_found")))
        return True
    except LookupBlocked:
        outcome.messages.append(Message(say("lookup.blocked")))
        _stop_managing(outcome)
        return True
    if not booking.active:
        outcome.messages.append(Message(say("lookup.already_cancelled", reference=booking.reference)))
        _stop_managing(outcome)
        return True
    outcome.updates.update({MANAGE_REFERENCE: booking.reference, MANAGE_PHONE: phone})
    if slots.get(MANAGE) == "cancel":
        _cancel(reference, phone, desk, outcome)
    else:
        outcome.updates.update({BOOKING_TIME: None, BOOKING_CONFIRMED: None, BOOKING_ALTERNATIVES: None})
    return True


def _cancel(reference: str, phone: str, desk: BookingDesk, outcome: Outcome) -> None:
    booking = desk.cancel(reference, phone)
    info = confirmation(booking)
    outcome.messages.append(Message(say("cancelled", reference=info.reference, date=info.date, time=info.time)))
    outcome.updates[MANAGE] = None


def start_manage(slots: dict[str, Any], intent: str, desk: BookingDesk) -> Outcome:
    """ "Cancel my appointment" / "reschedule": this conversation's booking, or one found by reference."""
    outcome = Outcome()
    action = MANAGE_INTENTS[intent]
    outcome.updates[MANAGE] = action
    own = slots.get(BOOKING_REFERENCE)
    if own and slots.get(PHONE):
        outcome.updates.update({MANAGE_REFERENCE: own, MANAGE_PHONE: slots[PHONE]})
        if action == "cancel":
            try:
                _cancel(own, slots[PHONE], desk, outcome)
            except BookingNotFound:  # erased since it was booked
                outcome.messages.append(Message(say("lookup.gone")))
                _stop_managing(outcome)
            outcome.updates.update(
                {BOOKING_REFERENCE: None, BOOKING_TIME: None, BOOKING_CONFIRMED: None, WANTS_BOOKING: False}
            )
        else:
            outcome.updates.update({BOOKING_TIME: None, BOOKING_CONFIRMED: None, BOOKING_ALTERNATIVES: None})
    return outcome


def answer(
    slot: str, slots: dict[str, Any], turn: Turn, desk: BookingDesk, conversation_id: str
) -> tuple[Outcome, bool]:
    """(outcome, understood): `understood` False means the reply could not be used and is re-asked."""
    outcome, understood = _answer(slot, slots, turn, desk, conversation_id)
    if understood and not outcome.updates:
        # Rasa's form rejects a turn that sets no slot, and the patient would get silence instead of our
        # reply ("not found", "unavailable"): setting the question's slot (still empty) keeps the turn.
        outcome.updates[slot] = slots.get(slot)
    return outcome, understood


def _answer(
    slot: str, slots: dict[str, Any], turn: Turn, desk: BookingDesk, conversation_id: str
) -> tuple[Outcome, bool]:
    outcome = Outcome()
    try:
        if slot == WANTS_BOOKING:
            value = _yes_no(turn)
            if value is None:
                return outcome, False
            outcome.updates[WANTS_BOOKING] = value
            if not value:
                outcome.messages.append(Message(say("offer.declined")))
            return outcome, True
        if slot == BOOKING_TIME:
            return outcome, _answer_time(turn, desk, outcome)
        if slot == PHONE:
            try:
                phone = normalize_phone(turn.text)
            except InvalidPhone:
                return outcome, False
            if desk.at_booking_limit(phone):
                _stop_booking(outcome, desk.booking_limit)
                return outcome, True
            outcome.updates[PHONE] = phone
            return outcome, True
        if slot == EMAIL:
            if (turn.choice or turn.text).strip().lower() in SKIP_WORDS or turn.intent in ("deny", "skip"):
                outcome.updates[EMAIL] = SKIPPED
                return outcome, True
            try:
                outcome.updates[EMAIL] = normalize_email(turn.text) or SKIPPED
            except InvalidEmail:
                return outcome, False
            return outcome, True
        if slot == BOOKING_CONFIRMED:
            value = _yes_no(turn)
            if value is None:
                return outcome, False
            if value:
                _confirm({**slots, **outcome.updates}, conversation_id, desk, outcome)
            else:
                outcome.updates.update({BOOKING_TIME: None, BOOKING_CONFIRMED: None, BOOKING_ALTERNATIVES: None})
            return outcome, True
        if slot == MANAGE_LOOKUP:
            return outcome, _lookup(slots, turn, desk, outcome, conversation_id)
    except StorageUnavailable:
        outcome.messages.append(Message(say("unavailable")))
        return outcome, True
    raise KeyError(slot)
