"""domain.yml kept honest: it must declare what the code asks, sets and runs, and nothing the code dropped."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Action

import actions.crisis
import actions.finish
import actions.interruptions
import actions.privacy
import actions.result
from actions.intake_form import ASK_ACTIONS, ValidateIntakeForm, asks_here
from bot.conversation import slot_names
from bot.conversation.form import all_question_slots

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_the_forms_required_slots_are_the_questions_in_the_order_asked():
    assert DOMAIN["forms"]["intake_form"]["required_slots"] == all_question_slots()


def test_no_ask_action_is_declared_for_the_questions_so_the_validation_action_asks_them():
    # One action call per message (issue 15): Rasa's form asks nothing itself, validate_intake_form asks.
    declared = {a for a in DOMAIN["actions"] if a.startswith("action_ask_") and a != "action_ask_erasure"}
    assert declared == set() and not any(r.startswith("utter_ask_") for r in DOMAIN["responses"])
    assert all(asks_here(DOMAIN, slot) for slot in all_question_slots())
    # the ask actions stay for models trained before, whose domain declares them
    assert {cls().name() for cls in ASK_ACTIONS.values()} == {f"action_ask_{s}" for s in all_question_slots()}


def test_every_slot_the_code_names_is_declared():
    names = {value for key, value in vars(slot_names).items() if key.isupper() and isinstance(value, str)}
    names.discard(slot_names.REQUESTED)  # Rasa's own
    assert names <= set(DOMAIN["slots"]), sorted(names - set(DOMAIN["slots"]))
    assert set(all_question_slots()) <= set(DOMAIN["slots"])


def test_the_declared_custom_actions_are_the_ones_actions_defines():
    defined = {ValidateIntakeForm().name()}
    for module in (actions.crisis, actions.finish, actions.interruptions, actions.privacy, actions.result):
        defined |= {cls().name() for _, cls in inspect.getmembers(module, inspect.isclass)
                    if issubclass(cls, Action) and cls.__module__ == module.__name__}
    assert set(DOMAIN["actions"]) == defined


def _faq_intents() -> set[str]:
    nlu = (ROOT / "data" / "nlu.yml").read_text(encoding="utf-8")
    return set(re.findall(r"^- intent: faq/(\w+)", nlu, re.M))


def test_every_faq_intent_has_its_answer_in_the_domain_and_no_answer_is_orphaned():
    answers = {name.split("/", 1)[1] for name in DOMAIN["responses"] if name.startswith("utter_faq/")}
    assert answers == _faq_intents()


@pytest.mark.parametrize("topic,words", [
    ("pain", "numbing cream"), ("cost", "at the consultation"), ("sessions", "5 to 8 sessions"),
    ("side_effects", "24 to 48 hours"), ("downtime", "same day"), ("results", "2 to 3 months"),
    ("alternatives", "minoxidil"), ("evidence", "limited"), ("who_should_not", "pregnancy"),
])
def test_the_faq_answers_say_what_the_clinic_says(topic, words):
    """The domain's utter_faq/* responses are the one copy of the FAQ answers (bot/clinical has none)."""
    assert words in DOMAIN["responses"][f"utter_faq/{topic}"][0]["text"]
