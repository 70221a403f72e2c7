"""The intake form's actions: validation reads each message, sets the slots it changes and asks the next question."""

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
from bot.conversation.slot_changes import changed_only
from bot.conversation.slot_names import ASSESSMENT, CONSENT, REQUESTED, RETRIES

FORM = "intake_form"


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
        if outcome.reject:
            return []
        # Consent is always set when decided: the tracker store reads a decline from this turn's events.
        changed = changed_only(outcome.updates, slots, always=(CONSENT,))
        if turn is not None and not changed:
            # Rasa's form rejects a message that sets no slot, and the patient would get no reply.
            retries.keep(slots, outcome)
            changed = {RETRIES: outcome.updates[RETRIES]}
        send(dispatcher, outcome.messages)
        if turn is not None:
            handoff.record(tracker, slots, outcome.updates, turn, dispatcher)
        events: list[EventType] = [SlotSet(k, v) for k, v in changed.items()]
        if ASSESSMENT in outcome.updates and slots.get(CONSENT) is True:
            # The patient just confirmed the summary: store it before anything is booked against it.
            events += save_intake(tracker, {**slots, **outcome.updates}, dispatcher)
        events.append(SlotSet(REQUESTED, outcome.next_slot))
        if outcome.next_slot is not None and asks_here(domain, outcome.next_slot):
            ask(dispatcher, tracker, outcome.next_slot, after(slots, events))
        return events


def asks_here(domain: dict, slot: str) -> bool:
    """Whether this action asks the next question itself, in the same call (one action call per message, not
    two): when the model's domain declares the form but nothing to ask `slot` with, Rasa's form asks nothing.
    A model trained while domain.yml declared action_ask_* gets its questions from AskForSlot instead."""
    if FORM not in (domain.get("forms") or {}):
        return False
    declared = set(domain.get("actions") or []) | set(domain.get("responses") or {})
    askers = (f"action_ask_{FORM}_{slot}", f"utter_ask_{FORM}_{slot}", f"action_ask_{slot}", f"utter_ask_{slot}")
    return not declared.intersection(askers)


def after(slots: dict[str, Any], events: list[EventType]) -> dict[str, Any]:
    """`slots` as they are once `events` are applied (what Rasa's tracker holds when the question is asked)."""
    values = dict(slots)
    for event in events:
        if event.get("event") == "slot" and event.get("name") in values:
            values[event["name"]] = event.get("value")
    return values


def ask(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, slots: dict[str, Any]) -> None:
    """Asks the question for `slot`; its wording changes after replies that could not be used, and after
    the patient turned to something else (asked before this message)."""
    again = asked_before(tracker, slot)
    send(dispatcher, form.ask(slot, slots, services().booking_desk, again=again, conversation_id=tracker.sender_id))


class AskForSlot(Action, ABC):
    """Asks one question, for models whose domain declares action_ask_<slot> (trained before the validation
    action asked the questions itself; see asks_here)."""

    slot: str

    @abstractmethod
    def name(self) -> str: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        ask(dispatcher, tracker, self.slot, slot_values(tracker))
        return []


def _ask_action(slot: str) -> type[AskForSlot]:
    return type(f"AskFor_{slot}", (AskForSlot,), {"slot": slot, "name": lambda self: f"action_ask_{self.slot}"})


ASK_ACTIONS: dict[str, Any] = {slot: _ask_action(slot) for slot in form.all_question_slots()}
