"""The calendar in Chromium (staff-web/calendar_flow.mjs): a receptionist opens today's calendar (a WhatsApp
patient, a web patient, a patient with red flags), marks one attended, moves the WhatsApp patient to a free time
(told on WhatsApp: the template reaches the Graph API stand-in), cancels the web patient after the confirmation
page (the page says to call them), marks tomorrow's reminder call made, and looks at it 390 px wide.
Screenshots: tests/output/staff-calendar/."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess

import aiohttp
import pytest
from sqlalchemy import select
from staff_helpers import PASSWORD, StaffServer, make_intake

from bot.booking.schedule import default_schedule
from bot.channels.whatsapp.delivery import Delivery
from bot.channels.whatsapp.graph import GraphClient
from bot.services import ROOT
from bot.settings import WhatsAppSettings
from bot.staff import reminders
from bot.staff.accounts import create_user
from bot.store.models import ATTENDED, BOOKED, CANCELLED, Booking
from bot.store.reminder_models import CALLED, Reminder
from tests.support.graph_standin import GraphStandin

pytestmark = pytest.mark.slow

STAFF_WEB = ROOT / "staff-web"
CHROMIUM = "/usr/bin/chromium"
OUTPUT = ROOT / "tests" / "output" / "staff-calendar"
WHATSAPP_PATIENT = "wa-923001234567"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), default_schedule().tz)


def test_a_receptionist_runs_the_day_in_the_calendar(db_url, session_factory, tracker_path, tmp_path):
    if not db_url.startswith("sqlite"):
        pytest.skip("one browser run is enough: the API tests cover PostgreSQL")
    if not os.path.exists(CHROMIUM) or not (STAFF_WEB / "node_modules" / "playwright-core").exists():
        pytest.fail("needs /usr/bin/chromium and staff-web/node_modules (`make test` installs both)")
    schedule = default_schedule()
    today = schedule.local(dt.datetime.now(dt.timezone.utc)).date()
    tomorrow = today + dt.timedelta(days=1)
    create_user(session_factory, "reception", PASSWORD, display_name="Reception Desk")
    make_intake(session_factory, WHATSAPP_PATIENT, first_name="Shazia", channel="whatsapp",
                booking={"reference": "MOV234", "phone": "+923001234567", "start": _at(today, 10),
                         "practitioner_id": "derm-a"})
    make_intake(session_factory, "web-cal-bilal", first_name="Bilal", channel="web",
                booking={"reference": "CAN234", "phone": "+923001112223", "start": _at(today, 10),
                         "practitioner_id": "derm-b"})
    make_intake(session_factory, "web-cal-rukhsana", first_name="Rukhsana", channel="web", red_flag=True,
                booking={"reference": "ATT234", "phone": "+923004445556", "start": _at(today, 10, 30),
                         "practitioner_id": "derm-a"})
    make_intake(session_factory, "web-cal-farah", first_name="Farah", channel="web",
                booking={"reference": "REM234", "phone": "+923007778889", "start": _at(tomorrow, 11),
                         "practitioner_id": "derm-b"})

    with GraphStandin() as standin:
        whatsapp_env = {"WHATSAPP_VERIFY_TOKEN": "vt", "WHATSAPP_APP_SECRET": "as",
                        "WHATSAPP_ACCESS_TOKEN": standin.token, "WHATSAPP_PHONE_NUMBER_ID": standin.phone_number_id,
                        "WHATSAPP_GRAPH_URL": standin.base_url, "WHATSAPP_TEMPLATE_NAME": "appointment_update",
                        "WHATSAPP_TEMPLATE_LANGUAGE": "en"}
        settings = WhatsAppSettings.from_env(whatsapp_env)
        # the day-before job as `make run` runs it at noon: Farah wrote on the web, so she is listed to call
        run = reminders.send_reminders(session_factory, settings, now=_at(today, 12))
        assert (run.whatsapp, run.to_call) == (0, 1)

        server = StaffServer(db_url, f"sqlite:///{tracker_path}", tmp_path / "staff.log", extra_env=whatsapp_env)
        try:
            answer = subprocess.run(
                ["node", str(STAFF_WEB / "calendar_flow.mjs")], cwd=STAFF_WEB, capture_output=True, text=True,
                timeout=180, env={**os.environ, "BASE_URL": server.url, "STAFF_USER": "reception",
                                  "STAFF_PASSWORD": PASSWORD, "ATTEND_REF": "ATT234", "MOVE_REF": "MOV234",
                                  "CANCEL_REF": "CAN234", "CALL_REF": "REM234", "OUTPUT_DIR": str(OUTPUT)})
        finally:
            server.stop()
        assert answer.stdout.strip(), answer.stderr[-3000:]
        result = json.loads(answer.stdout.strip().splitlines()[-1])
        assert answer.returncode == 0 and not result.get("error"), result.get("error") or answer.stderr[-3000:]

        async def outbox_pass():  # what the Rasa server's outbox loop does with what the staff app queued
            async with aiohttp.ClientSession() as http:
                await Delivery(settings, session_factory, GraphClient(settings, http)).retry_due()

        asyncio.run(outbox_pass())
        sent = standin.sent_to("923001234567")

    assert result["steps"] == ["logged in", "opened today", "marked attended", "moved", "cancelled",
                               "marked called", "phone width"]
    assert "(today)" in result["heading"] and result["rows"] == 3
    before = result["before"]
    assert "Shazia" in before["MOV234"] and "10:00" in before["MOV234"] and "Dr. Placeholder A" in before["MOV234"]
    assert "Bilal" in before["CAN234"] and "Dr. Placeholder B" in before["CAN234"]
    assert "Red flags" in before["ATT234"] and result["red_flags"] == 1
    assert all("Booked" in text and "derm-" not in text for text in before.values())
    assert "Rukhsana (ATT234): marked as attended" in result["attended_notice"]
    assert result["attended_status"].startswith("Attended")
    assert "Shazia (MOV234): moved to" in result["moved_notice"]
    assert "told on WhatsApp (template message)" in result["moved_notice"] and result["moved_call"] == 0
    assert "Cancel this appointment?" in result["confirm_page"] and "+923001112223" in result["confirm_page"]
    assert "Bilal (CAN234): cancelled" in result["cancelled_notice"] and "call the patient" in result["cancelled_notice"]
    assert result["call_link"] == "tel:+923001112223" and result["cancelled_status"] == "Cancelled"
    assert "Farah" in result["reminder_row"] and result["reminder_tel"] == "tel:+923007778889"
    assert "called" in result["reminder_after"] and "Called" not in result["reminder_after"].replace("called", "")
    assert result["mobile_scroll_width"] <= 390, "the calendar scrolls sideways at 390 px"
    assert result["mobile_button_visible"]
    assert result["console_errors"] == []

    moved_start, moved_doctor = result["moved_to"].split("|")
    with session_factory() as session:
        status = dict(session.execute(select(Booking.reference, Booking.status)).all())
        moved = session.execute(select(Booking).where(Booking.reference == "MOV234")).scalar_one()
        reminder = session.execute(select(Reminder)).scalar_one()
    assert status == {"ATT234": ATTENDED, "MOV234": BOOKED, "CAN234": CANCELLED, "REM234": BOOKED}
    assert (moved.start_at, moved.practitioner_id) == (dt.datetime.fromisoformat(moved_start), moved_doctor)
    assert (reminder.outcome, reminder.called_at is not None) == (CALLED, True)
    assert len(sent) == 1 and sent[0]["type"] == "template"  # Shazia was told; Bilal is for staff to call
    first_name, sentence = [p["text"] for p in sent[0]["template"]["components"][0]["parameters"]]
    assert first_name == "Shazia" and "moved to" in sentence and "MOV234" in sentence
    for name in ("calendar-01-today-desktop", "calendar-02-move", "calendar-03-cancel-confirm",
                 "calendar-04-after-desktop", "calendar-05-today-390"):
        assert (OUTPUT / f"{name}.png").stat().st_size > 1000
