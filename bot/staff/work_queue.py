"""What the staff queues share (urgent alerts, hand-offs): open items first, oldest first (the order to call
in), then the most recently closed ones; the access-log entry of a listing; closing an item once.

Each queue keeps its own view (AlertView, HandoffView) and wording; this module holds only the queries and the
logging they had in common, so a fix to the order or to what is logged reaches both."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.store.db import SessionFactory
from bot.store.models import Intake
from bot.store.staff_models import StaffUser

from . import access_log

V = TypeVar("V")


class QueueItem(Protocol):
    @property
    def is_open(self) -> bool: ...


@dataclass(frozen=True)
class QueueTable:
    """Where a queue lives: its model and the names of its columns for opening and closing."""

    model: Any  # a mapped class with id, conversation_id and status columns
    opened_at: str
    closed_at: str
    closed_by: str
    open_status: str
    closed_status: str

    def column(self, name: str) -> Any:
        return getattr(self.model, name)


def rows_query(table: QueueTable) -> Select:
    """(item, the name of who closed it, the conversation's intake id) per row."""
    model = table.model
    intake_id = select(Intake.id).where(Intake.conversation_id == model.conversation_id).scalar_subquery()
    closed_by = func.coalesce(StaffUser.display_name, StaffUser.username)
    return select(model, closed_by, intake_id).outerjoin(StaffUser, StaffUser.id == table.column(table.closed_by))


def open_then_recent(
    session: Session, table: QueueTable, view: Callable[[Any], V], statuses: Sequence[str], closed_limit: int
) -> list[V]:
    """The open items oldest first, then up to `closed_limit` closed ones newest first (of `statuses`)."""
    model, views = table.model, []
    if table.open_status in statuses:
        stmt = rows_query(table).where(model.status == table.open_status)
        views += [view(row) for row in session.execute(stmt.order_by(table.column(table.opened_at), model.id))]
    if table.closed_status in statuses:
        stmt = (
            rows_query(table)
            .where(model.status == table.closed_status)
            .order_by(table.column(table.closed_at).desc(), model.id.desc())
            .limit(closed_limit)
        )
        views += [view(row) for row in session.execute(stmt)]
    return views


def load(session: Session, table: QueueTable, view: Callable[[Any], V], item_id: int) -> V | None:
    row = session.execute(rows_query(table).where(table.model.id == item_id)).first()
    return None if row is None else view(row)


def record_listing(
    session_factory: SessionFactory, user_id: int, action: str, via: str, items: Sequence[QueueItem]
) -> None:
    """The access-log entry of a view of a queue: where (html, api), how many, how many open."""
    detail = {"via": via, "results": len(items), "open": sum(i.is_open for i in items)}
    access_log.record(session_factory, user_id, action, detail=json.dumps(detail, sort_keys=True))


def close(
    session_factory: SessionFactory,
    table: QueueTable,
    view: Callable[[Any], V],
    item_id: int,
    user_id: int,
    mark: Callable[[SessionFactory, int, int], bool],
    action: str,
    detail_key: str,
    missing: Callable[[int], Exception],
) -> tuple[V, bool]:
    """Closes the item as `user_id` with `mark`; (the item now, whether this call closed it: False when it was
    closed already, perhaps a moment ago by someone else). Raises `missing(item_id)`, StorageUnavailable."""
    changed = mark(session_factory, item_id, user_id)
    if changed:
        access_log.record(session_factory, user_id, action, detail=json.dumps({detail_key: item_id}))
    with session_factory() as session:
        now = load(session, table, view, item_id)
    if now is None:
        raise missing(item_id)
    return now, changed
