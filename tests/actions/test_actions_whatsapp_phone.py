"""The number a WhatsApp patient writes from reaches the actions that need it: the crisis alert staff call back
on, and the booking's phone question (offered, not asked)."""
from __future__ import annotations

from sqlalchemy import select

from actions.crisis import CrisisSupport
from actions.intake_form import ASK_ACTIONS
from actions.services import services
from bot.store.alert_models import StaffAlert
from tests.actions.test_actions_intake import run, tracker


async def test_a_crisis_alert_on_whatsapp_has_the_patients_number(clinic_db):
    await run(CrisisSupport(), tracker({}, "I feel hopeless", intent="self_harm", sender="wa-923001234567"))
    await run(CrisisSupport(), tracker({}, "I feel hopeless", intent="self_harm", sender="web-abcdef"))
    with services().clinic_sessions() as session:
        phones = dict(session.execute(select(StaffAlert.conversation_id, StaffAlert.phone)).all())
    assert phones == {"wa-923001234567": "+923001234567", "web-abcdef": None}


async def test_the_phone_question_offers_the_whatsapp_number():
    slots = {"consent": True, "wants_booking": True, "booking_time": None}
    _, messages = await run(ASK_ACTIONS["phone"](), tracker(slots, sender="wa-923001234567"))
    assert "+92 300 1234567" in messages[0]["text"] and len(messages[0]["buttons"]) == 2
    _, messages = await run(ASK_ACTIONS["phone"](), tracker(slots, sender="web-abcdef"))
    assert "+92" not in messages[0]["text"] and not messages[0]["buttons"]
