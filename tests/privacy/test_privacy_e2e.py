"""End to end: "delete my data" in the chat, with the real Rasa and action servers (REST channel)."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.intake.questions import question
from bot.privacy.messages import MESSAGES
from bot.store.db import make_engine, session_factory
from bot.store.privacy_models import ErasureRequest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(shared_assistant):
    return shared_assistant  # tests/conftest.py: one assistant for the modules that need nothing special


def requests_for(assistant, sender):
    engine = make_engine(assistant.database_url)
    try:
        with session_factory(engine)() as s:
            return [(r.conversation_id, r.channel, r.status) for r in
                    s.execute(select(ErasureRequest).where(ErasureRequest.conversation_id == sender)).scalars()]
    finally:
        engine.dispose()


def test_during_the_intake_no_goes_back_to_the_question_and_yes_files_a_request(assistant):
    sender = f"privacy-{uuid.uuid4().hex[:8]}"
    assistant.say(sender, "hi")
    assistant.say(sender, "yes")
    assistant.say(sender, "Sara")
    assert assistant.tracker(sender)["slots"]["requested_slot"] == "age"

    asked = assistant.say(sender, "please delete my data")
    assert asked[-1]["text"] == MESSAGES.text("ask")
    assert [b["payload"] for b in asked[-1]["buttons"]] == ["/affirm", "/deny"]
    state = assistant.tracker(sender)
    assert state["active_loop"] in ({}, None) or not state["active_loop"].get("name")
    assert state["slots"]["erasure_pending"] == "in_intake"

    back = assistant.texts(sender, "no")
    assert back[0] == MESSAGES.text("cancelled")
    assert question("age").ask in back  # the open question, asked again
    assistant.say(sender, "34")
    state = assistant.tracker(sender)
    assert state["slots"]["age"] == 34 and state["slots"]["requested_slot"] == "sex"
    assert state["slots"]["erasure_pending"] is None
    assert requests_for(assistant, sender) == []

    assert assistant.texts(sender, "meri maloomat mita do")[-1] == MESSAGES.text("ask")
    done = assistant.texts(sender, "/affirm")  # the button
    assert done == [MESSAGES.text("requested")]
    assert requests_for(assistant, sender) == [(sender, "rest", "open")]
    state = assistant.tracker(sender)
    assert state["slots"]["first_name"] is None and state["slots"]["age"] is None
    assert not (state["active_loop"] or {}).get("name")

    # a later "yes" is not a second confirmation: it starts a new intake, which asks for consent first
    later = assistant.texts(sender, "yes")
    assert MESSAGES.text("requested") not in later
    assert any("store your answers" in t for t in later), later  # the consent question (greeting or short)
    assert assistant.tracker(sender)["slots"]["requested_slot"] == "consent"
    assert len(requests_for(assistant, sender)) == 1
    erasure_lines = [line for line in assistant.logs().splitlines() if "Erasure request" in line]
    assert erasure_lines and not any(sender in line for line in erasure_lines)


def test_outside_the_intake_in_roman_urdu_with_typed_yes(assistant):
    sender = f"privacy-{uuid.uuid4().hex[:8]}"
    assert assistant.texts(sender, "mera data delete kar dein")[-1] == MESSAGES.text("ask")
    assert assistant.tracker(sender)["slots"]["erasure_pending"] == "outside"
    assert assistant.texts(sender, "yes please") == [MESSAGES.text("requested")]
    assert requests_for(assistant, sender) == [(sender, "rest", "open")]
