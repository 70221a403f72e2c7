"""Recording a hand-off for staff (bot.store.handoffs) when the conversation says the patient asked for one.

bot.conversation.handoff decides what to record; this glue adds what only the tracker knows (the channel, the
patient's own words when they asked, if they agreed to the questions) and writes it. Never logs the words."""

from __future__ import annotations

import logging

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.services import services
from bot.conversation import handoff
from bot.conversation.turn import Turn
from bot.conversation.wording import text
from bot.pseudonym import pseudonym
from bot.store import StorageUnavailable
from bot.store.handoffs import open_handoff, request_handoff

log = logging.getLogger(__name__)
HANDOFF_ACTION = "action_handoff"


def asking_words(tracker: Tracker) -> str | None:
    """The patient's message that asked for a person: the last one before the latest action_handoff."""
    events = tracker.events or []
    asked = max(
        (i for i, e in enumerate(events) if e.get("event") == "action" and e.get("name") == HANDOFF_ACTION), default=-1
    )
    said = next((e.get("text") for e in reversed(events[:asked]) if e.get("event") == "user"), None)
    # A button press ("/inform{...}") is no words of the patient's.
    return said if isinstance(said, str) and not said.startswith("/") else None


def record(tracker: Tracker, slots: dict, updates: dict, turn: Turn, dispatcher: CollectingDispatcher) -> None:
    """Records (or updates) the conversation's open hand-off when this turn confirmed one or gave its number."""
    wanted = handoff.to_record(slots, updates, turn, tracker.sender_id)
    if wanted is None:
        return
    channel = tracker.get_latest_input_channel() or "unknown"
    words = asking_words(tracker) if wanted.with_words else None
    try:
        number = request_handoff(
            services().clinic_sessions, tracker.sender_id, channel, wanted.reason, wanted.phone, words
        )
    except StorageUnavailable:
        log.error("Could not store a hand-off for conversation %s: database unavailable", pseudonym(tracker.sender_id))
        dispatcher.utter_message(text=text("handoff_call.not_saved"))
        return
    log.info("Hand-off %s for conversation %s (%s)", number, pseudonym(tracker.sender_id), wanted.reason)


def still_open(conversation_id: str) -> bool:
    """Whether staff still have this conversation's hand-off to do (True when the database cannot tell)."""
    try:
        with services().clinic_sessions() as session:
            return open_handoff(session, conversation_id) is not None
    except StorageUnavailable:
        return True
