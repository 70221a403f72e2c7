"""The calendar's data: appointments in a date range (clinic days) with their intake's red-flag marker and
reminder, and the staff's changes to them (cancel, move, attended, no-show) with the patient told where
possible (patient_notice.py) and every change in the access log. The pages (calendar.py) and the JSON API
(calendar_api.py) both go through here."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from bot.booking import clinic_changes
from bot.booking.clinic_changes import NotAllowed, UnknownBooking
from bot.booking.errors import SlotUnavailable
from bot.booking.schedule import Schedule, default_schedule
from bot.settings import WhatsAppSettings
from bot.store.db import SessionFactory, storage_errors, write_session
from bot.store.models import ATTENDED, BOOKED, CANCELLED, NO_SHOW, Booking, Intake, utcnow
from bot.store.reminder_models import Reminder

from . import access_log, patient_notice

MAX_DAYS = 31
STATUS_LABELS = {BOOKED: "Booked", CANCELLED: "Cancelled", ATTENDED: "Attended", NO_SHOW: "Did not come"}
ACTIONS = {"cancel": "appointment_cancelled", "move": "appointment_moved", ATTENDED: "appointment_attended",
           NO_SHOW: "appointment_no_show"}  # fmt: skip

__all__ = ["NotAllowed", "UnknownBooking", "SlotUnavailable", "BadRange"]


class BadRange(ValueError):
    """Dates that are not YYYY-MM-DD, in the wrong order, or more than MAX_DAYS apart (400)."""


def parse_day(value: str | None, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise BadRange(f"{name}: a date as YYYY-MM-DD") from None


def check_range(first: dt.date, last: dt.date) -> None:
    if last < first:
        raise BadRange("to: on or after from")
    if (last - first).days + 1 > MAX_DAYS:
        raise BadRange(f"at most {MAX_DAYS} days at once")


@dataclass
class Appointment:
    reference: str
    start: dt.datetime  # clinic time
    end: dt.datetime
    practitioner_id: str
    practitioner: str
    status: str
    first_name: str
    phone: str
    channel: str  # "whatsapp", "web" or another channel: who can be told on their channel
    intake_id: int | None
    red_flag: bool  # the intake's red flags, or booked as "doctor review first"
    reminder: str | None  # the reminder's outcome, if one was sent or listed

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def is_booked(self) -> bool:
        return self.status == BOOKED

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "patient_first_name": self.first_name,
            "practitioner": self.practitioner,
            "practitioner_id": self.practitioner_id,
            "status": self.status,
            "intake_id": self.intake_id,
            "red_flag": self.red_flag,
            "phone": self.phone,
            "reminder": self.reminder,
        }


def _channel(conversation_id: str) -> str:
    return "whatsapp" if conversation_id.startswith("wa-") else conversation_id.split("-", 1)[0]


def _doctor(schedule: Schedule, practitioner_id: str) -> str:
    try:
        return schedule.practitioner(practitioner_id).name
    except KeyError:
        return "Doctor no longer in the schedule"


@storage_errors
def in_range(session: Session, first: dt.date, last: dt.date, *, schedule: Schedule | None = None) -> list[Appointment]:
    """Every appointment (any status) starting on the clinic days first..last, in time order."""
    schedule = schedule or default_schedule()
    since = dt.datetime.combine(first, dt.time(0), schedule.tz)
    until = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), schedule.tz)
    intake = or_(
        Intake.id == Booking.intake_id,
        and_(Booking.intake_id.is_(None), Intake.conversation_id == Booking.conversation_id),
    )
    rows = session.execute(
        select(Booking, Intake.id, Intake.red_flag, Reminder.outcome)
        .outerjoin(Intake, intake)
        .outerjoin(Reminder, Reminder.booking_id == Booking.id)
        .where(Booking.start_at >= since, Booking.start_at < until)
        .order_by(Booking.start_at, Booking.practitioner_id, Booking.id)
    )
    return [
        Appointment(
            reference=b.reference,
            start=schedule.local(b.start_at),
            end=schedule.local(b.end_at),
            practitioner_id=b.practitioner_id,
            practitioner=_doctor(schedule, b.practitioner_id),
            status=b.status,
            first_name=b.first_name,
            phone=b.phone,
            channel=_channel(b.conversation_id),
            intake_id=intake_id,
            red_flag=bool(red_flag) or bool(b.doctor_review_first),
            reminder=outcome,
        )
        for b, intake_id, red_flag, outcome in rows
    ]


def one(sessions: SessionFactory, user_id: int, booking: Booking) -> Appointment:
    """The appointment of `booking` as the calendar shows it (the view is in the access log)."""
    day = default_schedule().local(booking.start_at).date()
    with sessions() as session:
        found = next(a for a in in_range(session, day, day) if a.reference == booking.reference)
    detail = json.dumps({"via": "html", "appointment": booking.reference}, sort_keys=True)
    access_log.record(sessions, user_id, "appointment_view", booking.intake_id, detail)
    return found


def record_listing(sessions: SessionFactory, user_id: int, via: str, first: dt.date, last: dt.date, n: int) -> None:
    detail = {"via": via, "filters": {"from": first.isoformat(), "to": last.isoformat()}, "results": n}
    access_log.record(sessions, user_id, "calendar", detail=json.dumps(detail, sort_keys=True))


@dataclass(frozen=True)
class Change:
    booking: Booking
    notice: patient_notice.Notice | None  # how the patient was told (None: a mark, nothing to tell)


def _tell(sessions, whatsapp, booking: Booking, kind: str, now: dt.datetime, schedule) -> patient_notice.Notice:
    with write_session(sessions) as session:
        notice = patient_notice.plan(session, whatsapp, booking, kind, now, schedule=schedule)
        patient_notice.queue(session, booking.conversation_id, notice, now)
        if kind == "moved":  # a reminder sent for the old day says nothing of the new one
            session.execute(delete(Reminder).where(Reminder.booking_id == booking.id))
    return notice


def _record(sessions, user_id: int, action: str, booking: Booking, via: str, notice=None) -> None:
    detail = {"via": via, "appointment": booking.reference}
    if notice is not None:
        detail["patient_told"] = notice.how
    access_log.record(sessions, user_id, ACTIONS[action], booking.intake_id, json.dumps(detail, sort_keys=True))


def cancel(
    sessions: SessionFactory, whatsapp: WhatsAppSettings, user_id: int, reference: str, via: str,
    *, schedule: Schedule | None = None, now: dt.datetime | None = None,
) -> Change:  # fmt: skip
    """Raises UnknownBooking, NotAllowed, StorageUnavailable."""
    schedule, now = schedule or default_schedule(), now or utcnow()
    booking = clinic_changes.cancel_by_clinic(sessions, reference)
    notice = _tell(sessions, whatsapp, booking, "cancelled", now, schedule)
    _record(sessions, user_id, "cancel", booking, via, notice)
    return Change(booking, notice)


def move(
    sessions: SessionFactory, whatsapp: WhatsAppSettings, user_id: int, reference: str, start: dt.datetime,
    practitioner_id: str, via: str, *, schedule: Schedule | None = None, now: dt.datetime | None = None,
) -> Change:  # fmt: skip
    """Raises UnknownBooking, NotAllowed, KeyError (no such doctor), SlotUnavailable, StorageUnavailable."""
    schedule, now = schedule or default_schedule(), now or utcnow()
    booking = clinic_changes.move_by_clinic(sessions, reference, start, practitioner_id, schedule=schedule, now=now)
    notice = _tell(sessions, whatsapp, booking, "moved", now, schedule)
    _record(sessions, user_id, "move", booking, via, notice)
    return Change(booking, notice)


def mark(
    sessions: SessionFactory, user_id: int, reference: str, visit: str, via: str,
    *, schedule: Schedule | None = None, now: dt.datetime | None = None,
) -> Change:  # fmt: skip
    """Raises UnknownBooking, NotAllowed, ValueError, StorageUnavailable."""
    booking = clinic_changes.mark_visit(sessions, reference, visit, schedule=schedule, now=now)
    _record(sessions, user_id, visit, booking, via)
    return Change(booking, None)
