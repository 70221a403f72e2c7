"""The day-before reminders: `python -m bot.staff.reminders` (make reminders), and hourly under `make run`.

Every booked appointment starting tomorrow (clinic date) gets one reminder, recorded in `reminders` (one row per
booking, so running again sends nothing twice): the approved WhatsApp template through the WhatsApp outbox when
the channel is configured and the patient wrote on WhatsApp, else a line on the calendar's "Reminders to call"
list, which a staff member marks "called". Nothing is sent before `reminders_from` (appointment_messages.yml)."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import threading
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.booking.schedule import Schedule, default_schedule
from bot.private_files import use_private_umask
from bot.pseudonym import pseudonym
from bot.settings import Settings, WhatsAppSettings
from bot.store.db import SessionFactory, make_engine, session_factory, storage_errors, write_session
from bot.store.models import BOOKED, Booking, utcnow
from bot.store.reminder_models import BY_CALL, BY_WHATSAPP, CALLED, QUEUED, TO_CALL, Reminder

from . import patient_notice

log = logging.getLogger(__name__)
INTERVAL_HOURS = 1


@dataclass
class ReminderRun:
    day: dt.date | None  # the appointments' day; None: too early in the day to send
    whatsapp: int = 0
    to_call: int = 0
    already: int = 0
    references: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.day is None:
            return "reminders: not before " + patient_notice.MESSAGES.text("reminders_from") + " clinic time"
        return (
            f"reminders for {self.day}: {self.whatsapp} on WhatsApp, {self.to_call} to call, {self.already} sent before"
        )


def _send_from(schedule: Schedule, day: dt.date) -> dt.datetime:
    at = dt.datetime.strptime(str(patient_notice.MESSAGES.text("reminders_from")), "%H:%M").time()
    return dt.datetime.combine(day, at, schedule.tz)


@storage_errors
def send_reminders(
    sessions: SessionFactory,
    whatsapp: WhatsAppSettings,
    *,
    now: dt.datetime | None = None,
    schedule: Schedule | None = None,
) -> ReminderRun:
    """One pass: a reminder for every booked appointment of tomorrow that has none yet."""
    schedule, now = schedule or default_schedule(), now or utcnow()
    today = schedule.local(now).date()
    if schedule.local(now) < _send_from(schedule, today):
        return ReminderRun(None)
    day = today + dt.timedelta(days=1)
    since = dt.datetime.combine(day, dt.time(0), schedule.tz)
    run = ReminderRun(day)
    with sessions() as session:
        due = session.execute(
            select(Booking.id)
            .where(Booking.status == BOOKED, Booking.start_at >= since, Booking.start_at < since + dt.timedelta(days=1))
            .order_by(Booking.start_at, Booking.id)
        ).scalars()
        booking_ids = list(due)
    for booking_id in booking_ids:
        try:
            with write_session(sessions) as session:
                booking = session.get(Booking, booking_id)
                if booking is None or booking.status != BOOKED:
                    continue  # cancelled or erased a moment ago
                if session.execute(select(Reminder.id).where(Reminder.booking_id == booking_id)).first():
                    run.already += 1
                    continue
                notice = patient_notice.plan(session, whatsapp, booking, "reminder", now, template_first=True,
                                             schedule=schedule)  # fmt: skip
                by_whatsapp = notice.how != patient_notice.CALL
                patient_notice.queue(session, booking.conversation_id, notice, now)
                session.add(Reminder(booking_id=booking_id, conversation_id=booking.conversation_id,
                                     how=BY_WHATSAPP if by_whatsapp else BY_CALL,
                                     outcome=QUEUED if by_whatsapp else TO_CALL, created_at=now))  # fmt: skip
                session.flush()  # the unique booking id: a parallel run loses here, and its outbox row with it
                reference, conversation = booking.reference, booking.conversation_id
        except IntegrityError:
            run.already += 1
            continue
        if by_whatsapp:
            run.whatsapp += 1
        else:
            run.to_call += 1
        run.references.append(reference)
        log.info("Reminder for conversation %s: %s", pseudonym(conversation), "WhatsApp" if by_whatsapp else "to call")
    return run


@dataclass
class ToCall:
    id: int
    reference: str
    first_name: str
    phone: str
    start: dt.datetime  # clinic time
    called_at: dt.datetime | None
    intake_id: int | None

    @property
    def called(self) -> bool:
        return self.called_at is not None


@storage_errors
def to_call(session, since: dt.date, *, schedule: Schedule | None = None) -> list[ToCall]:
    """Reminders listed for staff to call, of booked appointments from `since` on: not called yet first."""
    schedule = schedule or default_schedule()
    rows = session.execute(
        select(Reminder, Booking)
        .join(Booking, Booking.id == Reminder.booking_id)
        .where(
            Reminder.how == BY_CALL,
            Booking.status == BOOKED,
            Booking.start_at >= dt.datetime.combine(since, dt.time(0), schedule.tz),
        )
        .order_by(Reminder.called_at.isnot(None), Booking.start_at, Reminder.id)
    )
    return [
        ToCall(r.id, b.reference, b.first_name, b.phone, schedule.local(b.start_at), r.called_at, b.intake_id)
        for r, b in rows
    ]


class NoSuchReminder(LookupError):
    """No reminder to call with that id (404)."""


@storage_errors
def mark_called(sessions: SessionFactory, reminder_id: int, user_id: int, now: dt.datetime | None = None) -> bool:
    """Mark a reminder-to-call done; False when it was marked already. Raises NoSuchReminder."""
    with write_session(sessions) as session:
        reminder = session.get(Reminder, reminder_id)
        if reminder is None or reminder.how != BY_CALL:
            raise NoSuchReminder(reminder_id)
        if reminder.called_at is not None:
            return False
        reminder.outcome, reminder.called_at, reminder.called_by = CALLED, now or utcnow(), user_id
        return True


def run_configured(settings: Settings, now: dt.datetime | None = None) -> ReminderRun:
    engine = make_engine(settings.database_url)
    try:
        return send_reminders(session_factory(engine), settings.whatsapp, now=now)
    finally:
        engine.dispose()


def run_on_schedule(settings: Settings, stopping: threading.Event) -> threading.Thread:
    """For `make run`: a pass every hour until `stopping` is set; a failure is logged and tried next hour."""

    def loop() -> None:
        while not stopping.is_set():
            try:
                log.info("Scheduled %s", run_configured(settings).line())
            except Exception as error:  # noqa: BLE001 - a database down must not stop the assistant
                log.error("Scheduled reminders failed (%s); trying again in an hour", error.__class__.__name__)
            stopping.wait(INTERVAL_HOURS * 3600)

    thread = threading.Thread(target=loop, name="reminders", daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    use_private_umask()
    settings = Settings.from_env()
    from bot.store import migrate

    migrate(settings.database_url)
    print(run_configured(settings).line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
