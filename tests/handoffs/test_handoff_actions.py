"""The hand-off glue in the actions (actions/handoff.py) on a real SQLite clinic database: the yes stores the
request with the patient's words only after consent, the number updates it, WhatsApp's number is used, a
request staff marked done may be asked again, and a database that is down gets an honest reply."""
from __future__ import annotations

import time

import pytest
from rasa_sdk.events import SlotSet
from sqlalchemy import select

from actions.intake_form import ValidateIntakeForm
from actions.interruptions import Handoff as HandoffAction
from bot.staff.accounts import create_user
from bot.store import migrate
from bot.store.handoff_models import Handoff
from bot.store.handoffs import mark_done
from tests.actions.test_actions_intake import run
from tests.support.action_services import install_services, uninstall_services

ASKED = "can I speak to someone at the clinic about my fees"


@pytest.fixture
def sessions(tmp_path):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate(url)
    yield install_services(url).clinic_sessions
    uninstall_services()


def _tracker(slots, text, intent="inform", sender="patient-1", channel="rest"):
    """A conversation in which the patient asked for a person (action_handoff ran), then wrote `text`."""
    from rasa_sdk import Tracker

    message = {"text": text, "intent": {"name": intent, "confidence": 0.95}, "entities": [], "input_channel": channel}
    events = [
        {"event": "user", "text": ASKED, "parse_data": {"intent": {"name": "human_handoff"}}, "input_channel": channel},
        {"event": "action", "name": "action_handoff"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": message, "timestamp": time.time(), "input_channel": channel},
    ]
    return Tracker(sender, dict(slots), message, events, False, None, {"name": "intake_form"}, "action_listen")


def _rows(sessions):
    with sessions() as s:
        return list(s.execute(select(Handoff).order_by(Handoff.id)).scalars())


async def test_the_yes_stores_the_request_and_the_number_completes_it(sessions):
    slots = {"consent": True, "requested_slot": "age", "pending_confirmation": "handoff"}
    events, messages = await run(ValidateIntakeForm(), _tracker(slots, "yes", "affirm"))
    assert SlotSet("pending_confirmation", "handoff_phone") in events
    (row,) = _rows(sessions)
    assert (row.phone, row.reason, row.patient_words, row.channel) == (None, "asked_during_intake", ASKED, "rest")
    slots.update(handoff_requested=True, pending_confirmation="handoff_phone")
    events, messages = await run(ValidateIntakeForm(), _tracker(slots, "0321 1234567"))
    assert any("+92 321 1234567" in m["text"] for m in messages)
    (row,) = _rows(sessions)
    assert row.phone == "+923211234567" and row.patient_words == ASKED


async def test_without_consent_the_whatsapp_number_and_nothing_else(sessions):
    slots = {"consent": False, "intake_status": "declined_told", "pending_confirmation": "handoff"}
    await run(ValidateIntakeForm(), _tracker(slots, "yes", "affirm", sender="wa-923001234567", channel="whatsapp"))
    (row,) = _rows(sessions)
    assert (row.phone, row.reason, row.patient_words, row.channel) == (
        "+923001234567", "asked_without_consent", None, "whatsapp")


async def test_a_request_staff_marked_done_can_be_asked_again(sessions):
    slots = {"consent": True, "requested_slot": "age", "pending_confirmation": "handoff", "phone": "+923001234567"}
    await run(ValidateIntakeForm(), _tracker(slots, "yes", "affirm"))
    (row,) = _rows(sessions)
    events, messages = await run(HandoffAction(), _tracker({"handoff_requested": True}, ASKED, "human_handoff"))
    assert events == [] and "already" in messages[0]["text"]  # still open: not asked again
    mark_done(sessions, row.id, create_user(sessions, "amina", "a long enough password 1").id)
    events, _ = await run(HandoffAction(), _tracker({"handoff_requested": True}, ASKED, "human_handoff"))
    assert events == [SlotSet("handoff_requested", None), SlotSet("pending_confirmation", "handoff")]


async def test_a_database_that_is_down_gets_an_honest_reply(tmp_path):
    install_services(f"sqlite:///{tmp_path / 'not-migrated.db'}")  # no tables: every write fails
    try:
        slots = {"consent": True, "requested_slot": "age", "pending_confirmation": "handoff"}
        _, messages = await run(ValidateIntakeForm(), _tracker(slots, "yes", "affirm"))
        assert any("couldn't pass your request on" in m["text"] for m in messages)
    finally:
        uninstall_services()
