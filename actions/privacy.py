"""'Delete my data': confirm, then file an erasure request for staff (bot.privacy), or go back on no."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.services import services
from bot.conversation.slot_names import ERASURE_PENDING as PENDING
from bot.privacy.erasure_requests import request_erasure
from bot.privacy.messages import MESSAGES
from bot.pseudonym import pseudonym
from bot.store import StorageUnavailable

log = logging.getLogger(__name__)


class AskErasure(Action):
    """Pauses the intake (its validator would read the yes or no as an answer) and asks to confirm."""

    def name(self) -> str:
        return "action_ask_erasure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        # Buttons send the intents themselves: the yes/no rules follow this question, the form is paused
        buttons = [{"title": b.title, "payload": b.value} for b in MESSAGES.buttons("buttons")]
        dispatcher.utter_message(text=MESSAGES.text("ask"), buttons=buttons)
        # requested_slot stays: on "no" the form comes back to that question
        return [ActiveLoop(None), SlotSet(PENDING, "in_intake" if tracker.active_loop_name else "outside")]


class RequestErasure(Action):
    def name(self) -> str:
        return "action_request_erasure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        channel = tracker.get_latest_input_channel() or "unknown"
        try:
            request = request_erasure(services().clinic_sessions, tracker.sender_id, channel)
        except StorageUnavailable:
            log.error("Could not record the erasure request of %s: database unavailable", pseudonym(tracker.sender_id))
            dispatcher.utter_message(text=MESSAGES.text("unavailable"))
            return [SlotSet(PENDING, None)]
        log.info("Erasure request %s filed for %s", request.id, pseudonym(tracker.sender_id))
        dispatcher.utter_message(text=MESSAGES.text("requested"))
        # The answers are dropped from the conversation too: no half intake is stored or booked afterwards.
        return [AllSlotsReset(), SlotSet(PENDING, None)]


class CancelErasure(Action):
    def name(self) -> str:
        return "action_cancel_erasure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        dispatcher.utter_message(text=MESSAGES.text("cancelled"))
        return [SlotSet(PENDING, None)]
