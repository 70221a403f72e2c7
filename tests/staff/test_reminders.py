"""The day-before reminders and the staff's diary changes, on the real databases (SQLite and PostgreSQL):
once per booking, the WhatsApp template through the real outbox sender to the Graph API stand-in, or listed
to call; cancel, move (free slots only, no double booking), attended / no-show transitions."""
from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.booking import clinic_changes
from bot.booking.errors import SlotUnavailable
from bot.booking.schedule import default_schedule
from bot.booking.service import book
from bot.channels.whatsapp.delivery import Delivery
from bot.channels.whatsapp.graph import GraphClient
from bot.settings import WhatsAppSettings
from bot.staff import appointments, patient_notice, reminders
from bot.store.db import write_session
from bot.store.models import ATTENDED, BOOKED, CANCELLED, NO_SHOW
from bot.store.reminder_models import Reminder
from bot.store.whatsapp_models import WhatsAppOutbox, WhatsAppSender
from tests.support.graph_standin import GraphStandin

PKT = ZoneInfo("Asia/Karachi")
BOOKED_AT = dt.datetime(2027, 1, 8, 9, 0, tzinfo=PKT)  # a Friday
MONDAY = dt.datetime(2027, 1, 11, 10, 30, tzinfo=PKT)
SUNDAY_NOON = dt.datetime(2027, 1, 10, 12, 0, tzinfo=PKT)


def _book(sessions, conversation, start=MONDAY, doctor="derm-a", phone="+923001234567", name="Sara"):
    return book(sessions, conversation, start, doctor, name, phone, None, None, False, now=BOOKED_AT)


def _whatsapp(standin=None, **extra):
    if standin is None:
        return WhatsAppSettings()
    values = dict(verify_token="vt", app_secret="as", access_token=standin.token,
                  phone_number_id=standin.phone_number_id, graph_url=standin.base_url,
                  template_name="appointment_update", template_language="en")
    return WhatsAppSettings(**{**values, **extra})


def test_whatsapp_off_lists_the_reminder_to_call_once(session_factory):
    _book(session_factory, "web-abc")
    _book(session_factory, "web-later", start=MONDAY + dt.timedelta(days=1), phone="+923001112223")
    first = reminders.send_reminders(session_factory, _whatsapp(), now=SUNDAY_NOON)
    assert (first.whatsapp, first.to_call, first.already) == (0, 1, 0)
    again = reminders.send_reminders(session_factory, _whatsapp(), now=SUNDAY_NOON + dt.timedelta(hours=1))
    assert (again.whatsapp, again.to_call, again.already) == (0, 0, 1)
    with session_factory() as session:
        assert session.execute(select(func.count()).select_from(Reminder)).scalar_one() == 1
        listed = reminders.to_call(session, SUNDAY_NOON.date())
    assert [(r.first_name, r.phone, r.called) for r in listed] == [("Sara", "+923001234567", False)]
    assert reminders.mark_called(session_factory, listed[0].id, None) is True
    assert reminders.mark_called(session_factory, listed[0].id, None) is False


def test_nothing_is_sent_at_night(session_factory):
    _book(session_factory, "web-abc")
    run = reminders.send_reminders(session_factory, _whatsapp(), now=SUNDAY_NOON.replace(hour=1))
    assert run.day is None
    with session_factory() as session:
        assert session.execute(select(func.count()).select_from(Reminder)).scalar_one() == 0


def test_whatsapp_reminder_reaches_the_standin_once_with_its_parameters(session_factory):
    _book(session_factory, "wa-923001234567")
    _book(session_factory, "web-xyz", start=MONDAY, doctor="derm-b", phone="+923007654321", name="Ali")
    with GraphStandin() as standin:
        settings = _whatsapp(standin)
        run = reminders.send_reminders(session_factory, settings, now=SUNDAY_NOON)
        assert (run.whatsapp, run.to_call) == (1, 1)
        assert reminders.send_reminders(session_factory, settings, now=SUNDAY_NOON).already == 2

        async def outbox_pass():  # what the Rasa server's outbox loop does
            async with aiohttp.ClientSession() as http:
                clock = lambda: SUNDAY_NOON + dt.timedelta(minutes=1)  # noqa: E731
                await Delivery(settings, session_factory, GraphClient(settings, http), clock=clock).retry_due()

        asyncio.run(outbox_pass())
        asyncio.run(outbox_pass())
        sent = standin.sent_to("923001234567")
    assert len(sent) == 1
    template = sent[0]["template"]
    assert template["name"] == "appointment_update"
    first_name, sentence = [p["text"] for p in template["components"][0]["parameters"]]
    assert first_name == "Sara"
    assert "tomorrow, Monday 11 January at 10:30" in sentence and default_schedule().practitioner("derm-a").name in sentence


