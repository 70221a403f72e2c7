"""The Rasa actions, run with rasa-sdk's real Tracker and CollectingDispatcher."""
from __future__ import annotations

import time

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.finish import FinishIntake
from actions.intake_form import ASK_ACTIONS, ValidateIntakeForm
from actions.interruptions import ExplainRequestedSlot, Handoff, StartOver, StopIntake
from bot.conversation.form import all_question_slots
from tests.support.action_services import install_services

ANSWERED = {
    "consent": True, "first_name": "Sara", "age": 34, "sex": "female",
    "description": "a round bald patch behind my ear that appeared in two weeks", "duration_days": 21,
    "onset": "sudden", "pattern": "patches", "shedding": "clumps", "triggers": [], "family_history": False,
    "hairstyles": False, "scalp_symptoms": [], "nail_changes": True, "conditions": [], "medicines": [],
    "pregnancy": "no", "treatments_tried": [],
}


def tracker(slots=None, text="", intent="inform", confidence=0.95, entities=None, events=None,
            active_loop="intake_form", sender="patient-1"):
    message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or [],
               "input_channel": "rest"}
    if events is None:
        events = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text,
                  "parse_data": message, "timestamp": time.time()}]
    return Tracker(sender, dict(slots or {}), message, events, False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


async def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, trk, {})
    return events, dispatcher.messages


async def test_validate_sets_the_answer_and_the_next_question():
    events, _ = await run(ValidateIntakeForm(), tracker({"consent": True, "requested_slot": "first_name"}, "Sara"))
    assert SlotSet("first_name", "Sara") in events
    assert SlotSet("requested_slot", "age") in events


async def test_validate_fills_several_slots_from_one_message():
    slots = {"consent": True, "first_name": "Sara", "age": 34, "sex": "female", "requested_slot": "description"}
    text = "hair coming out in clumps since I had dengue, a round patch, my father is bald"
    events, _ = await run(ValidateIntakeForm(), tracker(slots, text))
    values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert values["description"] == text
    assert values["shedding"] == "clumps" and values["pattern"] == "patches"
    assert "illness_fever" in values["triggers"]
    assert "family_history" not in values, "a relative mentioned in passing is asked about, not taken"
    assert values["requested_slot"] not in {"description", "shedding", "pattern", "family_history", "triggers"}


async def test_validate_hands_interruptions_back_to_the_rules():
    events, messages = await run(ValidateIntakeForm(),
                                 tracker({"consent": True, "requested_slot": "age"}, "what is mesotherapy", "faq"))
    assert events == [] and messages == []


async def test_validate_reads_a_button_payload():
    slots = {**{k: ANSWERED[k] for k in ("consent", "first_name", "age", "sex", "description", "duration_days",
                                         "onset")}, "requested_slot": "pattern"}
    trk = tracker(slots, '/inform{"choice":"diffuse"}', entities=[{"entity": "choice", "value": "diffuse"}])
    events, _ = await run(ValidateIntakeForm(), trk)
    assert SlotSet("pattern", "diffuse") in events


async def test_validate_after_an_interruption_repeats_the_question_without_reading_the_message():
    events = [{"event": "user", "text": "why?", "parse_data": {}},
              {"event": "action", "name": "action_explain_requested_slot"},
              {"event": "action", "name": "intake_form"}]
    trk = tracker({"consent": True, "requested_slot": "age"}, "why?", "ask_why", events=events)
    result, messages = await run(ValidateIntakeForm(), trk)
    assert result == [SlotSet("requested_slot", "age")] and messages == []


async def test_validate_failed_answer_counts_a_retry():
    events, _ = await run(ValidateIntakeForm(), tracker({"consent": True, "first_name": "Sara",
                                                          "requested_slot": "age"}, "banana"))
    assert SlotSet("intake_retries", {"age": 1}) in events
    assert SlotSet("requested_slot", "age") in events


BOOKING_CONTEXT = {**ANSWERED, "summary_confirmed": True, "wants_booking": True, "phone": "+923001234567",
                   "booking_time": {"start": "2026-12-08T11:00:00+05:00", "end": "2026-12-08T11:30:00+05:00",
                                    "practitioner_id": "derm-a", "practitioner": "Consultant dermatologist (A)"}}


@pytest.mark.parametrize("slot", all_question_slots())
async def test_every_question_has_an_ask_action(slot):
    action = ASK_ACTIONS[slot]()
    assert action.name() == f"action_ask_{slot}"
    context = {} if slot in ("consent", "first_name") else BOOKING_CONTEXT
    _, messages = await run(action, tracker(context))
    assert messages and all(m["text"] for m in messages)
    for message in messages:
        for button in message.get("buttons") or []:
            assert button["payload"].startswith('/inform{"choice":')


