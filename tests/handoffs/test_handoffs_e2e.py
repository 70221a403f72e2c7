"""End to end through the real Rasa server and action server (REST channel): "I want to talk to a person"
during the intake, after it, and without consent is confirmed first, the number asked for when the
conversation has none (not when the booking gave one), and the request lands in the clinic database's
hand-off queue with the number and the reason (the patient's words only with consent)."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.store import make_engine, session_factory
from bot.store.handoff_models import Handoff
from tests.support.assistant import RunningAssistant

pytestmark = pytest.mark.slow

ASK_NUMBER = "What number can the clinic call you on?"
INTAKE = {
    "consent": "yes", "first_name": "Sara", "age": "34", "sex": "female",
    "description": "I noticed a round smooth bald patch behind my ear a few weeks ago",
    "duration_days": "about 3 weeks", "onset": "suddenly", "pattern": "round patches", "shedding": "neither",
    "triggers": "none of these", "family_history": "no", "hairstyles": "no", "scalp_symptoms": "none",
    "nail_changes": "yes", "conditions": "none", "medicines": "none", "pregnancy": "no", "treatments_tried": "none",
    "summary_confirmed": "yes", "wants_booking": "yes", "booking_time": None, "phone": "0300 1234567",
    "email": "skip", "booking_confirmed": "yes",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    with RunningAssistant(tmp_path_factory.mktemp("handoff-assistant")).serving() as running:
        yield running


def _sender() -> str:
    return f"handoff-{uuid.uuid4().hex[:10]}"


def _rows(assistant, sender) -> list[Handoff]:
    engine = make_engine(assistant.database_url)
    try:
        with session_factory(engine)() as session:
            return list(session.execute(select(Handoff).where(Handoff.conversation_id == sender)).scalars())
    finally:
        engine.dispose()


def _requested(assistant, sender):
    return assistant.tracker(sender)["slots"].get("requested_slot")


def _drive(assistant, sender, answers, max_turns=40):
    last: list = []
    for _ in range(max_turns):
        slot = _requested(assistant, sender)
        if slot is None:
            return
        answer = answers[slot]
        if answer is None:
            answer = next(m["buttons"][0]["payload"] for m in reversed(last) if m.get("buttons"))
        last = assistant.say(sender, answer)
    raise AssertionError("the form did not end")


def test_during_the_intake_the_number_is_asked_and_the_request_stored(assistant):
    sender = _sender()
    assistant.texts(sender, "hi")
    assistant.texts(sender, "yes")
    asked = assistant.texts(sender, "I want to talk to a real person")
    assert any("Shall I ask a member of our staff" in t for t in asked)
    assert _rows(assistant, sender) == []  # nothing before the patient's yes
    said = assistant.texts(sender, "yes please")
    assert any("asked a member of our staff" in t for t in said) and said[-1] == ASK_NUMBER, said
    (row,) = _rows(assistant, sender)
    assert (row.phone, row.reason, row.status, row.channel) == (None, "asked_during_intake", "open", "rest")
    assert row.patient_words == "I want to talk to a real person"  # the patient agreed to the questions

    said = assistant.texts(sender, "it's 0300 1234567")
    assert any("The clinic will call you on +92 300 1234567 during opening hours" in t for t in said), said
    assert any("first name" in t.lower() or "your name" in t.lower() for t in said), said  # back to the question
    assert _requested(assistant, sender) == "first_name"
    (row,) = _rows(assistant, sender)
    assert row.phone == "+923001234567" and row.status == "open"

    again = assistant.texts(sender, "can I talk to a human")
    assert any("already asked a member of our staff" in t for t in again), again
    assert len(_rows(assistant, sender)) == 1


def test_a_reply_that_is_no_number_is_asked_once_more_then_the_clinic_is_offered(assistant):
    sender = _sender()
    assistant.texts(sender, "hi")
    assistant.texts(sender, "yes")
    assistant.texts(sender, "I want to talk to a real person")
    assistant.texts(sender, "yes please")
    said = assistant.texts(sender, "call me later")
    assert any("doesn't look like a phone number" in t for t in said) and "For example 0300 1234567" in said[-1], said
    said = assistant.texts(sender, "later")
    assert any("call the clinic directly" in t for t in said), said
    (row,) = _rows(assistant, sender)
    assert row.phone is None and row.status == "open"  # staff still see the request
    assert _requested(assistant, sender) == "first_name"


def test_without_consent_only_the_number_is_stored(assistant):
    sender = _sender()
    assistant.texts(sender, "hi")
    assistant.texts(sender, "no")  # declines: nothing of theirs is stored
    asked = assistant.texts(sender, "I want to speak to a person")
    assert any("Shall I ask a member of our staff" in t for t in asked), asked
    said = assistant.texts(sender, "yes")
    assert said[-1] == ASK_NUMBER, said
    said = assistant.texts(sender, "03331234567")
    assert any("The clinic will call you on +92 333 1234567" in t for t in said), said
    (row,) = _rows(assistant, sender)
    assert (row.phone, row.reason, row.patient_words) == ("+923331234567", "asked_without_consent", None)
    slots = assistant.tracker(sender)["slots"]
    assert slots["consent"] is False and slots["requested_slot"] is None  # the questions did not start


def test_after_the_intake_the_booking_number_is_used_without_asking(assistant):
    sender = _sender()
    assistant.texts(sender, "hi")
    _drive(assistant, sender, INTAKE)
    assert assistant.tracker(sender)["slots"]["booking_reference"]
    assistant.texts(sender, "I want to talk to a person")
    said = assistant.texts(sender, "yes")
    assert any("The clinic will call you on +92 300 1234567 during opening hours" in t for t in said), said
    assert not any(ASK_NUMBER in t for t in said)
    (row,) = _rows(assistant, sender)
    assert (row.phone, row.reason) == ("+923001234567", "asked_after_intake")
