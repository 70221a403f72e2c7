"""Fee, where, the numbers and timings asked in the middle of the intake: the form hands the question to the FAQ
rule (data/rules.yml: utter_faq, filled from the facts) and asks its own question again; the same through the
action that Rasa calls (validate_intake_form), with rasa-sdk's real Tracker."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rasa_sdk.events import SlotSet

from actions.intake_form import ValidateIntakeForm
from bot.conversation.form import ask, resume, step
from bot.conversation.turn import Turn
from tests.actions.test_actions_intake import run, tracker
from tests.support.action_services import install_services, uninstall_services

ROOT = Path(__file__).resolve().parents[2]
STARTED = {"consent": True, "first_name": "Sara", "age": 34, "sex": "female"}
QUESTIONS = {
    "cost": ["what is the fee?", "kitni fees hai?", "doctor ki fees kitni hai"],
    "location": ["where are you?", "clinic kahan hai", "what is your address?"],
    "contact": ["what is your number?", "whatsapp number kya hai", "how can I contact the clinic?"],
    "hours": ["what are your timings?", "clinic kab khulta hai", "are you open on sunday?"],
}
ASKED = [(topic, text) for topic, texts in QUESTIONS.items() for text in texts]


@pytest.mark.parametrize("topic,text", ASKED)
@pytest.mark.parametrize("open_question", ["age", "description", "duration_days", "medicines"])
def test_the_question_leaves_the_open_question_and_it_is_asked_again(topic, text, open_question):
    answered = {"age": {"consent": True, "first_name": "Sara"}, "description": STARTED,
                "duration_days": {**STARTED, "description": "thinning at the crown"},
                "medicines": {**STARTED, "description": "thinning at the crown", "duration_days": 90,
                              "onset": "gradual", "pattern": "diffuse", "shedding": "more", "triggers": [],
                              "family_history": False, "hairstyles": False, "scalp_symptoms": [],
                              "nail_changes": False, "conditions": []}}[open_question]
    outcome = step(dict(answered), open_question, Turn(text, "faq", 0.9))
    assert outcome.reject, f"{text!r} was taken as the answer to {open_question}: {outcome.updates}"
    again = resume(dict(answered), open_question)
    assert again.next_slot == open_question and ask(open_question, dict(answered))


def test_a_reply_that_is_an_answer_stays_an_answer():
    """Only clear questions leave: "kahan se pata nahi" (where from: don't know) answers the open question."""
    outcome = step(dict(STARTED), "description", Turn("baal aage se kam ho rahe hain, kahan se pata nahi", "faq", 0.7))
    assert not outcome.reject and outcome.updates.get("description")


@pytest.fixture
def services(tmp_path):
    install_services(f"sqlite:///{tmp_path / 'not-migrated.db'}")  # as tests/actions: nothing is stored here
    yield
    uninstall_services()


async def test_validate_hands_the_fee_question_back_to_the_rules_and_comes_back_to_the_question(services):
    slots = {**STARTED, "requested_slot": "description"}
    events, messages = await run(ValidateIntakeForm(), tracker(slots, "what is the fee?", "faq"))
    assert events == [] and messages == []  # the FAQ rule answers it
    after_the_answer = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "what is the fee?", "parse_data": {"intent": {"name": "faq"}}},
        {"event": "action", "name": "utter_faq"},
    ]
    events, _ = await run(ValidateIntakeForm(), tracker(slots, "what is the fee?", "faq", events=after_the_answer))
    assert events == [SlotSet("requested_slot", "description")]


def test_the_faq_rule_answers_and_returns_to_the_form():
    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]
    faq = next(r for r in rules if r["steps"][0] == {"intent": "faq"})
    assert faq["steps"][1:3] == [{"action": "utter_faq"}, {"action": "intake_form"}]


def _examples(topic: str) -> list[str]:
    nlu = yaml.safe_load((ROOT / "data" / "nlu.yml").read_text())["nlu"]
    block = next(b for b in nlu if b.get("intent") == f"faq/{topic}")
    return [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("topic", ["cost", "location", "contact", "hours"])
def test_each_topic_has_english_pakistani_english_and_roman_urdu_examples_shared_with_no_other_intent(topic):
    examples = _examples(topic)
    roman_urdu = [e for e in examples if re.search(r"\b(hai|hain|hy|kya|kahan|kidhar|dein|karun|kab|ka|ki|ke)\b", e)]
    assert len(examples) >= 30 and len(roman_urdu) >= 10
    nlu = yaml.safe_load((ROOT / "data" / "nlu.yml").read_text())["nlu"]
    others = {line[2:].strip().lower() for b in nlu if "intent" in b and b["intent"] != f"faq/{topic}"
              for line in b["examples"].splitlines() if line.startswith("- ")}
    assert {e.lower() for e in examples} & others == set()
