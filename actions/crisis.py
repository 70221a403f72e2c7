"""Thoughts of self-harm, at any point: the crisis reply with helplines, an urgent alert for staff, the intake
paused. The message's words are neither logged nor put in the alert (bot/store/alerts.py keeps who and when)."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.services import services
from bot.booking.phones import channel_phone
from bot.clinical.crisis import crisis_message
from bot.conversation.slot_names import MANAGE_PHONE, PHONE, REQUESTED, STATUS
from bot.pseudonym import pseudonym
from bot.store import StorageUnavailable
from bot.store.alerts import raise_alert

log = logging.getLogger(__name__)
SELF_HARM = "self_harm"


def _known_phone(tracker: Tracker) -> str | None:
    """A phone number the patient gave in this conversation (a booking's, or one to find a booking by), else
    the number they write from (WhatsApp), so staff can call at once."""
    for slot in (PHONE, MANAGE_PHONE):
        value = tracker.get_slot(slot)
        if isinstance(value, str) and value.startswith("+"):
            return value
    return channel_phone(tracker.sender_id)


class CrisisSupport(Action):
    def name(self) -> str:
        return "action_crisis_support"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        # The reply first: whatever happens to the alert, the patient gets the helplines.
        dispatcher.utter_message(text=crisis_message())
        channel = tracker.get_latest_input_channel() or "unknown"
        try:
            raise_alert(services().clinic_sessions, tracker.sender_id, channel, SELF_HARM, _known_phone(tracker))
            log.warning("Urgent staff alert (self-harm) for conversation %s", pseudonym(tracker.sender_id))
        except StorageUnavailable:
            log.error(
                "URGENT: could not store a self-harm alert for conversation %s: database unavailable",
                pseudonym(tracker.sender_id),
            )
        if not tracker.active_loop_name:
            return []
        # The questions wait: the patient may go on ("start") when they want to, nothing is asked meanwhile.
        return [ActiveLoop(None), SlotSet(REQUESTED, None), SlotSet(STATUS, "stopped")]
