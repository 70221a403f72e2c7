"""A hand-off to staff once the patient said yes: the number staff will call, asked for when none is known.

The conversation knows a number when the patient gave one for a booking (or to find one), or when their channel
tells it (WhatsApp). Otherwise the next question is "What number can the clinic call you on?": a reply that is
no number is told how to write one and asked once more; after that, or a "no", the patient is told to call the
clinic. The request itself is recorded by the actions (actions/handoff.py) from what `to_record` returns:
reason and number only, and the patient's own words only after they agreed to the questions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.booking.phones import InvalidPhone, channel_phone, display_phone, normalize_phone
from bot.conversation import retries
from bot.conversation.answers import parse_yes_no
from bot.conversation.slot_names import CONFIRM, CONSENT, HANDOFF, MANAGE_PHONE, PENDING_CONFIRMATION, PHONE, STATUS
from bot.conversation.turn import Message, Outcome, Turn
from bot.conversation.wording import buttons, text
from bot.store.handoff_models import AFTER_INTAKE, BEFORE_INTAKE, DURING_INTAKE, WITHOUT_CONSENT

# Waiting for the number: the form was asking a question (back to it after), or was not ("outside").
PHONE_KIND = "handoff_phone"
PHONE_OUTSIDE_KIND = "handoff_phone_outside"
PHONE_KINDS = (PHONE_KIND, PHONE_OUTSIDE_KIND)
RETRY_KEY = "handoff_phone"  # its count of replies that were no number (intake_retries)
# Intents the dialogue rules answer instead, when the reply has no digit in it; the number is asked again after.
# ("later", "bye" are no such thing: they count as a reply that is no number.)
ASIDES = {"ask_why", "faq", "out_of_scope", "start_over", "stop", "delete_my_data", "bot_challenge"}
CONFIDENT = 0.6
# A run of digits with the separators people type: "0300-1234567", "+92 (300) 123 4567".
_NUMBER = re.compile(r"\+?\d[\d\s().-]{5,}\d")


@dataclass(frozen=True)
class HandoffRecord:
    """What to record for staff: why (a reason code), the number to call, and whether the patient's own words
    may be kept with it (only after they agreed to the questions)."""

    reason: str
    phone: str | None
    with_words: bool


def known_phone(slots: dict[str, Any], conversation_id: str | None) -> str | None:
    """A number given in this conversation (a booking's, or one to find a booking by), else the channel's."""
    for slot in (PHONE, MANAGE_PHONE):
        value = slots.get(slot)
        if isinstance(value, str) and value.startswith("+"):
            return value
    return channel_phone(conversation_id)


def reason(slots: dict[str, Any]) -> str:
    """Where the patient was when they asked: without consent, before the questions, after them, or during."""
    if slots.get(CONSENT) is False:
        return WITHOUT_CONSENT
    if slots.get(CONSENT) is None:
        return BEFORE_INTAKE
    if slots.get(CONFIRM) is True or slots.get(STATUS) in ("confirmed", "complete"):
        return AFTER_INTAKE
    return DURING_INTAKE


def read_phone(said: str) -> str | None:
    """The first phone number in the reply, in E.164 ("my number is 0300 1234567" too), else None."""
    for candidate in [said, *_NUMBER.findall(said or "")]:
        try:
            return normalize_phone(candidate)
        except InvalidPhone:
            continue
    return None


def _will_call(phone: str, in_intake: bool) -> Message:
    words = text("handoff_call.will_call", phone=display_phone(phone))
    return Message(f"{words} {text('handoff_call.carry_on')}" if in_intake else words)


def confirmed(slots: dict[str, Any], in_intake: bool, conversation_id: str | None) -> Outcome:
    """The patient said yes to the hand-off: tell them the number staff will call, or ask for one."""
    phone = known_phone(slots, conversation_id)
    if phone is not None:
        return Outcome(updates={PENDING_CONFIRMATION: None, HANDOFF: True}, messages=[_will_call(phone, in_intake)])
    # The number question follows (confirmations.question, asked in place of any question).
    kind = PHONE_KIND if in_intake else PHONE_OUTSIDE_KIND
    return Outcome(
        updates={PENDING_CONFIRMATION: kind, HANDOFF: True}, messages=[Message(text("handoff_call.asked_staff"))]
    )


def question(slots: dict[str, Any]) -> Message:
    wording = text("handoff_call.reask") if retries.count(slots, RETRY_KEY) else text("handoff_call.ask")
    return Message(wording, buttons("handoff_call.buttons"))


def _aside(turn: Turn) -> bool:
    confident = turn.choice is None and turn.intent in ASIDES and turn.confidence >= CONFIDENT
    return confident and not any(c.isdigit() for c in turn.text)


def number_reply(kind: str, slots: dict[str, Any], turn: Turn) -> Outcome:
    """The patient's reply to the number question. A reply about something else (an FAQ, "why?", stop, thoughts
    of self-harm ...) is rejected to the dialogue rules, which answer it; the number is asked again after."""
    if turn.intent == "self_harm" or _aside(turn):
        return Outcome(reject=True)
    outcome = Outcome()
    phone = read_phone(turn.text) if turn.choice is None else None
    if phone is not None:
        retries.reset(slots, RETRY_KEY, outcome)
        outcome.updates[PENDING_CONFIRMATION] = None
        outcome.messages.append(_will_call(phone, kind == PHONE_KIND))
        return outcome
    if parse_yes_no(turn.reply) is not False and retries.count(slots, RETRY_KEY) < 1:
        retries.add_one(slots, RETRY_KEY, outcome)  # still waiting: the question is asked once more
        outcome.messages.append(Message(text("handoff_call.how_to_write")))
        return outcome
    retries.reset(slots, RETRY_KEY, outcome)
    outcome.updates[PENDING_CONFIRMATION] = None
    outcome.messages.append(Message(text("handoff_call.call_us")))
    return outcome


def to_record(slots: dict[str, Any], updates: dict[str, Any], turn: Turn, conversation_id: str) -> HandoffRecord | None:
    """What this turn asks to record for staff, if anything: a hand-off the patient just said yes to (with the
    number known by then), or the number they just gave for it."""
    consented = slots.get(CONSENT) is True
    if updates.get(HANDOFF) is True and not slots.get(HANDOFF):
        return HandoffRecord(reason(slots), known_phone(slots, conversation_id), consented)
    waiting = slots.get(PENDING_CONFIRMATION) in PHONE_KINDS
    if waiting and PENDING_CONFIRMATION in updates and updates[PENDING_CONFIRMATION] is None:
        phone = read_phone(turn.text) if turn.choice is None else None
        if phone is not None:
            return HandoffRecord(reason(slots), phone, consented)
    return None
