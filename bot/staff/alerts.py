"""Urgent alerts as staff see them (a patient wrote of self-harm: call them now), and marking one handled.

The conversation raises an alert (bot.store.alerts.raise_alert); every staff page shows a banner while any is
open (pages.py), and the alerts page lists them with the phone to call. Any logged-in staff member may see and
handle them. Viewing the list and handling an alert are written to the access log (ids and counts only)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot.store.alert_models import ALERT_HANDLED, ALERT_OPEN, ALERT_STATUSES, SELF_HARM, StaffAlert
from bot.store.alerts import mark_handled
from bot.store.alerts import open_count as open_count
from bot.store.db import SessionFactory, storage_errors

from . import work_queue

LIST_ACTION = "alerts"
HANDLED_ACTION = "alert_handled"
KIND_LABELS = {SELF_HARM: "Self-harm or hopelessness"}
HANDLED_SHOWN = 100  # the most recent handled alerts under the open ones


class NoSuchAlert(LookupError):
    """No alert with that id (404)."""


@dataclass
class AlertView:
    id: int
    conversation_id: str
    channel: str
    kind: str
    phone: str | None
    status: str
    raised_at: dt.datetime
    handled_at: dt.datetime | None
    handled_by: str | None
    intake_id: int | None  # the conversation's intake, if it has one: its page shows the transcript

    @property
    def is_open(self) -> bool:
        return self.status == ALERT_OPEN

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key in ("raised_at", "handled_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


TABLE = work_queue.QueueTable(
    StaffAlert,
    opened_at="raised_at",
    closed_at="handled_at",
    closed_by="handled_by",
    open_status=ALERT_OPEN,
    closed_status=ALERT_HANDLED,
)


def _view(row) -> AlertView:
    alert, handled_by, intake_id = row
    return AlertView(
        id=alert.id,
        conversation_id=alert.conversation_id,
        channel=alert.channel,
        kind=alert.kind,
        phone=alert.phone,
        status=alert.status,
        raised_at=alert.raised_at,
        handled_at=alert.handled_at,
        handled_by=handled_by,
        intake_id=intake_id,
    )


@storage_errors
def list_alerts(session: Session, status: str | None = None, handled_limit: int = HANDLED_SHOWN) -> list[AlertView]:
    """Open alerts first, oldest first (the order to call in), then up to `handled_limit` handled ones, newest
    first. `status`: only "open" or only "handled" ones."""
    if status is not None and status not in ALERT_STATUSES:
        raise ValueError(f"status: one of {', '.join(ALERT_STATUSES)}")
    return work_queue.open_then_recent(session, TABLE, _view, [status] if status else ALERT_STATUSES, handled_limit)


@storage_errors
def load_alert(session: Session, alert_id: int) -> AlertView | None:
    return work_queue.load(session, TABLE, _view, alert_id)


def record_listing(session_factory: SessionFactory, user_id: int, via: str, alerts: list[AlertView]) -> None:
    """The access-log entry of a view of the alerts: where (html, api), how many, how many open."""
    work_queue.record_listing(session_factory, user_id, LIST_ACTION, via, alerts)


def handle(session_factory: SessionFactory, alert_id: int, user_id: int) -> tuple[AlertView, bool]:
    """Mark the alert handled by `user_id`. Returns (the alert now, whether this call handled it: False when it
    was handled already, perhaps a moment ago by someone else). Raises NoSuchAlert, StorageUnavailable."""
    return work_queue.close(
        session_factory, TABLE, _view, alert_id, user_id, mark_handled, HANDLED_ACTION, "alert", NoSuchAlert
    )
