"""The retention purge: erases what is past retention in the tracker store, the journal, the clinic database
and the logs. `python -m bot.privacy.purge [--dry-run]` (`make purge`) prints counts only; the supervisor of
`make run` calls purge_configured() every few hours.

Which conversations: see bot.privacy.retention. Each one is erased like a patient's erasure request
(bot.privacy.erasure), its handled staff alerts and done hand-offs with it. An open alert or hand-off (staff have
not acted yet) is activity until it is handled: its conversation is kept until then, then ages from the handling. Also: journal files of no
known conversation, and failed booking look-ups (they hold phone numbers), once older than the
unfinished-conversation retention.

A patient who comes back in the moment a purge picks their conversation can lose it: with retention in days
and years, and a purge every few hours, that is accepted rather than locking the tracker store."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from bot.private_files import use_private_umask
from bot.settings import RetentionSettings, Settings
from bot.store.alert_models import ALERT_OPEN, StaffAlert
from bot.store.attachment_models import Attachment
from bot.store.db import StorageUnavailable, make_engine, session_factory, storage_errors, write_session
from bot.store.handoff_models import HANDOFF_OPEN, Handoff
from bot.store.models import Booking, BookingLookupFailure, Intake, IntakeVersion, utcnow
from bot.store.reminder_models import Reminder
from bot.store.whatsapp_models import ANSWERED, STALE, WHATSAPP_TABLES, WhatsAppInbound, WhatsAppSender, WhatsAppStatus

from .conversation_files import conversation_key, journal_files, photo_folder
from .erasure import ALERTS, ATTACHMENTS, HANDOFFS, REMINDERS, WHATSAPP, ErasureTargets, erase_conversations
from .logs import purge_logs
from .retention import Expired, expired_conversations
from .tracker_events import TrackerEvents

log = logging.getLogger(__name__)
KINDS = (
    "tracker_events",
    "intakes",
    "intake_versions",
    "bookings",
    "booking_lookup_failures",
    "journal_files",
    "photo_folders",
    "log_files",
)


@dataclass
class PurgeReport:
    dry_run: bool
    unfinished_conversations: int = 0
    completed_conversations: int = 0
    erased: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def lines(self) -> list[str]:
        verb = "would erase" if self.dry_run else "erased"
        return [
            f"{verb}: {self.unfinished_conversations} unfinished or declined conversations, "
            f"{self.completed_conversations} completed ones"
        ] + [f"  {k}: {v}" for k, v in self.erased.items()]


def _later(a: dt.datetime | None, b: dt.datetime) -> dt.datetime:
    return b if a is None else max(a, b)


@storage_errors
def _clinic_activity(sessions) -> dict[str, dt.datetime]:
    """Conversation id -> last change of its intake or bookings (a booking counts until its end)."""
    activity: dict[str, dt.datetime] = {}
    with sessions() as session:
        rows = session.execute(select(Intake.conversation_id, Intake.updated_at)).all()
        rows += session.execute(
            select(Booking.conversation_id, func.max(Booking.updated_at), func.max(Booking.end_at)).group_by(
                Booking.conversation_id
            )
        ).all()
    for conversation_id, *times in rows:
        for moment in times:
            if moment is not None:
                activity[conversation_id] = _later(activity.get(conversation_id), moment)
    return activity


@storage_errors
def _alert_activity(sessions, now: dt.datetime) -> dict[str, dt.datetime]:
    """Conversation id -> activity of its staff alerts and hand-offs: `now` while one is open (kept until staff
    have acted), else the latest raising or handling. Not "completed": neither lengthens the retention."""
    activity: dict[str, dt.datetime] = {}
    with sessions() as session:
        rows = session.execute(
            select(StaffAlert.conversation_id, StaffAlert.status, StaffAlert.raised_at, StaffAlert.handled_at)
        ).all()
        # Hand-offs likewise: an open one keeps its conversation until staff have called back.
        handoffs = session.execute(
            select(Handoff.conversation_id, Handoff.status, Handoff.updated_at, Handoff.done_at)
        ).all()
    for conversation_id, status, raised_at, handled_at in rows:
        moment = now if status == ALERT_OPEN else max(t for t in (raised_at, handled_at) if t is not None)
        activity[conversation_id] = _later(activity.get(conversation_id), moment)
    for conversation_id, status, updated_at, done_at in handoffs:
        moment = now if status == HANDOFF_OPEN else max(t for t in (updated_at, done_at) if t is not None)
        activity[conversation_id] = _later(activity.get(conversation_id), moment)
    return activity


def _journal_times(journal_dir: Path) -> dict[str, tuple[dt.datetime, list[Path]]]:
    """Journal key (sha256 of the conversation id) -> (last write, its files)."""
    found: dict[str, tuple[dt.datetime, list[Path]]] = {}
    if not Path(journal_dir).is_dir():
        return found
    for path in Path(journal_dir).iterdir():
        if path.suffix not in (".jsonl", ".json", ".tmp") or not path.is_file():
            continue
        written = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
        last, files = found.get(path.stem, (written, []))
        found[path.stem] = (max(last, written), files + [path])
    return found


def _expired(targets: ErasureTargets, tracker: TrackerEvents, retention: RetentionSettings, now: dt.datetime):
    """(expired conversations, journal files of no known conversation past the unfinished retention)."""
    clinic = _clinic_activity(targets.clinic_sessions)
    activity: dict[str, dt.datetime] = dict(tracker.last_event_times())
    for conversation_id, moment in (*clinic.items(), *_alert_activity(targets.clinic_sessions, now).items()):
        activity[conversation_id] = _later(activity.get(conversation_id), moment)
    journal = _journal_times(targets.journal_dir)
    for conversation_id in activity:
        written = journal.pop(conversation_key(conversation_id), None)
        if written is not None:  # an unsynced journal can be newer than the database
            activity[conversation_id] = max(activity[conversation_id], written[0])
    orphans = [p for last, files in journal.values() if last < retention.unfinished_cutoff(now) for p in files]
    return expired_conversations(activity, clinic.keys(), retention, now), orphans


@storage_errors
def _delete_old_lookup_failures(sessions, cutoff: dt.datetime, dry_run: bool) -> int:
    old = BookingLookupFailure.at < cutoff
    if dry_run:
        with sessions() as session:
            return session.execute(select(func.count()).select_from(BookingLookupFailure).where(old)).scalar_one()
    with write_session(sessions) as session:
        return session.execute(delete(BookingLookupFailure).where(old)).rowcount


@storage_errors
def _delete_old_whatsapp_rows(sessions, cutoff: dt.datetime, dry_run: bool) -> int:
    """WhatsApp rows older than the unfinished retention even where their conversation is not (statuses of a
    number that never wrote, answered message ids long past Meta's redelivery): ids and times only."""
    old = (
        (WhatsAppStatus, WhatsAppStatus.at < cutoff),
        (WhatsAppInbound, WhatsAppInbound.state.in_((ANSWERED, STALE)) & (WhatsAppInbound.received_at < cutoff)),
        (WhatsAppSender, WhatsAppSender.updated_at < cutoff),
    )
    if dry_run:
        with sessions() as session:
            return sum(session.execute(select(func.count()).select_from(m).where(w)).scalar_one() for m, w in old)
    with write_session(sessions) as session:
        return sum(session.execute(delete(m).where(w)).rowcount for m, w in old)


@storage_errors
def _would_erase(targets: ErasureTargets, tracker: TrackerEvents, expired: Expired) -> dict[str, int]:
    """What erase_conversations would erase for these conversations, counted, nothing changed."""
    ids = list(expired.all)

    def count(model, *where) -> int:
        with targets.clinic_sessions() as session:
            return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()

    intake_ids = select(Intake.id).where(Intake.conversation_id.in_(ids)).scalar_subquery()
    alerts = count(StaffAlert, StaffAlert.conversation_id.in_(ids))
    handoffs = count(Handoff, Handoff.conversation_id.in_(ids))
    attachments = count(Attachment, Attachment.conversation_id.in_(ids))
    whatsapp = sum(count(table, table.conversation_id.in_(ids)) for table in WHATSAPP_TABLES)
    reminders = count(Reminder, Reminder.conversation_id.in_(ids))
    return (
        {
            "tracker_events": sum(tracker.count(c) for c in ids),
            "intakes": count(Intake, Intake.conversation_id.in_(ids)),
            "intake_versions": count(IntakeVersion, IntakeVersion.intake_id.in_(intake_ids)),
            "bookings": count(Booking, Booking.conversation_id.in_(ids)),
            "booking_lookup_failures": count(BookingLookupFailure, BookingLookupFailure.conversation_id.in_(ids)),
            "journal_files": sum(len(journal_files(targets.journal_dir, c)) for c in ids),
            "photo_folders": sum(photo_folder(targets.photo_dir, c).is_dir() for c in ids),
        }
        | ({ALERTS: alerts} if alerts else {})
        | ({HANDOFFS: handoffs} if handoffs else {})
        | ({ATTACHMENTS: attachments} if attachments else {})
        | ({WHATSAPP: whatsapp} if whatsapp else {})
        | ({REMINDERS: reminders} if reminders else {})
    )


def purge(
    targets: ErasureTargets,
    retention: RetentionSettings,
    now: dt.datetime,
    *,
    dry_run: bool = False,
    log_dir: Path | None = None,
) -> PurgeReport:
    """Erases (or, with dry_run, counts) everything past retention. Raises StorageUnavailable when a
    database is down; what was erased before stays erased and the next run carries on."""
    report = PurgeReport(dry_run=dry_run)
    with TrackerEvents(targets.tracker_db_url) as tracker:
        try:
            expired, orphans = _expired(targets, tracker, retention, now)
            counts = (
                _would_erase(targets, tracker, expired)
                if dry_run
                else erase_conversations(targets, list(expired.all), tracker)
            )
        except SQLAlchemyError as error:  # the tracker database (the clinic's errors are StorageUnavailable)
            raise StorageUnavailable(f"tracker store unavailable: {error.__class__.__name__}") from error
    report.unfinished_conversations, report.completed_conversations = len(expired.unfinished), len(expired.completed)
    for kind, n in counts.items():
        report.erased[kind] = report.erased.get(kind, 0) + n  # staff_alerts: only when there were some
    if not dry_run:
        for path in orphans:
            path.unlink(missing_ok=True)
    report.erased["journal_files"] += len(orphans)
    report.erased["booking_lookup_failures"] += _delete_old_lookup_failures(
        targets.clinic_sessions, retention.unfinished_cutoff(now), dry_run
    )
    whatsapp_old = _delete_old_whatsapp_rows(targets.clinic_sessions, retention.unfinished_cutoff(now), dry_run)
    if whatsapp_old:
        report.erased[WHATSAPP] = report.erased.get(WHATSAPP, 0) + whatsapp_old
    if log_dir is not None:
        logs = purge_logs(log_dir, retention.log_cutoff(now), now, dry_run)
        report.erased["log_files"] = logs.deleted + logs.emptied
    log.info("Retention purge%s: %s", " (dry run)" if dry_run else "", "; ".join(report.lines()))
    return report


def purge_configured(settings: Settings, now: dt.datetime | None = None, *, dry_run: bool = False) -> PurgeReport:
    """purge() of everything the settings name (databases, journal, photos, logs, retention periods).
    For `make purge` and the supervisor of `make run`."""
    engine = make_engine(settings.database_url)
    try:
        targets = ErasureTargets.from_settings(session_factory(engine), settings)
        return purge(targets, settings.retention, now or utcnow(), dry_run=dry_run, log_dir=settings.log_dir)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Erase patient data past retention (counts only are printed).")
    parser.add_argument("--dry-run", action="store_true", help="count what would be erased, erase nothing")
    args = parser.parse_args(argv)
    use_private_umask()  # log archives and database files created here stay private
    try:
        settings = Settings.from_env()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    retention = settings.retention
    from bot.store.migrate import migrate

    try:
        migrate(settings.database_url)  # a fresh database has no tables yet
        report = purge_configured(settings, dry_run=args.dry_run)
    except StorageUnavailable as error:
        print(f"error: {error}; the purge stopped part-way, run it again later", file=sys.stderr)
        return 1
    print(
        f"Retention: unfinished or declined conversations {retention.unfinished_days} days, completed "
        f"intakes {retention.completed_years} years, logs {retention.log_days} days."
    )
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
