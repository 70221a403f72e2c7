"""Before consent the intake form fills nothing from what the patient writes, and says none of it back."""
from __future__ import annotations

import json
import time

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.intake_form import ValidateIntakeForm
from bot.conversation.form import ask, start, step
from bot.conversation.slot_names import CONSENT
from bot.conversation.turn import Turn
from bot.intake.questions import question_slots

NAME, MEDICINE = "Quillonia", "Minoxidil"
# Full of facts the form reads once consent is given: a name, an age, a pattern, a duration, an onset, a medicine.
OPENING = (f"hi, my name is {NAME}, I'm 34 and I have a round bald patch since 3 weeks, it came suddenly; "
           f"I take {MEDICINE}")


def said(outcome) -> str:
    return " ".join(m.text for m in outcome.messages)


def test_the_form_reads_the_opening_message_once_consent_is_given():
    # the same message, after consent, fills questions: so the checks below can fail
    filled = start({"consent": True}, Turn(OPENING, "greet", 0.9)).updates
    assert filled.get("first_name") == NAME and filled.get("age") == 34


def test_the_opening_message_fills_nothing_before_consent():
    outcome = start({}, Turn(OPENING, "greet", 0.9))
    assert outcome.next_slot == CONSENT
    assert not set(outcome.updates) & set(question_slots())
    assert NAME not in said(outcome) and "34" not in said(outcome)


def test_facts_in_the_consent_answer_are_not_kept_and_every_question_is_asked():
    slots: dict = {}
    outcome = step(slots, CONSENT, Turn(f"yes. {OPENING}", "affirm", 0.9))
    assert outcome.updates[CONSENT] is True
    assert not set(outcome.updates) & set(question_slots())
    assert outcome.next_slot == "first_name"
    assert NAME not in said(outcome)


def test_a_decline_keeps_nothing_and_says_nothing_back():
    outcome = step({}, CONSENT, Turn(f"no. {OPENING}", "deny", 0.9))
    assert outcome.updates[CONSENT] is False and outcome.next_slot is None
    assert all(outcome.updates.get(slot) is None for slot in question_slots())
    assert NAME not in said(outcome) and MEDICINE not in said(outcome)


def test_the_consent_question_says_nothing_of_the_patient():
    wording = " ".join(m.text for m in ask(CONSENT, {}))
    assert "store" in wording and NAME not in wording


async def test_the_validation_action_sets_no_intake_slot_from_the_opening_message():
    message = {"text": OPENING, "intent": {"name": "greet", "confidence": 0.9}, "entities": [],
               "input_channel": "rest"}
    events = [{"event": "action", "name": "action_listen"},
              {"event": "user", "text": OPENING, "parse_data": message, "timestamp": time.time()}]
    tracker = Tracker("patient-1", {}, message, events, False, None, {"name": "intake_form"}, "action_listen")
    dispatcher = CollectingDispatcher()
    result = await ValidateIntakeForm().run(dispatcher, tracker, {})
    slots = {event["name"]: event["value"] for event in result if event.get("event") == "slot"}
    assert slots.get("requested_slot") == CONSENT
    assert not {name for name, value in slots.items() if value is not None} & set(question_slots())
    assert NAME not in json.dumps(dispatcher.messages) and NAME not in json.dumps(result)
