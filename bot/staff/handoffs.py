"""The hand-off queue as staff see it (patients who asked to talk to a person), and marking one done.

The conversation records a request (bot.store.handoffs.request_handoff); the navigation shows how many are open
(pages.py) and the hand-offs page lists them with the number to call. Any logged-in staff member may see them
and mark them done. Viewing the queue and marking one done are written to the access log (ids and counts)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.booking.phones import display_phone
from bot.store.db import SessionFactory, storage_errors
from bot.store.handoff_models import (
    AFTER_INTAKE,
    BEFORE_INTAKE,
    DURING_INTAKE,
    HANDOFF_DONE,
    HANDOFF_OPEN,
    HANDOFF_STATUSES,
    WITHOUT_CONSENT,
    Handoff,
)
from bot.store.handoffs import mark_done
from bot.store.handoffs import open_count as open_count
from bot.store.models import Intake
from bot.store.staff_models import StaffUser

from . import access_log

LIST_ACTION = "handoffs"
DONE_ACTION = "handoff_done"
ALL = "all"
FILTERS = (*HANDOFF_STATUSES, ALL)
DONE_SHOWN = 100  # the most recent done hand-offs under the open ones
REASON_LABELS = {
    BEFORE_INTAKE: "Asked before the questions",
    DURING_INTAKE: "Asked during the questions",
    AFTER_INTAKE: "Asked after the intake",
    WITHOUT_CONSENT: "Asked without agreeing to the questions",
}
CHANNEL_LABELS = {"web": "Website chat", "whatsapp": "WhatsApp", "rest": "Messaging bridge"}


class NoSuchHandoff(LookupError):
    """No hand-off with that id (404)."""


@dataclass
class HandoffView:
    id: int
    conversation_id: str
    channel: str
    phone: str | None
    reason: str
    patient_words: str | None
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    done_at: dt.datetime | None
    done_by: str | None
    intake_id: int | None  # the conversation's intake, if it has one: its page shows the transcript

    @property
    def is_open(self) -> bool:
        return self.status == HANDOFF_OPEN

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS.get(self.channel, self.channel)

    @property
    def phone_display(self) -> str:
        """'+92 300 1234567', as staff dial it."""
        return display_phone(self.phone) if self.phone else ""

    @property
    def tel_href(self) -> str:
        return f"tel:{self.phone}" if self.phone else ""

    @property
    def whatsapp_href(self) -> str:
        return f"https://wa.me/{self.phone.lstrip('+')}" if self.phone else ""

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key in ("created_at", "updated_at", "done_at"):
            data[key] = data[key].isoformat() if data[key] else None
        data["reason_label"] = self.reason_label
        return data


def _query():
    intake_id = select(Intake.id).where(Intake.conversation_id == Handoff.conversation_id).scalar_subquery()
    done_by = func.coalesce(StaffUser.display_name, StaffUser.username)
    return select(Handoff, done_by, intake_id).outerjoin(StaffUser, StaffUser.id == Handoff.done_by)


def _view(row) -> HandoffView:
    handoff, done_by, intake_id = row
    return HandoffView(
        id=handoff.id,
        conversation_id=handoff.conversation_id,
        channel=handoff.channel,
        phone=handoff.phone,
        reason=handoff.reason,
        patient_words=handoff.patient_words,
        status=handoff.status,
        created_at=handoff.created_at,
        updated_at=handoff.updated_at,
        done_at=handoff.done_at,
        done_by=done_by,
        intake_id=intake_id,
    )


@storage_errors
def list_handoffs(session: Session, status: str = ALL, done_limit: int = DONE_SHOWN) -> list[HandoffView]:
    """Open hand-offs first, oldest first (the order to call back in), then up to `done_limit` done ones,
    newest first. `status`: "open", "done" or "all". Raises ValueError for anything else."""
    if status not in FILTERS:
        raise ValueError(f"status: one of {', '.join(FILTERS)}")
    views: list[HandoffView] = []
    if status in (ALL, HANDOFF_OPEN):
        stmt = _query().where(Handoff.status == HANDOFF_OPEN).order_by(Handoff.created_at, Handoff.id)
        views += [_view(row) for row in session.execute(stmt)]
    if status in (ALL, HANDOFF_DONE):
        stmt = (
            _query()
            .where(Handoff.status == HANDOFF_DONE)
            .order_by(Handoff.done_at.desc(), Handoff.id.desc())
            .limit(done_limit)
        )
        views += [_view(row) for row in session.execute(stmt)]
    return views


@storage_errors
def load_handoff(session: Session, handoff_id: int) -> HandoffView | None:
    row = session.execute(_query().where(Handoff.id == handoff_id)).first()
    return None if row is None else _view(row)


def record_listing(session_factory: SessionFactory, user_id: int, via: str, items: list[HandoffView]) -> None:
    """The access-log entry of a view of the queue: where (html, api), how many, how many open."""
    detail = {"via": via, "results": len(items), "open": sum(h.is_open for h in items)}
    access_log.record(session_factory, user_id, LIST_ACTION, detail=json.dumps(detail, sort_keys=True))


def mark(session_factory: SessionFactory, handoff_id: int, user_id: int) -> tuple[HandoffView, bool]:
    """Mark the hand-off done by `user_id`. Returns (the hand-off now, whether this call did it: False when it
    was done already, perhaps a moment ago by someone else). Raises NoSuchHandoff, StorageUnavailable."""
    changed = mark_done(session_factory, handoff_id, user_id)
    if changed:
        access_log.record(session_factory, user_id, DONE_ACTION, detail=json.dumps({"handoff": handoff_id}))
    with session_factory() as session:
        view = load_handoff(session, handoff_id)
    if view is None:
        raise NoSuchHandoff(handoff_id)
    return view, changed
