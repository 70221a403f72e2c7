"""Erasing one conversation's data everywhere it is kept, and carrying out a patient's erasure request.

Erased: the intake (its earlier versions and the staff's reviews, notes, review events and access-log entries
about it go with it through ON DELETE CASCADE), the bookings (cancelled through the booking service first, so the slot is free, then
deleted), failed booking look-ups, urgent staff alerts and hand-off requests (open or done), the conversation's
rows in the tracker store's `events` table, its journal file and its photo folder. On SQLite the deleted text is
zeroed and the WAL emptied.

The counts name staff alerts ("staff_alerts") and hand-offs ("handoffs") only when some were erased."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select, update

from bot.booking.errors import BookingNotFound
from bot.booking.service import cancel
from bot.pseudonym import pseudonym
from bot.settings import Settings
from bot.store.alert_models import StaffAlert
from bot.store.attachment_models import Attachment
from bot.store.db import SessionFactory, storage_errors, write_session
from bot.store.handoff_models import Handoff
from bot.store.models import BOOKED, Booking, BookingLookupFailure, Intake, IntakeVersion, utcnow
from bot.store.privacy_models import ERASURE_DONE, ERASURE_OPEN, ErasureRequest
from bot.store.reminder_models import Reminder
from bot.store.whatsapp_models import WHATSAPP_TABLES

from .conversation_files import erase_journal, erase_photos
from .secure_sqlite import checkpoint, secure_sessions
from .tracker_events import TrackerEvents

log = logging.getLogger(__name__)
ALERTS = "staff_alerts"  # a count only present when alerts were erased (most conversations have none)
HANDOFFS = "handoffs"  # the same for hand-off requests
ATTACHMENTS = "attachments"  # the same for the rows of photos and documents a patient sent
WHATSAPP = "whatsapp_rows"  # the same for the WhatsApp channel's rows (dedupe, outbox, statuses, sender)
REMINDERS = "reminders"  # the same for appointment reminders sent or listed


@dataclass(frozen=True)
class ErasureTargets:
    """Everywhere a conversation's data is kept."""

    clinic_sessions: SessionFactory  # bot.store.db
    tracker_db_url: str  # where the tracker store's `events` table is
    journal_dir: Path  # bot.tracker_store's journal
    photo_dir: Path  # <photo_dir>/<sha256(conversation_id)>/

    @classmethod
    def from_settings(cls, clinic_sessions: SessionFactory, settings: Settings) -> ErasureTargets:
        return cls(
            clinic_sessions=clinic_sessions,
            tracker_db_url=settings.tracker_db_url,
            journal_dir=settings.journal_dir,
            photo_dir=settings.photo_dir,
        )


def _cancel_active_bookings(sessions: SessionFactory, conversation_id: str) -> None:
    with sessions() as session:
        active = session.execute(
            select(Booking.reference, Booking.phone).where(
                Booking.conversation_id == conversation_id, Booking.status == BOOKED
            )
        ).all()
    for reference, phone in active:
        try:
            cancel(sessions, reference, phone)
        except BookingNotFound:  # a phone the service can no longer read: deleting the row frees the slot too
            log.warning(
                "A booking of conversation %s could not be cancelled through the booking service; "
                "it is deleted all the same",
                pseudonym(conversation_id),
            )


def _delete_clinic_rows(sessions: SessionFactory, conversation_id: str) -> dict[str, int]:
    with write_session(sessions) as session:
        intake_ids = select(Intake.id).where(Intake.conversation_id == conversation_id).scalar_subquery()
        versions = session.execute(
            select(func.count()).select_from(IntakeVersion).where(IntakeVersion.intake_id.in_(intake_ids))
        ).scalar_one()
        reminders = session.execute(delete(Reminder).where(Reminder.conversation_id == conversation_id)).rowcount
        bookings = session.execute(delete(Booking).where(Booking.conversation_id == conversation_id)).rowcount
        intakes = session.execute(delete(Intake).where(Intake.conversation_id == conversation_id)).rowcount
        lookups = session.execute(
            delete(BookingLookupFailure).where(BookingLookupFailure.conversation_id == conversation_id)
        ).rowcount
        alerts = session.execute(delete(StaffAlert).where(StaffAlert.conversation_id == conversation_id)).rowcount
        handoffs = session.execute(delete(Handoff).where(Handoff.conversation_id == conversation_id)).rowcount
        whatsapp = sum(
            session.execute(delete(table).where(table.conversation_id == conversation_id)).rowcount
            for table in WHATSAPP_TABLES
        )
        attachments = session.execute(delete(Attachment).where(Attachment.conversation_id == conversation_id)).rowcount
    counts = {"intakes": intakes, "intake_versions": versions, "bookings": bookings, "booking_lookup_failures": lookups}
    if alerts:
        counts[ALERTS] = alerts
    if handoffs:
        counts[HANDOFFS] = handoffs
    if whatsapp:
        counts[WHATSAPP] = whatsapp
    if attachments:
        counts[ATTACHMENTS] = attachments
    if reminders:
        counts[REMINDERS] = reminders
    return counts


