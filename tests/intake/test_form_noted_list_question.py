"""A list question some of whose items the patient mentioned in passing ("4 months after my delivery") says what
is noted and asks for anything else; "no" keeps what was noted (seen on WhatsApp: the triggers question was
asked as if childbirth had never been said)."""
from __future__ import annotations

import pytest

from bot.conversation.form import ask, step
from bot.conversation.turn import Turn

SLOTS = {"consent": True, "first_name": "Ayesha", "age": 28, "sex": "female", "onset": "sudden",
         "pattern": "diffuse", "shedding": "clumps", "duration_days": 120,
         "description": "baal gir rahe hain jab se beti hui hai", "pending_proposal": {"triggers": ["childbirth"]}}


def test_the_question_says_what_is_already_noted():
    question = ask("triggers", dict(SLOTS))[0]
    assert question.text.startswith("I have already noted: childbirth. Anything else?")
    plain = ask("triggers", {k: v for k, v in SLOTS.items() if k != "pending_proposal"})[0]
    assert "already noted" not in plain.text


@pytest.mark.parametrize("reply, intent", [("no", "deny"), ("nahi, aur kuch nahi", "deny"), ("None of these", "inform")])
def test_no_keeps_what_was_noted(reply, intent):
    outcome = step(dict(SLOTS), "triggers", Turn(reply, intent, 0.95))
    assert outcome.updates.get("triggers") == ["childbirth"]


def test_another_item_is_added_to_what_was_noted():
    outcome = step(dict(SLOTS), "triggers", Turn("bohat stress bhi tha", "inform", 0.9))
    assert set(outcome.updates.get("triggers")) == {"childbirth", "stress"}
