"""The glue of the form's flow: confirmations asked by the right action, the short consent question after an
interruption, and no message dropped by Rasa's form for setting no slot."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.intake_form import ASK_ACTIONS, ValidateIntakeForm
from actions.interruptions import Handoff, StartOver
from tests.actions.test_actions_intake import run, tracker


async def test_outside_the_intake_the_handoff_action_asks_itself():
    events, messages = await run(Handoff(), tracker({"intake_status": "complete"}, active_loop=None))
    assert events == [SlotSet("pending_confirmation", "handoff")]
    assert "member of our staff" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ['/inform{"choice":"yes"}', '/inform{"choice":"no"}']


async def test_a_second_request_for_staff_is_not_asked_again():
    events, messages = await run(Handoff(), tracker({"handoff_requested": True}))
    assert events == [] and "already" in messages[0]["text"]


async def test_the_ask_action_asks_the_pending_confirmation_instead_of_the_question():
    _, messages = await run(ASK_ACTIONS["onset"](), tracker({"consent": True, "pending_confirmation": "start_over"}))
    assert len(messages) == 1 and "clears your answers" in messages[0]["text"]


def _events_after_an_faq():
    return [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "user", "text": "hi", "parse_data": {}},
        {"event": "slot", "name": "requested_slot", "value": "consent"},
        {"event": "user", "text": "how much is it?", "parse_data": {}},
        {"event": "action", "name": "utter_faq"},
    ]


async def test_the_consent_greeting_is_not_repeated_after_a_question():
    _, first = await run(ASK_ACTIONS["consent"](), tracker({}, "hi", "greet", events=[
        {"event": "session_started"}, {"event": "user", "text": "hi", "parse_data": {}},
        {"event": "slot", "name": "requested_slot", "value": "consent"}]))
    _, again = await run(ASK_ACTIONS["consent"](), tracker({}, "how much is it?", "faq", events=_events_after_an_faq()))
    assert "SKN" in first[0]["text"] and "SKN" not in again[0]["text"] and "store your answers" in again[0]["text"]


async def test_a_new_session_greets_in_full_again():
    events = [*_events_after_an_faq(), {"event": "session_started"}, {"event": "user", "text": "hello"}]
    _, messages = await run(ASK_ACTIONS["consent"](), tracker({}, "hello", "greet", events=events))
    assert "SKN" in messages[0]["text"]


async def test_a_message_that_changes_nothing_still_sets_a_slot_so_it_gets_its_reply():
    # A correction to the value already noted changes nothing; Rasa would drop a turn that sets no slot.
    slots = {"consent": True, "first_name": "Sara", "age": 34, "sex": "female", "requested_slot": "description"}
    events, _ = await run(ValidateIntakeForm(), tracker(slots, "sorry, I'm 34", "inform"))
    assert any(e["event"] == "slot" and e["name"] != "requested_slot" for e in events)
    assert SlotSet("requested_slot", "description") in events
