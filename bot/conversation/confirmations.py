"""State changes the patient confirms first: a hand-off to staff, and starting over (which clears the answers).

The request only sets `pending_confirmation`; the patient's next reply decides. Yes carries it out, no keeps
everything as it was, and anything else is the patient moving on: the request is dropped and the reply read
as usual. Cancelling and moving bookings use the same slot with their own kinds (booking_steps.py). After
the yes to a hand-off, the number staff should call is asked the same way when none is known (handoff.py).
"""

from __future__ import annotations

from typing import Any

from bot.conversation import handoff
from bot.conversation.answers import parse_yes_no
from bot.conversation.slot_names import (
    BOOKING_QUESTIONS,
    BOOKING_REFERENCE,
    CONFIRM,
    PENDING_CONFIRMATION,
)
from bot.conversation.turn import Message, Outcome, Turn
from bot.conversation.wording import buttons, text
from bot.intake.questions import question_slots

HANDOFF_KIND = "handoff"
START_OVER_KIND = "start_over"
KINDS = (HANDOFF_KIND, START_OVER_KIND, *handoff.PHONE_KINDS)
CONFIDENT = 0.6


def pending(slots: dict[str, Any]) -> str | None:
    """The hand-off or start over awaiting the patient's yes, if any (other kinds are the booking's)."""
    kind = slots.get(PENDING_CONFIRMATION)
    return kind if kind in KINDS else None


def question(kind: str, slots: dict[str, Any] | None = None) -> Message:
    if kind in handoff.PHONE_KINDS:
        return handoff.question(slots or {})
    return Message(text(f"confirm_first.{kind}.ask"), buttons(f"confirm_first.{kind}.buttons"))


def request(kind: str) -> dict[str, Any]:
    """The slot change that asks for `kind` to be confirmed."""
    return {PENDING_CONFIRMATION: kind}


def has_answers(slots: dict[str, Any]) -> bool:
    """Whether starting over would lose anything: an answer, a confirmation, a booking (not the consent alone:
    "start over" after declining is how a patient changes their mind, and needs no question)."""
    kept = (*question_slots(), CONFIRM, *BOOKING_QUESTIONS, BOOKING_REFERENCE)
    return any(slots.get(name) is not None for name in kept)


def _yes_no(turn: Turn) -> bool | None:
    value = parse_yes_no(turn.choice or turn.text)
    if value is None and turn.intent in ("affirm", "deny") and turn.confidence >= CONFIDENT:
        value = turn.intent == "affirm"
    return value


def resolve(kind: str, slots: dict[str, Any], turn: Turn, in_intake: bool, conversation_id: str = "") -> Outcome | None:
    """The patient's reply to the confirmation question; None when it is neither yes nor no. (The reply to the
    number for a hand-off is always handled: handoff.number_reply, a reject when it is about something else.)

    `in_intake`: the questions are under way (the hand-off message then offers to carry on with them).
    `conversation_id`: its channel may tell the number staff should call (WhatsApp)."""
    if kind in handoff.PHONE_KINDS:
        return handoff.number_reply(kind, slots, turn)
    answer = _yes_no(turn)
    if answer is None:
        return None
    if not answer:
        return Outcome(updates={PENDING_CONFIRMATION: None}, messages=[Message(text(f"confirm_first.{kind}.declined"))])
    if kind == HANDOFF_KIND:
        return handoff.confirmed(slots, in_intake, conversation_id)
    # Starting over forgets every answer, the consent included, as Rasa's AllSlotsReset did.
    cleared = dict.fromkeys(slots)
    return Outcome(updates={**cleared, PENDING_CONFIRMATION: None}, messages=[Message(text("start_over"))])
