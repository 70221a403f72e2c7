"""Booking, cancelling and rescheduling consultations, each in one transaction.

The database is the referee: partial unique indexes allow one active booking per (practitioner, start)
and per conversation, so two patients racing for a slot cannot both get it, whatever the timing. The limit
of active bookings per phone number is checked in the booking's own transaction, with the phone number
locked, so parallel bookings from one number cannot pass it either. Wrong reference/phone answers are
recorded, and after a few the look-up stops (references must not be guessable without limit or trace)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from sqlalchemy import func, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.pseudonym import pseudonym
from bot.store.db import SessionFactory, storage_errors, write_session
from bot.store.models import BOOKED, CANCELLED, Booking, BookingLookupFailure, utcnow

from .errors import BookingNotFound, LookupBlocked, SlotTaken, SlotUnavailable, TooManyBookings
from .free_times import unbookable_reason
from .phones import InvalidPhone, normalize_email, normalize_phone
from .reference import new_reference, normalize_reference
from .schedule import Schedule, default_schedule
from .slots import free_at, nearest_free

log = logging.getLogger(__name__)


_RETRIES = 3  # only a reference-code collision (about 1 in 600 million) makes a retry worthwhile


def _active_for_conversation(session: Session, conversation_id: str) -> Booking | None:
    return session.execute(
        select(Booking).where(Booking.conversation_id == conversation_id, Booking.status == BOOKED)
    ).scalar_one_or_none()


def _slot_holder(session: Session, practitioner_id: str, start: dt.datetime) -> Booking | None:
    return session.execute(
        select(Booking).where(
            Booking.practitioner_id == practitioner_id, Booking.start_at == start, Booking.status == BOOKED
        )
    ).scalar_one_or_none()


def _lock_phone(session: Session, phone: str) -> None:
    """Serialise bookings for one phone number until the transaction ends. SQLite needs nothing: a write
    transaction there takes the database's write lock at BEGIN. PostgreSQL would let two transactions both
    count one booking and both add one, so they take a transaction-scoped advisory lock on the number."""
    if session.get_bind().dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(b"booking-phone:" + phone.encode()).digest()[:8], "big", signed=True)
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _active_for_phone(session: Session, phone: str, now: dt.datetime) -> int:
    """Bookings of this number that are still to come (an attended one no longer counts)."""
    return session.execute(
        select(func.count())
        .select_from(Booking)
        .where(Booking.phone == phone, Booking.status == BOOKED, Booking.end_at > now)
    ).scalar_one()


@storage_errors
def at_booking_limit(
    session_factory: SessionFactory, phone: str, *, schedule: Schedule | None = None, now: dt.datetime | None = None
) -> bool:
    """Whether `phone` (any format) already holds the most active bookings allowed: to tell the patient
    before asking for a time. book() checks again in its transaction; this is only the early answer."""
    schedule = schedule or default_schedule()
    with session_factory() as session:
        return (
            _active_for_phone(session, normalize_phone(phone), now or utcnow())
            >= schedule.limits.active_bookings_per_phone
        )


def _unavailable(session_factory, reason, wanted, practitioner_id, schedule, now) -> SlotUnavailable:
    """The error to raise, with the nearest free times (read in a fresh transaction) as alternatives."""
    with session_factory() as session:
        alternatives = nearest_free(session, wanted, 3, practitioner_id, schedule=schedule, now=now)
    return SlotTaken(wanted, alternatives) if reason == "taken" else SlotUnavailable(reason, wanted, alternatives)


@storage_errors
def book(
    session_factory: SessionFactory,
    conversation_id: str,
    slot_start: dt.datetime,
    practitioner_id: str | None,
    first_name: str,
    phone: str,
    email: str | None,
    summary_id: int | None,
    doctor_review_first: bool,
    *,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Book the consultation starting at `slot_start` (aware; naive = clinic time).

    `practitioner_id` None takes whichever practitioner is free then. Idempotent per conversation: while
    the conversation has an active booking, that booking is returned unchanged.
    Raises InvalidPhone / InvalidEmail, SlotTaken or SlotUnavailable (with `.alternatives`),
    TooManyBookings (the phone's limit of active bookings), StorageUnavailable."""
    schedule = schedule or default_schedule()
    now = now or utcnow()
    phone = normalize_phone(phone)
    email = normalize_email(email)
    first_name = (first_name or "").strip()[:80]
    if not first_name:
        raise ValueError("first_name is required")
    if practitioner_id is not None:
        schedule.practitioner(practitioner_id)  # KeyError for an unknown id: a programming error
    start = schedule.local(slot_start)

    for _ in range(_RETRIES):
        try:
            with write_session(session_factory) as session:
                existing = _active_for_conversation(session, conversation_id)
                if existing is not None:
                    return existing
                _lock_phone(session, phone)
                if _active_for_phone(session, phone, now) >= schedule.limits.active_bookings_per_phone:
                    raise TooManyBookings(schedule.limits.active_bookings_per_phone)
                if unbookable_reason(start, schedule, now):
                    break  # outside the transaction: explain with alternatives
                slot = free_at(session, start, practitioner_id, schedule=schedule, now=now)
                if slot is None:
                    break
                booking = Booking(
                    reference=new_reference(),
                    conversation_id=conversation_id,
                    intake_id=summary_id,
                    practitioner_id=slot.practitioner_id,
                    start_at=slot.start,
                    end_at=slot.end,
                    status=BOOKED,
                    first_name=first_name,
                    phone=phone,
                    email=email,
                    doctor_review_first=doctor_review_first,
                )
                session.add(booking)
                session.flush()  # the unique indexes are checked here
                return booking
        except IntegrityError:
            # Lost a race (PostgreSQL lets both read "free"; the index stops the second insert), or the
            # same conversation was booked from another worker, or a reference collided: look again.
            with session_factory() as session:
                existing = _active_for_conversation(session, conversation_id)
                if existing is not None:
                    return existing
                if practitioner_id is not None and _slot_holder(session, practitioner_id, start):
                    break
                if practitioner_id is None and free_at(session, start, schedule=schedule, now=now) is None:
                    break
    reason = unbookable_reason(start, schedule, now) or "taken"
    raise _unavailable(session_factory, reason, start, practitioner_id, schedule, now)


