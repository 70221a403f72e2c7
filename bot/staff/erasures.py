"""Patients' erasure requests as staff see them, and carrying one out.

The patient confirms "delete my data" in the chat, which files an ErasureRequest; a staff member opens it here
and confirms. The erasing itself (intake, bookings, conversation, journal, photos) is bot.privacy.erasure's;
this module finds the request, refuses one that is unknown or done, and writes who did it to the access log
(request id and counts only, never patient data)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.privacy.erasure import ErasureTargets, carry_out_request
from bot.store.db import storage_errors
from bot.store.models import BOOKED, Booking, Intake
from bot.store.privacy_models import ERASURE_DONE, ERASURE_OPEN, ERASURE_STATUSES, ErasureRequest
from bot.store.staff_models import StaffUser

from . import access_log

ERASE_ACTION = "erase"


class NoSuchRequest(LookupError):
    """No erasure request with that id (404)."""


class AlreadyDone(ValueError):
    """The request was carried out already, perhaps a moment ago by someone else (409)."""


@dataclass
class ErasureView:
    id: int
    conversation_id: str
    channel: str
    status: str
    requested_at: dt.datetime
    done_at: dt.datetime | None
    done_by: str | None
    intake_id: int | None  # the conversation's intake, while it exists
    bookings: int  # the conversation's bookings, while they exist
    active_bookings: int  # of which still booked: cancelled first when erasing
    outcome: dict[str, int] = field(default_factory=dict)  # what was erased: counts

    @property
    def is_open(self) -> bool:
        return self.status == ERASURE_OPEN

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key in ("requested_at", "done_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def outcome_counts(outcome: str | None) -> dict[str, int]:
    """The request's outcome (JSON text of counts) as a dict of counts; anything else is dropped, so nothing
    but numbers can reach a page or the access log from it."""
    try:
        data = json.loads(outcome or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, int) and not isinstance(v, bool)}


def _query():
    same_conversation = Booking.conversation_id == ErasureRequest.conversation_id
    intake_id = select(Intake.id).where(Intake.conversation_id == ErasureRequest.conversation_id).scalar_subquery()
    bookings = select(func.count(Booking.id)).where(same_conversation).scalar_subquery()
    active = select(func.count(Booking.id)).where(same_conversation, Booking.status == BOOKED).scalar_subquery()
    done_by = func.coalesce(StaffUser.display_name, StaffUser.username)
    return select(ErasureRequest, done_by, intake_id, bookings, active).outerjoin(
        StaffUser, StaffUser.id == ErasureRequest.done_by
    )


def _view(row) -> ErasureView:
    request, done_by, intake_id, bookings, active = row
    return ErasureView(
        id=request.id,
        conversation_id=request.conversation_id,
        channel=request.channel,
        status=request.status,
        requested_at=request.requested_at,
        done_at=request.done_at,
        done_by=done_by,
        intake_id=intake_id,
        bookings=bookings or 0,
        active_bookings=active or 0,
        outcome=outcome_counts(request.outcome),
    )


@storage_errors
def list_requests(session: Session, status: str | None = None, limit: int = 500) -> list[ErasureView]:
    """Open requests first, oldest first (the queue to work through), then done ones, newest first."""
    if status is not None and status not in ERASURE_STATUSES:
        raise ValueError(f"status: one of {', '.join(ERASURE_STATUSES)}")
    stmt = _query()
    if status is not None:
        stmt = stmt.where(ErasureRequest.status == status)
    is_done = case((ErasureRequest.status == ERASURE_OPEN, 0), else_=1)
    stmt = stmt.order_by(
        is_done,
        case((ErasureRequest.status == ERASURE_OPEN, ErasureRequest.requested_at)),
        ErasureRequest.done_at.desc(),
        ErasureRequest.id.desc(),
    ).limit(limit)
    return [_view(row) for row in session.execute(stmt)]


@storage_errors
def open_count(session: Session) -> int:
    return session.execute(
        select(func.count(ErasureRequest.id)).where(ErasureRequest.status == ERASURE_OPEN)
    ).scalar_one()


@storage_errors
def load_request(session: Session, request_id: int) -> ErasureView | None:
    row = session.execute(_query().where(ErasureRequest.id == request_id)).first()
    return None if row is None else _view(row)


def carry_out(targets: ErasureTargets, request_id: int, user_id: int) -> ErasureView:
    """Erase what the request covers, as `user_id`, and log it. `targets`: the staff app's, so the erasure
    reaches the tracker store the transcripts are read from. Raises NoSuchRequest, AlreadyDone,
    StorageUnavailable."""
    session_factory = targets.clinic_sessions
    with session_factory() as session:
        before = load_request(session, request_id)
    if before is None:
        raise NoSuchRequest(request_id)
    if before.status == ERASURE_DONE:
        raise AlreadyDone(request_id)
    try:
        done = carry_out_request(targets, request_id, user_id)
    except LookupError:
        raise AlreadyDone(request_id) from None  # carried out between our check and now
    counts = outcome_counts(done.outcome)
    access_log.record(
        session_factory,
        user_id,
        ERASE_ACTION,
        detail=json.dumps({"erasure_request": request_id, "outcome": counts}, sort_keys=True),
    )
    with session_factory() as session:
        view = load_request(session, request_id)
    if view is None:  # erased by someone else in the moment since
        raise NoSuchRequest(request_id)
    return view
