"""Translating between Rasa's tracker/dispatcher and the plain values `bot/` works with."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.services import services
from bot.conversation.form import all_question_slots
from bot.conversation.intake_summary import summary_for
from bot.conversation.slot_names import ASSESSMENT, INTAKE_ID, REQUESTED, SAVED, STATE
from bot.conversation.turn import Message, Turn
from bot.conversation.wording import text
from bot.intake.records import save_summary
from bot.pseudonym import pseudonym
from bot.store import StorageUnavailable

log = logging.getLogger(__name__)
# Actions that run between a patient's message and the form without being an interruption.
_FORM_MACHINERY = {
    None,
    "action_listen",
    "intake_form",
    "validate_intake_form",
    "action_extract_slots",
    "action_session_start",
}


def slot_values(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in all_question_slots() + list(STATE)}


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


def asked_before(tracker: Tracker, slot: str) -> bool:
    """True when the form asked `slot` before the latest message in this session (not only in this turn)."""
    events = tracker.events or []
    session = max((i for i, e in enumerate(events) if e.get("event") == "session_started"), default=-1)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    return any(
        e.get("event") == "slot" and e.get("name") == REQUESTED and e.get("value") == slot
        for e in events[session + 1 : last_user]
    )


def answered_since_message(tracker: Tracker) -> bool:
    """True when another action already answered the latest message (an FAQ, "why?", start over...).

    The form is then coming back after an interruption and must not read that message as an answer.
    """
    events = tracker.events or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    return any(e.get("event") == "action" and e.get("name") not in _FORM_MACHINERY for e in events[last_user + 1 :])


def send(dispatcher: CollectingDispatcher, messages: list[Message]) -> None:
    for message in messages:
        buttons = [{"title": b.title, "payload": f'/inform{{"choice":"{b.value}"}}'} for b in message.buttons]
        dispatcher.utter_message(text=message.text, buttons=buttons or None)


def conversation_start(tracker: Tracker) -> float | None:
    return next((e.get("timestamp") for e in tracker.events if e.get("event") == "user"), None)


def save_intake(tracker: Tracker, slots: dict, dispatcher: CollectingDispatcher) -> list[EventType]:
    """Stores the intake; when the database is down the answers stay in the conversation for a retry."""
    channel = (tracker.latest_message or {}).get("input_channel") or tracker.get_latest_input_channel() or "unknown"
    summary = summary_for(tracker.sender_id, channel, slots, slots.get(ASSESSMENT), conversation_start(tracker))
    try:
        intake_id = save_summary(services().clinic_sessions, summary)
    except StorageUnavailable:
        log.error(
            "Could not store the intake of %s: database unavailable; kept for retry", pseudonym(tracker.sender_id)
        )
        dispatcher.utter_message(text=text("storage.unavailable"))
        return [SlotSet(SAVED, False)]
    log.info("Stored intake %s for conversation %s", intake_id, pseudonym(tracker.sender_id))
    return [SlotSet(SAVED, True), SlotSet(INTAKE_ID, intake_id)]
