"""End to end: a patient who writes of self-harm, at any point, gets the crisis reply with helplines, staff get
an urgent alert holding no words of the message, and the intake waits (real Rasa and action servers, REST)."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.clinical.crisis import crisis_message
from bot.intake.questions import question
from bot.store.alert_models import StaffAlert
from bot.store.db import make_engine, session_factory

pytestmark = pytest.mark.slow
UMANG = "0311-7786264"


@pytest.fixture(scope="module")
def assistant(shared_assistant):
    return shared_assistant  # tests/conftest.py: one assistant for the modules that need nothing special


def alerts_for(assistant, sender):
    engine = make_engine(assistant.database_url)
    try:
        with session_factory(engine)() as s:
            return [(a.kind, a.status, a.channel) for a in
                    s.execute(select(StaffAlert).where(StaffAlert.conversation_id == sender)).scalars()]
    finally:
        engine.dispose()


def test_during_the_intake_the_crisis_reply_comes_and_the_questions_wait(assistant):
    sender = f"crisis-{uuid.uuid4().hex[:8]}"
    for text in ("hi", "yes", "Nadia"):
        assistant.say(sender, text)
    assert assistant.tracker(sender)["slots"]["requested_slot"] == "age"

    said = assistant.texts(sender, "honestly with all this I feel there is no point in living anymore")
    assert said == [crisis_message()]  # one message, and no question after it
    assert UMANG in said[0]
    state = assistant.tracker(sender)
    assert not (state.get("active_loop") or {}).get("name")
    assert alerts_for(assistant, sender) == [("self_harm", "open", "rest")]

    # a second such message raises no second alert; "start" goes back to the open question
    assistant.texts(sender, "mujhe jeena nahi hai")
    assert len(alerts_for(assistant, sender)) == 1
    back = assistant.texts(sender, "start")
    assert question("age").ask in " ".join(back)


def test_before_consent_the_reply_and_the_alert_come_too(assistant):
    sender = f"crisis-{uuid.uuid4().hex[:8]}"
    assistant.say(sender, "salam")
    said = assistant.texts(sender, "my hair is gone and sometimes I think everyone would be better off without me")
    assert said == [crisis_message()]
    assert alerts_for(assistant, sender) == [("self_harm", "open", "rest")]


@pytest.mark.parametrize("text", ["this hair fall is killing my confidence", "I would die for thick hair again",
                                  "no, I have never had thoughts of hurting myself"])
def test_figures_of_speech_and_a_clear_no_are_not_a_crisis(assistant, text):
    sender = f"crisis-{uuid.uuid4().hex[:8]}"
    for said in ("hi", "yes", "Nadia"):
        assistant.say(sender, said)
    replies = assistant.texts(sender, text)
    assert crisis_message() not in replies
    assert alerts_for(assistant, sender) == []
