"""Telling a patient of a change to their appointment, on their channel where possible.

A WhatsApp conversation ("wa-...") with the channel configured gets a message through the WhatsApp outbox,
which the Rasa server's outbox loop sends (one sender for every WhatsApp message, with its retries and the
24-hour rule checked again at sending): free-form text within 24 hours of the patient's last message, else the
approved template with two parameters (first name, the sentence). The outbox drops free-form text it can only
send after the window closed (Graph API retries can take that long), so free-form is used only while the window
stays open for WINDOW_MARGIN more; later the template, or staff call when there is none. Anyone else (web chat, REST, WhatsApp off or
no template) cannot be reached from here: staff call them, and the page says so with their number."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.booking.schedule import Schedule, default_schedule
from bot.channels.whatsapp.graph import WINDOW, template_body
from bot.channels.whatsapp.inbound import PHONE_PREFIX, phone_of
from bot.channels.whatsapp.outbound import text_bodies
from bot.messages import MessageFile
from bot.settings import WhatsAppSettings
from bot.store.models import Booking
from bot.store.whatsapp_models import WhatsAppOutbox, WhatsAppSender

MESSAGES = MessageFile(Path(__file__).with_name("appointment_messages.yml"))
WHATSAPP_TEXT = "whatsapp_text"  # free-form, inside the 24-hour window
WHATSAPP_TEMPLATE = "whatsapp_template"
CALL = "call"  # staff must call the patient
WINDOW_MARGIN = dt.timedelta(hours=1)  # free-form text only if the 24-hour window is open at least this much longer
HOW_LABELS = {
    WHATSAPP_TEXT: "told on WhatsApp",
    WHATSAPP_TEMPLATE: "told on WhatsApp (template message)",
    CALL: "not reachable from here: call the patient",
}


@dataclass(frozen=True)
class Notice:
    how: str
    phone: str  # to call, E.164
    bodies: tuple[dict[str, Any], ...] = ()  # WhatsApp message bodies to queue (none for a call)

    @property
    def label(self) -> str:
        return HOW_LABELS[self.how]


def when_words(start: dt.datetime, schedule: Schedule) -> str:
    local = schedule.local(start)
    return f"{local:%A} {local.day} {local:%B} at {local:%H:%M}"


def sentence(kind: str, booking: Booking, schedule: Schedule | None = None) -> str:
    """The patient's words for a change (`kind`: cancelled, moved, reminder)."""
    schedule = schedule or default_schedule()
    try:
        doctor = schedule.practitioner(booking.practitioner_id).name
    except KeyError:
        doctor = "the dermatologist"
    return MESSAGES.text(
        kind,
        when=when_words(booking.start_at, schedule),
        doctor=doctor,
        reference=booking.reference,
        early=schedule.confirmation.get("arrive_minutes_early", 10),
    )


def plan(
    session: Session,
    whatsapp: WhatsAppSettings,
    booking: Booking,
    kind: str,
    now: dt.datetime,
    *,
    template_first: bool = False,
    schedule: Schedule | None = None,
) -> Notice:
    """How the patient of `booking` is told of `kind` now. `template_first`: the template even inside the window
    (reminders: the approved wording)."""
    schedule = schedule or default_schedule()
    call = Notice(CALL, booking.phone)
    conversation = booking.conversation_id
    if not (whatsapp.enabled and conversation.startswith(PHONE_PREFIX)):
        return call
    sender = session.get(WhatsAppSender, conversation)
    if sender is None and phone_of(conversation) is None:
        return call  # a username-only WhatsApp user whose address is gone: nowhere to send
    said = sentence(kind, booking, schedule)
    window_open = (  # and stays open for the margin
        sender is not None
        and sender.last_inbound_at is not None
        and now - sender.last_inbound_at < WINDOW - WINDOW_MARGIN
    )
    template = (
        template_body(whatsapp.template_name, whatsapp.template_language, [booking.first_name, said])
        if whatsapp.template_name
        else None
    )
    if template is not None and (template_first or not window_open):
        return Notice(WHATSAPP_TEMPLATE, booking.phone, (template,))
    if window_open:
        greeting = MESSAGES.text("greeting", first_name=booking.first_name, clinic=schedule.clinic.name)
        return Notice(WHATSAPP_TEXT, booking.phone, tuple(text_bodies(f"{greeting} {said}")))
    return call


def queue(session: Session, conversation_id: str, notice: Notice, now: dt.datetime) -> None:
    """Put the notice's messages in the WhatsApp outbox, in the caller's transaction."""
    session.add_all(
        WhatsAppOutbox(conversation_id=conversation_id, body=json.dumps(body), attempts=0, next_attempt_at=now)
        for body in notice.bodies
    )
