"""The "delete my data" actions, with rasa-sdk's real Tracker and CollectingDispatcher."""
from __future__ import annotations

import time

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

import actions.privacy as privacy_actions
from actions.privacy import AskErasure, CancelErasure, RequestErasure
from bot.privacy.messages import MESSAGES
from bot.store import StorageUnavailable
from bot.store.privacy_models import ErasureRequest
from tests.support.action_services import install_services, uninstall_services


@pytest.fixture
def clinic_db(tmp_path):
    from bot.store import migrate
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate(url)
    yield install_services(url).clinic_sessions
    uninstall_services()


def tracker(slots=None, intent="delete_my_data", active_loop="intake_form", sender="patient-1", channel="web"):
    message = {"text": "delete my data", "intent": {"name": intent, "confidence": 0.97}, "entities": []}
    events = [{"event": "action", "name": "action_listen"},
              {"event": "user", "text": "delete my data", "parse_data": message, "timestamp": time.time(),
               "input_channel": channel}]
    return Tracker(sender, dict(slots or {}), message, events, False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


async def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, trk, {})
    return events, dispatcher.messages


async def test_asking_during_the_intake_pauses_the_form_and_keeps_its_question():
    events, messages = await run(AskErasure(), tracker({"requested_slot": "age"}))
    assert events == [ActiveLoop(None), SlotSet("erasure_pending", "in_intake")]  # requested_slot untouched
    assert messages[0]["text"] == MESSAGES.text("ask")
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]


async def test_asking_outside_the_intake():
    events, _ = await run(AskErasure(), tracker(active_loop=None))
    assert SlotSet("erasure_pending", "outside") in events


async def test_yes_files_a_request_with_the_conversation_and_channel_and_forgets_the_answers(clinic_db):
    events, messages = await run(RequestErasure(), tracker({"first_name": "Sara"}, intent="affirm", active_loop=None))
    assert events == [AllSlotsReset(), SlotSet("erasure_pending", None)]
    assert messages[0]["text"] == MESSAGES.text("requested")
    await run(RequestErasure(), tracker(intent="affirm", active_loop=None))  # asked twice: one request
    with clinic_db() as s:
        rows = s.execute(select(ErasureRequest)).scalars().all()
    assert [(r.conversation_id, r.channel, r.status) for r in rows] == [("patient-1", "web", "open")]


async def test_yes_while_the_database_is_down_says_so_politely(monkeypatch, caplog, clinic_db):
    def down(*_args):
        raise StorageUnavailable("database unavailable")

    monkeypatch.setattr(privacy_actions, "request_erasure", down)
    events, messages = await run(RequestErasure(), tracker(intent="affirm", sender="+923001234567"))
    assert events == [SlotSet("erasure_pending", None)]
    assert messages[0]["text"] == MESSAGES.text("unavailable")
    assert caplog.records and "+923001234567" not in caplog.text and "1234567" not in caplog.text


async def test_no_clears_the_pending_question():
    events, messages = await run(CancelErasure(), tracker({"erasure_pending": "in_intake"}, intent="deny"))
    assert events == [SlotSet("erasure_pending", None)]
    assert messages[0]["text"] == MESSAGES.text("cancelled")


def test_the_intake_form_hands_delete_my_data_to_the_rules_at_any_question():
    from bot.conversation import form
    from bot.conversation.turn import Turn

    turn = Turn(text="mera data delete kar dein", intent="delete_my_data", confidence=0.9, choice=None)
    for requested in ("consent", "age", "summary_confirmed", "phone"):
        assert form.step({"consent": True}, requested, turn).reject, requested
