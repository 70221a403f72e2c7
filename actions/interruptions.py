"""What the patient can say at any point: why, a human, stop, start over."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation import form
from bot.conversation.slot_names import HANDOFF, REQUESTED, STATUS
from bot.conversation.wording import text


class ExplainRequestedSlot(Action):
    def name(self) -> str:
        return "action_explain_requested_slot"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        requested = tracker.get_slot(REQUESTED) if tracker.active_loop_name else None
        dispatcher.utter_message(text=form.why(requested))
        return []


class Handoff(Action):
    """Flags the conversation for staff; the intake continues so staff have the answers."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        dispatcher.utter_message(text=text("handoff" if tracker.active_loop_name else "handoff_outside"))
        return [SlotSet(HANDOFF, True)]


class StopIntake(Action):
    def name(self) -> str:
        return "action_stop_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if not tracker.active_loop_name:
            dispatcher.utter_message(text=text("stop.outside"))
            return []
        dispatcher.utter_message(text=text("stop.in_intake"))
        return [ActiveLoop(None), SlotSet(REQUESTED, None), SlotSet(STATUS, "stopped")]


class StartOver(Action):
    def name(self) -> str:
        return "action_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        dispatcher.utter_message(text=text("start_over"))
        return [AllSlotsReset()]
