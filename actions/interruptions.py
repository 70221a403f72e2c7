"""What the patient can say at any point: why, a human, stop, start over."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.glue import send, slot_values
from actions.handoff import still_open
from bot.conversation import confirmations, form
from bot.conversation.slot_names import HANDOFF, REQUESTED, STATUS
from bot.conversation.wording import text


class ExplainRequestedSlot(Action):
    def name(self) -> str:
        return "action_explain_requested_slot"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        requested = tracker.get_slot(REQUESTED) if tracker.active_loop_name else None
        dispatcher.utter_message(text=form.why(requested, slot_values(tracker)))
        return []


class Handoff(Action):
    """Asks first whether staff should contact the patient; the form carries out the patient's yes.

    During the intake the form asks the question (in place of the open one) and comes back to it after. A
    request staff have marked done since is no longer "already asked": the patient may ask again."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        events: list[EventType] = []
        if tracker.get_slot(HANDOFF):
            if still_open(tracker.sender_id):
                dispatcher.utter_message(text=text("confirm_first.handoff.already"))
                return []
            events.append(SlotSet(HANDOFF, None))
        if not tracker.active_loop_name:
            # No form follows this action outside the intake: the question is asked here.
            send(dispatcher, [confirmations.question(confirmations.HANDOFF_KIND)])
        return events + [SlotSet(k, v) for k, v in confirmations.request(confirmations.HANDOFF_KIND).items()]


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
    """Starts over at once when there is nothing to lose; otherwise asks first (the form, which always runs
    after this action, asks the question and carries out the patient's yes)."""

    def name(self) -> str:
        return "action_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if not confirmations.has_answers(slot_values(tracker)):
            dispatcher.utter_message(text=text("start_over"))
            return [AllSlotsReset()]
        return [SlotSet(k, v) for k, v in confirmations.request(confirmations.START_OVER_KIND).items()]