async def test_ask_changes_wording_after_failures_and_offers_skip():
    _, first = await run(ASK_ACTIONS["age"](), tracker({}))
    _, later = await run(ASK_ACTIONS["age"](), tracker({"intake_retries": {"age": 2}}))
    assert first[0]["text"] != later[0]["text"]
    assert any(b["title"] == "Skip this question" for m in later for b in m.get("buttons") or [])


async def test_explain_requested_slot():
    _, messages = await run(ExplainRequestedSlot(), tracker({"requested_slot": "family_history"}))
    assert "families" in messages[0]["text"]
    _, outside = await run(ExplainRequestedSlot(), tracker({}, active_loop=None))
    assert outside[0]["text"]


async def test_handoff_asks_first_and_the_form_carries_out_the_yes():
    events, messages = await run(Handoff(), tracker({"consent": True, "requested_slot": "age"}))
    assert events == [SlotSet("pending_confirmation", "handoff")] and messages == [], "the form asks it"
    slots = {"consent": True, "requested_slot": "age", "pending_confirmation": "handoff"}
    events, messages = await run(ValidateIntakeForm(), tracker(slots, "yes please", "affirm"))
    assert SlotSet("handoff_requested", True) in events and SlotSet("requested_slot", "age") in events
    assert "staff" in messages[0]["text"]


async def test_stop_ends_the_form():
    events, messages = await run(StopIntake(), tracker({"requested_slot": "age"}))
    assert ActiveLoop(None) in events and SlotSet("intake_status", "stopped") in events
    assert messages


async def test_start_over_asks_before_clearing_answers():
    events, messages = await run(StartOver(), tracker(ANSWERED))
    assert events == [SlotSet("pending_confirmation", "start_over")] and messages == []
    events, messages = await run(StartOver(), tracker({}))
    assert events == [AllSlotsReset()] and messages, "nothing to lose: at once"


async def test_confirmation_assesses_stores_and_the_offer_explains(clinic_db):
    from bot.store import find_intake, make_engine, session_factory
    slots = {**ANSWERED, "requested_slot": "summary_confirmed"}
    events, messages = await run(ValidateIntakeForm(), tracker(slots, "yes", "affirm"))
    values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert values["assessment"]["likely_type"] == "alopecia_areata"
    assert values["intake_saved"] is True and values["intake_id"]
    assert values["requested_slot"] == "wants_booking"
    with session_factory(make_engine(clinic_db))() as session:
        intake = find_intake(session, "patient-1")
        assert intake is not None and intake.likely_type == "alopecia_areata" and intake.first_name == "Sara"
    _, offer = await run(ASK_ACTIONS["wants_booking"](), tracker({**slots, **values}))
    assert len(messages) + len(offer) <= 3  # the result in two messages, then the offer
    texts = " ".join(m["text"] for m in messages + offer)
    assert "not a diagnosis" in texts and "alopecia areata" in texts and "dermatologist" in texts
    assert "you have alopecia" not in texts.lower()
    assert offer[-1]["buttons"], "the booking offer has buttons"


async def test_confirmation_keeps_the_intake_when_the_database_is_down(clinic_db):
    install_services("postgresql://postgres@127.0.0.1:1/none")
    slots = {**ANSWERED, "requested_slot": "summary_confirmed"}
    events, messages = await run(ValidateIntakeForm(), tracker(slots, "yes", "affirm"))
    values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert values["intake_saved"] is False and values["assessment"]
    assert any("couldn't save" in m["text"] for m in messages)
    # the database is back: the end of the form stores the kept intake
    install_services(clinic_db)
    later = {**ANSWERED, **values, "intake_status": "confirmed"}
    events, _ = await run(FinishIntake(), tracker(later, "no", "deny", active_loop=None))
    assert SlotSet("intake_saved", True) in events


async def test_finish_after_declined_consent_says_so_only_when_asked_again():
    events, messages = await run(FinishIntake(), tracker({"consent": False, "intake_status": "declined"}, "no", "deny",
                                                          active_loop=None))
    assert messages == [] and SlotSet("intake_status", "declined_told") in events
    _, again = await run(FinishIntake(), tracker({"consent": False, "intake_status": "declined_told"}, "hi", "greet",
                                                 active_loop=None))
    assert "start over" in again[0]["text"]