def _find_for_patient(session: Session, reference: str, phone: str) -> Booking:
    try:
        phone = normalize_phone(phone)
    except InvalidPhone:
        raise BookingNotFound(reference) from None
    booking = session.execute(
        select(Booking).where(Booking.reference == normalize_reference(reference))
    ).scalar_one_or_none()
    if booking is None or booking.phone != phone:
        raise BookingNotFound(reference)
    return booking


@storage_errors
def find_booking(session: Session, reference: str, phone: str) -> Booking:
    """The booking with this reference, if `phone` is the number it was made with; else BookingNotFound."""
    return _find_for_patient(session, reference, phone)


def _recent_failures(session: Session, conversation_id: str, phone: str, since: dt.datetime) -> tuple[int, int]:
    """Wrong look-ups since `since`: (from this conversation, for this phone number)."""
    rows = session.execute(
        select(BookingLookupFailure.conversation_id, BookingLookupFailure.phone).where(
            BookingLookupFailure.at >= since,
            or_(BookingLookupFailure.conversation_id == conversation_id, BookingLookupFailure.phone == phone),
        )
    ).all()
    return sum(row.conversation_id == conversation_id for row in rows), sum(row.phone == phone for row in rows)


def _blocked(conversation_id: str, by_conversation: int, by_phone: int, limit: int) -> bool:
    if max(by_conversation, by_phone) < limit:
        return False
    # Neither the reference nor the phone number guessed: the pseudonym says which conversation, no more.
    log.warning(
        "Booking look-up stopped: %d wrong reference/phone answers from conversation %s and %d for "
        "the phone number given (limit %d)",
        by_conversation,
        pseudonym(conversation_id),
        by_phone,
        limit,
    )
    return True


@storage_errors
def look_up(
    session_factory: SessionFactory,
    conversation_id: str,
    reference: str,
    phone: str,
    *,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """The booking with this reference and phone (any status), for a patient who wants to change it.

    Each wrong answer is recorded; once this conversation or this phone number has had the limit of wrong
    answers within the window (schedule.yml `limits`), look-ups stop even with the right answer.
    Raises BookingNotFound, LookupBlocked (also on the wrong answer that reaches the limit), StorageUnavailable."""
    schedule = schedule or default_schedule()
    now = now or utcnow()
    limit = schedule.limits.lookup_attempts
    try:
        phone = normalize_phone(phone)
    except InvalidPhone:
        raise BookingNotFound(reference) from None
    with write_session(session_factory) as session:
        _lock_phone(session, phone)  # parallel guesses for one number are counted one after the other
        since = now - schedule.limits.lookup_window
        by_conversation, by_phone = _recent_failures(session, conversation_id, phone, since)
        if _blocked(conversation_id, by_conversation, by_phone, limit):
            raise LookupBlocked()  # nothing written: the rollback loses nothing
        try:
            return _find_for_patient(session, reference, phone)
        except BookingNotFound:
            session.add(BookingLookupFailure(conversation_id=conversation_id, phone=phone, at=now))
    # Outside the transaction, which has committed the failure.
    if _blocked(conversation_id, by_conversation + 1, by_phone + 1, limit):
        raise LookupBlocked()
    raise BookingNotFound(reference)


@storage_errors
def cancel(session_factory: SessionFactory, reference: str, phone: str) -> Booking:
    """Cancel and free the slot. Cancelling a cancelled booking returns it unchanged.
    Raises BookingNotFound, StorageUnavailable."""
    with write_session(session_factory) as session:
        booking = _find_for_patient(session, reference, phone)
        if booking.status == BOOKED:
            booking.status = CANCELLED
            booking.cancelled_at = utcnow()
        return booking


@storage_errors
def reschedule(
    session_factory: SessionFactory,
    reference: str,
    phone: str,
    new_start: dt.datetime,
    practitioner_id: str | None = None,
    *,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Move an active booking to `new_start`, keeping its reference. Keeps the practitioner when they are
    free then (or uses `practitioner_id`), else takes any free one.
    Raises BookingNotFound (also for a cancelled booking), SlotTaken / SlotUnavailable, StorageUnavailable."""
    schedule = schedule or default_schedule()
    now = now or utcnow()
    start = schedule.local(new_start)
    try:
        with write_session(session_factory) as session:
            booking = _find_for_patient(session, reference, phone)
            if booking.status != BOOKED:
                raise BookingNotFound(reference)
            wanted_by = practitioner_id or booking.practitioner_id
            if booking.start_at == start and booking.practitioner_id == wanted_by:
                return booking
            if not unbookable_reason(start, schedule, now):
                slot = free_at(session, start, wanted_by, schedule=schedule, now=now)
                if slot is None and practitioner_id is None:
                    slot = free_at(session, start, schedule=schedule, now=now)
                if slot is not None:
                    booking.practitioner_id = slot.practitioner_id
                    booking.start_at, booking.end_at = slot.start, slot.end
                    booking.reschedules += 1
                    session.flush()
                    return booking
    except IntegrityError:
        pass  # someone took the new slot between our read and write
    reason = unbookable_reason(start, schedule, now) or "taken"
    raise _unavailable(session_factory, reason, start, practitioner_id, schedule, now)
