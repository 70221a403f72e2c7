"""What happens when the intake form ends: confirmed, declined, or already done."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.glue import send, slot_values
from bot.intake.finish import finish


class FinishIntake(Action):
    def name(self) -> str:
        return "action_finish_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        outcome = finish(slot_values(tracker), intent)
        send(dispatcher, outcome.messages)
        return [SlotSet(k, v) for k, v in outcome.updates.items()]
