"""What happens when the intake form ends: confirmed (assess, explain, store), declined, or already done."""
from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.glue import send, slot_values
from bot.intake.finish import ASSESSMENT, finish
from bot.intake.questions import text
from bot.intake.submit import store_intake, summary_for
from bot.store import StorageUnavailable

log = logging.getLogger(__name__)
SAVED = "intake_saved"


def conversation_start(tracker: Tracker) -> float | None:
    return next((e.get("timestamp") for e in tracker.events if e.get("event") == "user"), None)


def save_intake(tracker: Tracker, slots: dict, dispatcher: CollectingDispatcher) -> list[EventType]:
    """Stores the intake; when the database is down the answers stay in the conversation for a retry."""
    channel = (tracker.latest_message or {}).get("input_channel") or tracker.get_latest_input_channel() or "unknown"
    summary = summary_for(tracker.sender_id, channel, slots, slots.get(ASSESSMENT), conversation_start(tracker))
    try:
        store_intake(summary)
    except StorageUnavailable:
        log.error("Could not store the intake of %s: database unavailable; kept for retry", tracker.sender_id)
        dispatcher.utter_message(text=text("storage.unavailable"))
        return [SlotSet(SAVED, False)]
    return [SlotSet(SAVED, True)]


class FinishIntake(Action):
    def name(self) -> str:
        return "action_finish_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        slots = slot_values(tracker)
        outcome = finish(slots, intent)
        send(dispatcher, outcome.messages)
        events: list[EventType] = [SlotSet(k, v) for k, v in outcome.updates.items()]
        slots.update(outcome.updates)
        if slots.get("consent") is True and slots.get(ASSESSMENT) and \
                (ASSESSMENT in outcome.updates or tracker.get_slot(SAVED) is False):
            events += save_intake(tracker, slots, dispatcher)
        return events
