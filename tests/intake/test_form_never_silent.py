"""Every patient message gets a reply: the form either answers (a message, or the next question) or hands the
message to a dialogue rule that answers it (issue 10, point 5)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.conversation.form import INTERRUPTIONS, ask, next_slot, step
from bot.conversation.turn import Turn

RULES = yaml.safe_load((Path(__file__).parents[2] / "data" / "rules.yml").read_text(encoding="utf-8"))["rules"]
ALL_ANSWERED = {
    "consent": True, "first_name": "Zara", "age": 36, "sex": "female", "description": "thin at the parting",
    "duration_days": 365, "onset": "gradual", "pattern": "diffuse", "shedding": "more_shedding", "triggers": [],
    "family_history": True, "hairstyles": False, "scalp_symptoms": [], "nail_changes": False, "conditions": [],
    "medicines": [], "pregnancy": "no", "treatments_tried": [],
}


def _answers_during_the_intake(rule):
    conditions = rule.get("condition") or []
    return not conditions or {"active_loop": "intake_form"} in conditions


@pytest.mark.parametrize("intent", sorted(INTERRUPTIONS))
def test_every_message_the_form_hands_back_has_a_rule_that_answers_it(intent):
    rules = [r for r in RULES if r["steps"][0] == {"intent": intent} and _answers_during_the_intake(r)]
    assert rules, f"no rule answers '{intent}' while the intake form is active: the patient would get silence"
    assert any(step_.get("action") and step_["action"] != "intake_form" for step_ in rules[0]["steps"][1:3])


@pytest.mark.parametrize("text", ["the shedding is wrong", "shedding galat hai", "nails part is not right"])
def test_naming_a_wrong_answer_at_the_read_back_asks_that_question_again(text):
    slots = dict(ALL_ANSWERED)
    outcome = step(slots, "summary_confirmed", Turn(text, "inform", 0.9))
    reopened = outcome.next_slot
    assert reopened in ("shedding", "nail_changes") and outcome.updates[reopened] is None
    assert outcome.messages, "said what happens"
    assert ask(reopened, {**slots, **outcome.updates}), "and asks it"


def test_a_correction_that_changes_nothing_at_the_read_back_still_gets_a_reply():
    outcome = step(dict(ALL_ANSWERED), "summary_confirmed", Turn("my age is 36", "inform", 0.9))
    assert outcome.updates and (outcome.messages or ask(outcome.next_slot, {**ALL_ANSWERED, **outcome.updates}))


MESSAGES = ["?", "hmm", "ok", "no", "yes", "thori", "asdfgh", "🙂", "why", "what does it cost?", "stop",
            "I meant 40", "that's wrong", "teen mahine", "go back", "skip"]
INTENTS = ["inform", "affirm", "deny", "faq", "human_handoff", "out_of_scope", "nlu_fallback", "stop", "greet"]


@pytest.mark.parametrize("requested", ["consent", "first_name", "age", "description", "duration_days", "pattern",
                                       "family_history", "medicines", "summary_confirmed"])
def test_no_message_at_any_question_is_left_without_a_reply(requested):
    slots = {k: v for k, v in ALL_ANSWERED.items()}
    if requested != "summary_confirmed":
        order = list(ALL_ANSWERED)
        slots = {k: ALL_ANSWERED[k] for k in order[: order.index(requested)]}
    assert next_slot(slots) == requested
    for text in MESSAGES:
        for intent in INTENTS:
            outcome = step(dict(slots), requested, Turn(text, intent, 0.9))
            if outcome.reject:
                assert intent in INTERRUPTIONS, (text, intent)
                continue
            after = {**slots, **outcome.updates}
            replied = outcome.messages or (outcome.next_slot and ask(outcome.next_slot, after))
            assert replied, (requested, text, intent)
            assert outcome.updates, f"Rasa's form drops a message that sets no slot: {(requested, text, intent)}"


@pytest.mark.parametrize("text,slot,value", [
    ("the start is wrong, it came on suddenly", "onset", "sudden"),
    ("where is wrong, it is round patches", "pattern", "patches"),
])
def test_naming_a_wrong_answer_with_the_right_one_at_the_read_back_takes_it(text, slot, value):
    slots = {**ALL_ANSWERED, "onset": "gradual", "family_history": True}
    outcome = step(slots, "summary_confirmed", Turn(text, "inform", 0.9))
    assert outcome.updates.get(slot) == value, outcome.messages
    assert outcome.next_slot == "summary_confirmed", "the summary is read back again, nothing re-asked"
