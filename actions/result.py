""" "Tell me more" about the result: the rest of what the short result left out."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.glue import send, slot_values
from bot.conversation.clinical_result import more_messages
from bot.conversation.slot_names import ASSESSMENT


class TellMeMore(Action):
    def name(self) -> str:
        return "action_tell_me_more"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        slots = slot_values(tracker)
        send(dispatcher, more_messages(slots.get(ASSESSMENT), slots))
        return []