def _clinic_engine(sessions: SessionFactory):
    with sessions() as session:
        return session.get_bind()


@storage_errors
def erase_clinic_data(targets: ErasureTargets, conversation_ids: list[str]) -> dict[str, int]:
    """The clinic database's part of erasing these conversations (see erase_conversation)."""
    sessions = secure_sessions(targets.clinic_sessions)
    totals = {"intakes": 0, "intake_versions": 0, "bookings": 0, "booking_lookup_failures": 0}
    for conversation_id in conversation_ids:
        _cancel_active_bookings(sessions, conversation_id)
        for kind, n in _delete_clinic_rows(sessions, conversation_id).items():
            totals[kind] = totals.get(kind, 0) + n
    if conversation_ids:
        checkpoint(_clinic_engine(targets.clinic_sessions))
    return totals


def erase_files(targets: ErasureTargets, conversation_ids: list[str]) -> dict[str, int]:
    return {
        "journal_files": sum(erase_journal(targets.journal_dir, c) for c in conversation_ids),
        "photo_folders": sum(erase_photos(targets.photo_dir, c) for c in conversation_ids),
    }


@storage_errors
def erase_conversations(
    targets: ErasureTargets, conversation_ids: list[str], tracker: TrackerEvents | None = None
) -> dict[str, int]:
    """erase_conversation for many at once (one tracker connection, one checkpoint per database)."""
    counts = erase_clinic_data(targets, conversation_ids)
    if tracker is None:
        with TrackerEvents(targets.tracker_db_url) as own:
            counts["tracker_events"] = own.delete(conversation_ids)
    else:
        counts["tracker_events"] = tracker.delete(conversation_ids)
    counts.update(erase_files(targets, conversation_ids))
    return counts


@storage_errors
def erase_conversation(targets: ErasureTargets, conversation_id: str) -> dict[str, int]:
    """Erases everything kept about one conversation; returns how many of each kind were erased.

    Safe to repeat (a second call erases nothing more). Raises StorageUnavailable when the clinic database
    or the tracker database is down; what was erased before the failure stays erased, so retry."""
    counts = erase_conversations(targets, [conversation_id])
    log.info("Erased conversation %s: %s", pseudonym(conversation_id), counts)
    return counts


@storage_errors
def _open_request(sessions: SessionFactory, request_id: int) -> ErasureRequest:
    with sessions() as session:
        request = session.get(ErasureRequest, request_id)
    if request is None or request.status != ERASURE_OPEN:
        raise LookupError(f"no open erasure request {request_id}")
    return request


@storage_errors
def _mark_done(
    sessions: SessionFactory, request: ErasureRequest, staff_user_id: int, counts: dict[str, int]
) -> ErasureRequest:
    with write_session(sessions) as session:
        changed = session.execute(
            update(ErasureRequest)
            .where(ErasureRequest.id == request.id, ErasureRequest.status == ERASURE_OPEN)
            .values(
                status=ERASURE_DONE,
                done_by=staff_user_id,
                done_at=utcnow(),
                outcome=json.dumps(counts, sort_keys=True),
                # the conversation id can be a phone number (a WhatsApp sender): once erased, only its
                # pseudonym stays (the one in the log lines), enough to trace the request, no patient data
                conversation_id=pseudonym(request.conversation_id),
            )
        ).rowcount
        if not changed:  # another staff member carried it out a moment ago
            raise LookupError(f"no open erasure request {request.id}")
    with sessions() as session:
        return session.get(ErasureRequest, request.id)


def carry_out_request(targets: ErasureTargets, request_id: int, staff_user_id: int) -> ErasureRequest:
    """Erases the requested conversation and marks the request done (by whom, when, counts of what).

    Raises LookupError when there is no open request with that id; StorageUnavailable (request stays open,
    safe to retry) when a database is down."""
    request = _open_request(targets.clinic_sessions, request_id)
    counts = erase_conversation(targets, request.conversation_id)
    return _mark_done(targets.clinic_sessions, request, staff_user_id, counts)
