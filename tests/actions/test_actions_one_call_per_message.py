"""One action call per patient message (issue 15): with this model's domain, validate_intake_form asks the next
question itself (Rasa's form then asks nothing), and sets only the slots the message changes."""
from __future__ import annotations

from pathlib import Path

import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.intake_form import ASK_ACTIONS, ValidateIntakeForm, asks_here
from tests.actions.test_actions_intake import tracker

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))


async def run(action, trk, domain):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, trk, domain)
    return events, [m["text"] for m in dispatcher.messages]


async def test_the_answer_and_the_next_question_come_from_one_call():
    slots = {"consent": True, "requested_slot": "first_name"}
    events, texts = await run(ValidateIntakeForm(), tracker(slots, "Sara"), DOMAIN)
    assert SlotSet("first_name", "Sara") in events and events[-1] == SlotSet("requested_slot", "age")
    _, asked = await run(ASK_ACTIONS["age"](), tracker({**slots, "first_name": "Sara"}), DOMAIN)
    assert asked and texts[-len(asked):] == asked, "the same question the ask action would have sent"


async def test_a_model_whose_domain_declares_the_ask_actions_gets_no_second_question():
    old_domain = {**DOMAIN, "actions": DOMAIN["actions"] + [f"action_ask_{s}" for s in ASK_ACTIONS]}
    assert not asks_here(old_domain, "age") and asks_here(DOMAIN, "age")
    _, texts = await run(ValidateIntakeForm(), tracker({"consent": True, "requested_slot": "first_name"}, "Sara"),
                         old_domain)
    _, asked = await run(ASK_ACTIONS["age"](), tracker({"consent": True, "first_name": "Sara"}), DOMAIN)
    assert not set(asked) & set(texts)


async def test_a_reply_that_changes_nothing_still_sets_one_slot_and_asks_again():
    # A slot set to the value it holds is not sent again, but Rasa's form rejects a message that sets no
    # slot at all (the patient would get no reply), so the retry counts are kept.
    slots = {"consent": True, "first_name": "Sara", "requested_slot": "age", "intake_retries": {"age": 1}}
    events, texts = await run(ValidateIntakeForm(), tracker(slots, "banana"), DOMAIN)
    names = [e["name"] for e in events if e["event"] == "slot"]
    assert names.count("requested_slot") == 1 and len(names) >= 2 and texts


async def test_finishing_the_form_asks_nothing():
    slots = {"consent": False, "requested_slot": None}
    events, texts = await run(ValidateIntakeForm(), tracker(slots, "hello", "greet"), DOMAIN)
    assert events[-1] == SlotSet("requested_slot", None)
    assert not any("store your answers" in t for t in texts)
