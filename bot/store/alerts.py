"""Raising urgent staff alerts (the conversation, actions/crisis.py) and handling them (the staff app).

One open alert per conversation and kind: a patient who writes of self-harm again before staff have acted is the
same alert (its phone is filled in if the conversation has one by now). Handling closes it; the next mention
after that raises a new one. An alert holds no words of the patient (bot.store.alert_models)."""

from __future__ import annotations

import re

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .alert_models import ALERT_HANDLED, ALERT_KINDS, ALERT_OPEN, StaffAlert
from .db import SessionFactory, storage_errors, write_session
from .models import utcnow

E164 = re.compile(r"\+[1-9]\d{6,14}")


def _phone(phone: str | None) -> str | None:
    """An E.164 number, or None: a malformed phone must never stop the alert itself."""
    if isinstance(phone, str) and E164.fullmatch(phone.strip()):
        return phone.strip()
    return None


def _raise(session: Session, conversation_id: str, channel: str, kind: str, phone: str | None) -> int:
    existing = (
        session.execute(
            select(StaffAlert)
            .where(
                StaffAlert.conversation_id == conversation_id,
                StaffAlert.kind == kind,
                StaffAlert.status == ALERT_OPEN,
            )
            .with_for_update()
        )
        .scalars()
        .first()
    )
    if existing is not None:
        if phone and existing.phone != phone:
            existing.phone = phone
        return existing.id
    alert = StaffAlert(conversation_id=conversation_id, channel=(channel or "unknown")[:32], kind=kind, phone=phone)
    session.add(alert)
    session.flush()
    return alert.id


@storage_errors
def raise_alert(
    sessions: SessionFactory, conversation_id: str, channel: str, kind: str, phone: str | None = None
) -> int:
    """Raise an urgent alert for this conversation, or return the id of the open one it already has (updating
    its phone when one is known now). `phone`: E.164; anything else is ignored. Raises StorageUnavailable
    when the database cannot be reached, ValueError for an unknown kind."""
    if kind not in ALERT_KINDS:
        raise ValueError(f"alert kind: one of {', '.join(ALERT_KINDS)}")
    if not conversation_id:
        raise ValueError("an alert needs a conversation id")
    phone = _phone(phone)
    try:
        with write_session(sessions) as session:
            return _raise(session, conversation_id, channel, kind, phone)
    except IntegrityError:
        # Another process raised the same alert a moment ago (the partial unique index): that one it is.
        with write_session(sessions) as session:
            return _raise(session, conversation_id, channel, kind, phone)


@storage_errors
def open_alerts(session: Session) -> list[StaffAlert]:
    """The open alerts, oldest first (the order to call the patients in)."""
    return list(
        session.execute(
            select(StaffAlert).where(StaffAlert.status == ALERT_OPEN).order_by(StaffAlert.raised_at, StaffAlert.id)
        ).scalars()
    )


@storage_errors
def open_count(session: Session) -> int:
    return session.execute(select(func.count(StaffAlert.id)).where(StaffAlert.status == ALERT_OPEN)).scalar_one()


@storage_errors
def mark_handled(sessions: SessionFactory, alert_id: int, staff_user_id: int) -> bool:
    """Mark an open alert handled by this staff member, now. True if this call did it; False when there is no
    open alert with that id (unknown, or handled already, perhaps a moment ago by someone else): nothing
    changes then, so a repeated click is harmless. Raises StorageUnavailable."""
    with write_session(sessions) as session:
        changed = session.execute(
            update(StaffAlert)
            .where(StaffAlert.id == alert_id, StaffAlert.status == ALERT_OPEN)
            .values(status=ALERT_HANDLED, handled_at=utcnow(), handled_by=staff_user_id)
            .execution_options(synchronize_session=False)
        ).rowcount
    return bool(changed)
