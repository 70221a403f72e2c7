"""The hand-off queue as staff see it (patients who asked to talk to a person), and marking one done.

The conversation records a request (bot.store.handoffs.request_handoff); the navigation shows how many are open
(pages.py) and the hand-offs page lists them with the number to call. Any logged-in staff member may see them
and mark them done. Viewing the queue and marking one done are written to the access log (ids and counts)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

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

from . import work_queue

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


TABLE = work_queue.QueueTable(
    Handoff,
    opened_at="created_at",
    closed_at="done_at",
    closed_by="done_by",
    open_status=HANDOFF_OPEN,
    closed_status=HANDOFF_DONE,
)


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
    return work_queue.open_then_recent(
        session, TABLE, _view, HANDOFF_STATUSES if status == ALL else [status], done_limit
    )


@storage_errors
def load_handoff(session: Session, handoff_id: int) -> HandoffView | None:
    return work_queue.load(session, TABLE, _view, handoff_id)


def record_listing(session_factory: SessionFactory, user_id: int, via: str, items: list[HandoffView]) -> None:
    """The access-log entry of a view of the queue: where (html, api), how many, how many open."""
    work_queue.record_listing(session_factory, user_id, LIST_ACTION, via, items)


def mark(session_factory: SessionFactory, handoff_id: int, user_id: int) -> tuple[HandoffView, bool]:
    """Mark the hand-off done by `user_id`. Returns (the hand-off now, whether this call did it: False when it
    was done already, perhaps a moment ago by someone else). Raises NoSuchHandoff, StorageUnavailable."""
    return work_queue.close(
        session_factory, TABLE, _view, handoff_id, user_id, mark_done, DONE_ACTION, "handoff", NoSuchHandoff
    )