def test_staff_cancel_move_and_marks(session_factory):
    a = _book(session_factory, "web-a")
    b = _book(session_factory, "web-b", start=MONDAY + dt.timedelta(minutes=30), phone="+923001112223")
    # b cannot move onto a's slot (no double booking), only to a free one
    with pytest.raises(SlotUnavailable):
        clinic_changes.move_by_clinic(session_factory, b.reference, MONDAY, "derm-a", now=BOOKED_AT)
    with session_factory() as session:
        free = clinic_changes.free_slots_on(session, MONDAY.date(), now=BOOKED_AT)
    assert (MONDAY, "derm-a") not in {(s.start, s.practitioner_id) for s in free}
    assert (MONDAY, "derm-b") in {(s.start, s.practitioner_id) for s in free}
    moved = clinic_changes.move_by_clinic(session_factory, b.reference, MONDAY, "derm-b", now=BOOKED_AT)
    assert (moved.start_at, moved.practitioner_id, moved.status) == (MONDAY, "derm-b", BOOKED)
    # marks only on the day or later
    with pytest.raises(clinic_changes.NotAllowed):
        clinic_changes.mark_visit(session_factory, a.reference, ATTENDED, now=BOOKED_AT)
    on_the_day = MONDAY + dt.timedelta(hours=1)
    assert clinic_changes.mark_visit(session_factory, a.reference, ATTENDED, now=on_the_day).status == ATTENDED
    assert clinic_changes.mark_visit(session_factory, a.reference, NO_SHOW, now=on_the_day).status == NO_SHOW
    with pytest.raises(clinic_changes.NotAllowed):
        clinic_changes.cancel_by_clinic(session_factory, a.reference)
    assert clinic_changes.cancel_by_clinic(session_factory, b.reference).status == CANCELLED
    for change in (lambda: clinic_changes.cancel_by_clinic(session_factory, b.reference),
                   lambda: clinic_changes.mark_visit(session_factory, b.reference, ATTENDED, now=on_the_day)):
        with pytest.raises(clinic_changes.NotAllowed):
            change()
    with pytest.raises(clinic_changes.UnknownBooking):
        clinic_changes.cancel_by_clinic(session_factory, "ZZZZZZ")


@pytest.mark.parametrize("wrote_ago, template, told", [
    (dt.timedelta(hours=2), "appointment_update", patient_notice.WHATSAPP_TEXT),
    (dt.timedelta(hours=23, minutes=30), "appointment_update", patient_notice.WHATSAPP_TEMPLATE),
    (dt.timedelta(hours=23, minutes=30), "", patient_notice.CALL),
])  # fmt: skip
def test_a_staff_notice_is_not_lost_when_the_window_closes_before_it_is_sent(session_factory, wrote_ago, template,
                                                                             told):
    """Free-form text queued late in the 24-hour window would be dropped by the outbox once the window closed
    (here the outbox sends 90 minutes later, as after Graph API retries): the template goes instead, or staff
    are told to call when there is no template."""
    booking = _book(session_factory, "wa-923001234567")
    with write_session(session_factory) as session:
        session.add(WhatsAppSender(conversation_id="wa-923001234567", recipient="923001234567", recipient_is_phone=1,
                                   last_inbound_at=SUNDAY_NOON - wrote_ago))
    with GraphStandin() as standin:
        settings = _whatsapp(standin, template_name=template)
        change = appointments.cancel(session_factory, settings, None, booking.reference, "api", now=SUNDAY_NOON)
        assert change.notice.how == told

        async def outbox_pass():
            async with aiohttp.ClientSession() as http:
                clock = lambda: SUNDAY_NOON + dt.timedelta(minutes=90)  # noqa: E731
                await Delivery(settings, session_factory, GraphClient(settings, http), clock=clock).retry_due()

        asyncio.run(outbox_pass())
        sent = standin.sent_to("923001234567")
    with session_factory() as session:
        assert session.execute(select(func.count()).select_from(WhatsAppOutbox)).scalar_one() == 0
    if told == patient_notice.CALL:
        assert sent == []  # nothing queued: the page says "call the patient" with the number
    else:
        assert len(sent) == 1
        kind = "text" if told == patient_notice.WHATSAPP_TEXT else "template"
        assert sent[0]["type"] == kind
        words = sent[0]["text"]["body"] if kind == "text" else sent[0]["template"]["components"][0]["parameters"][1]["text"]
        assert booking.reference in words and "cancelled" in words
