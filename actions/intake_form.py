"""The intake form's validation and question actions."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import handoff
from actions.glue import answered_since_message, asked_before, latest_turn, save_intake, send, slot_values
from actions.services import services
from bot.conversation import form, retries
from bot.conversation.slot_names import ASSESSMENT, CONSENT, REQUESTED


class ValidateIntakeForm(Action):
    """Reads each message with bot.conversation.form and sets every slot it answers.

    Returning no slot hands the message to the rules (FAQ, "why?", stop...), which then bring the
    patient back to the same question.
    """

    def name(self) -> str:
        return "validate_intake_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        slots = slot_values(tracker)
        requested = tracker.get_slot(REQUESTED)
        turn = None
        if answered_since_message(tracker):
            outcome = form.resume(slots, requested) if requested else form.start(slots, None)
        else:
            turn = latest_turn(tracker)
            outcome = form.step(slots, requested, turn, services().booking_desk, tracker.sender_id)
            if not outcome.reject and not outcome.updates:
                # Rasa's form rejects a message that sets no slot, and the patient would get no reply.
                retries.keep(slots, outcome)
        if outcome.reject:
            return []
        send(dispatcher, outcome.messages)
        if turn is not None:
            handoff.record(tracker, slots, outcome.updates, turn, dispatcher)
        events: list[EventType] = [SlotSet(k, v) for k, v in outcome.updates.items()]
        if ASSESSMENT in outcome.updates and slots.get(CONSENT) is True:
            # The patient just confirmed the summary: store it before anything is booked against it.
            events += save_intake(tracker, {**slots, **outcome.updates}, dispatcher)
        return events + [SlotSet(REQUESTED, outcome.next_slot)]


class AskForSlot(Action, ABC):
    """Asks one question; the wording changes after replies that could not be used."""

    slot: str

    @abstractmethod
    def name(self) -> str: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        again = asked_before(tracker, self.slot)
        slots = slot_values(tracker)
        send(
            dispatcher,
            form.ask(self.slot, slots, services().booking_desk, again=again, conversation_id=tracker.sender_id),
        )
        return []


def _ask_action(slot: str) -> type[AskForSlot]:
    return type(f"AskFor_{slot}", (AskForSlot,), {"slot": slot, "name": lambda self: f"action_ask_{self.slot}"})


ASK_ACTIONS: dict[str, Any] = {slot: _ask_action(slot) for slot in form.all_question_slots()}
