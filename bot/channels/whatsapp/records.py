"""The WhatsApp channel's database work (tables in bot.store.whatsapp_models), synchronous: the channel runs
these in a thread so the server's event loop is never blocked.

- accept(): persists new message ids before Meta gets its 200 (the dedupe), with what is needed to answer;
- finish(): one transaction marks a message answered, blanks its text, queues its replies in the outbox and
  remembers the choices offered, so a crash at any point neither loses nor repeats a reply;
- the outbox, the 24-hour window's last inbound time, delivery statuses."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.db import SessionFactory, storage_errors, write_session
from bot.store.whatsapp_models import (
    ANSWERED,
    RECEIVED,
    STALE,
    WhatsAppInbound,
    WhatsAppOutbox,
    WhatsAppSender,
    WhatsAppStatus,
)

from .inbound import Incoming, StatusEvent


@dataclass(frozen=True)
class Pending:
    row_id: int
    message_id: str
    conversation_id: str
    sent_at: dt.datetime
    content: dict[str, Any]


@dataclass(frozen=True)
class Queued:
    row_id: int
    conversation_id: str
    body: dict[str, Any]
    attempts: int
    due: dt.datetime


@storage_errors
def accept(
    sessions: SessionFactory,
    messages: list[Incoming],
    statuses: list[StatusEvent],
    now: dt.datetime,
    max_age: dt.timedelta,
) -> list[Pending]:
    """Records the messages not seen before (and the statuses); returns those to answer, in order. A message
    older than `max_age` at arrival is kept as STALE (its id still deduplicates) and not answered."""
    fresh: list[Pending] = []
    for message in messages:
        stale = now - message.sent_at > max_age
        row = WhatsAppInbound(
            message_id=message.message_id,
            conversation_id=message.sender.conversation_id,
            state=STALE if stale else RECEIVED,
            body=None if stale else json.dumps(message.as_record()),
            sent_at=message.sent_at,
            received_at=now,
        )
        try:
            with write_session(sessions) as session:
                session.add(row)
                session.flush()
                _touch_sender(session, message, None if stale else message.sent_at)
        except IntegrityError:  # seen before (a redelivery, perhaps after a restart): answered once only
            continue
        if not stale:
            fresh.append(
                Pending(
                    row.id, message.message_id, message.sender.conversation_id, message.sent_at, message.as_record()
                )
            )
    if statuses:
        with write_session(sessions) as session:
            session.add_all(
                WhatsAppStatus(
                    message_id=s.message_id,
                    conversation_id=s.conversation_id,
                    status=s.status,
                    at=s.at,
                    error_code=s.error_code,
                )
                for s in statuses
            )
    return fresh


def _touch_sender(session, message: Incoming, inbound_at: dt.datetime | None) -> None:
    sender = session.get(WhatsAppSender, message.sender.conversation_id)
    if sender is None:
        sender = WhatsAppSender(
            conversation_id=message.sender.conversation_id,
            recipient=message.sender.recipient,
            recipient_is_phone=int(message.sender.has_phone),
        )
        session.add(sender)
    if inbound_at is not None and (sender.last_inbound_at is None or inbound_at > sender.last_inbound_at):
        sender.last_inbound_at = inbound_at


@storage_errors
def pending(sessions: SessionFactory) -> list[Pending]:
    """Messages acknowledged but not answered (the server stopped in between), oldest first."""
    with sessions() as session:
        rows = session.execute(
            select(WhatsAppInbound).where(WhatsAppInbound.state == RECEIVED).order_by(WhatsAppInbound.id)
        ).scalars()
        return [Pending(r.id, r.message_id, r.conversation_id, r.sent_at, json.loads(r.body or "{}")) for r in rows]


@storage_errors
def finish(
    sessions: SessionFactory,
    row_id: int,
    conversation_id: str,
    bodies: list[dict[str, Any]],
    choices: dict[str, Any] | None,
    now: dt.datetime,
) -> list[int]:
    """Marks the message answered (its text blanked), queues `bodies` due at `now` (the delivery's clock, so
    the outbox and its sender agree on time), stores `choices`; the outbox row ids."""
    with write_session(sessions) as session:
        session.execute(
            update(WhatsAppInbound)
            .where(WhatsAppInbound.id == row_id)
            .values(state=ANSWERED, body=None, answered_at=now)
        )
        rows = [
            WhatsAppOutbox(conversation_id=conversation_id, body=json.dumps(body), attempts=0, next_attempt_at=now)
            for body in bodies
        ]
        session.add_all(rows)
        if choices is not None:
            session.execute(
                update(WhatsAppSender)
                .where(WhatsAppSender.conversation_id == conversation_id)
                .values(choices=json.dumps(choices) if choices else None)
            )
        session.flush()
        return [row.id for row in rows]


@storage_errors
def choices_of(sessions: SessionFactory, conversation_id: str) -> dict[str, Any]:
    with sessions() as session:
        sender = session.get(WhatsAppSender, conversation_id)
        return json.loads(sender.choices) if sender is not None and sender.choices else {}


@dataclass(frozen=True)
class Recipient:
    address: str
    is_phone: bool
    last_inbound_at: dt.datetime | None


@storage_errors
def recipient_of(sessions: SessionFactory, conversation_id: str) -> Recipient | None:
    with sessions() as session:
        sender = session.get(WhatsAppSender, conversation_id)
        if sender is None:
            return None
        return Recipient(sender.recipient, bool(sender.recipient_is_phone), sender.last_inbound_at)


@storage_errors
def queue(sessions: SessionFactory, conversation_id: str, bodies: list[dict[str, Any]], now: dt.datetime) -> None:
    with write_session(sessions) as session:
        session.add_all(
            WhatsAppOutbox(conversation_id=conversation_id, body=json.dumps(b), attempts=0, next_attempt_at=now)
            for b in bodies
        )


@storage_errors
def queued(sessions: SessionFactory, conversation_id: str) -> list[Queued]:
    with sessions() as session:
        rows = session.execute(
            select(WhatsAppOutbox).where(WhatsAppOutbox.conversation_id == conversation_id).order_by(WhatsAppOutbox.id)
        ).scalars()
        return [Queued(r.id, r.conversation_id, json.loads(r.body), r.attempts, r.next_attempt_at) for r in rows]


@storage_errors
def due_conversations(sessions: SessionFactory, now: dt.datetime) -> list[str]:
    with sessions() as session:
        return list(
            session.execute(
                select(WhatsAppOutbox.conversation_id).where(WhatsAppOutbox.next_attempt_at <= now).distinct()
            ).scalars()
        )


@storage_errors
def sent(sessions: SessionFactory, row_id: int) -> None:
    with write_session(sessions) as session:
        session.execute(delete(WhatsAppOutbox).where(WhatsAppOutbox.id == row_id))


@storage_errors
def postpone(sessions: SessionFactory, row_id: int, status: int | None, at: dt.datetime) -> int:
    """Counts a failed attempt and sets the next one; returns the attempts so far."""
    with write_session(sessions) as session:
        row = session.get(WhatsAppOutbox, row_id)
        if row is None:
            return 0
        row.attempts += 1
        row.last_status = status
        row.next_attempt_at = at
        return row.attempts
