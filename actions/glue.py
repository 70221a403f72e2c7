"""Translating between Rasa's tracker/dispatcher and the plain values `bot/` works with."""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.booking import conversation as booking
from bot.booking.desk import BookingDesk
from bot.intake.dialogue import Message, Turn
from bot.intake.finish import ASSESSMENT
from bot.intake.form_logic import RETRIES, STATUS, all_question_slots
from bot.intake.questions import text
from bot.intake.submit import clinic_sessions, store_intake, summary_for
from bot.pseudonym import pseudonym
from bot.store import StorageUnavailable

log = logging.getLogger(__name__)
SAVED = "intake_saved"
# Slots the conversation logic reads besides the questions themselves.
STATE_SLOTS = [RETRIES, STATUS, "confirm_waiting_for_change", "handoff_requested", ASSESSMENT, SAVED, "intake_id",
               *booking.STATE_SLOTS]
# Actions that run between a patient's message and the form without being an interruption.
_FORM_MACHINERY = {None, "action_listen", "intake_form", "validate_intake_form", "action_extract_slots",
                   "action_session_start"}


def slot_values(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in all_question_slots() + STATE_SLOTS}


def desk() -> BookingDesk:
    return BookingDesk(clinic_sessions())


def latest_turn(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    choice = next((e.get("value") for e in message.get("entities") or [] if e.get("entity") == "choice"), None)
    return Turn(
        text=str(message.get("text") or ""),
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        choice=None if choice is None else str(choice),
    )


def answered_since_message(tracker: Tracker) -> bool:
    """True when another action already answered the latest message (an FAQ, "why?", start over...).

    The form is then coming back after an interruption and must not read that message as an answer.
    """
    events = tracker.events or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    return any(
        e.get("event") == "action" and e.get("name") not in _FORM_MACHINERY
        for e in events[last_user + 1:]
    )


def send(dispatcher: CollectingDispatcher, messages: list[Message]) -> None:
    for message in messages:
        buttons = [{"title": b.title, "payload": '/inform{"choice":"%s"}' % b.value} for b in message.buttons]
        dispatcher.utter_message(text=message.text, buttons=buttons or None)


def conversation_start(tracker: Tracker) -> float | None:
    return next((e.get("timestamp") for e in tracker.events if e.get("event") == "user"), None)


def save_intake(tracker: Tracker, slots: dict, dispatcher: CollectingDispatcher) -> list[EventType]:
    """Stores the intake; when the database is down the answers stay in the conversation for a retry."""
    channel = (tracker.latest_message or {}).get("input_channel") or tracker.get_latest_input_channel() or "unknown"
    summary = summary_for(tracker.sender_id, channel, slots, slots.get(ASSESSMENT), conversation_start(tracker))
    try:
        intake_id = store_intake(summary)
    except StorageUnavailable:
        log.error("Could not store the intake of %s: database unavailable; kept for retry",
                  pseudonym(tracker.sender_id))
        dispatcher.utter_message(text=text("storage.unavailable"))
        return [SlotSet(SAVED, False)]
    return [SlotSet(SAVED, True), SlotSet("intake_id", intake_id)]
