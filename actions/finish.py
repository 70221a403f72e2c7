"""What happens when the intake form ends: declined, complete, or nothing new; a delayed save is retried."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.glue import save_intake, send, slot_values
from bot.conversation.ending import finish
from bot.conversation.slot_names import ASSESSMENT, CONSENT, SAVED


class FinishIntake(Action):
    def name(self) -> str:
        return "action_finish_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        slots = slot_values(tracker)
        outcome = finish(slots, intent)
        send(dispatcher, outcome.messages)
        events: list[EventType] = [SlotSet(k, v) for k, v in outcome.updates.items()]
        if slots.get(CONSENT) is True and slots.get(ASSESSMENT) and slots.get(SAVED) is False:
            events += save_intake(tracker, {**slots, **outcome.updates}, dispatcher)
        return events
