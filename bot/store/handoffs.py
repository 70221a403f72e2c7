"""Recording hand-off requests (the conversation, actions/handoff.py) and marking them done (the staff app).

One open hand-off per conversation: a patient who asks again, or gives their number after asking, updates the
open one (a number once known is never cleared by a later request without one). Marking it done closes it; the
next request after that opens a new one."""

from __future__ import annotations

import re

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .db import SessionFactory, storage_errors, write_session
from .handoff_models import HANDOFF_DONE, HANDOFF_OPEN, REASONS, WORDS_MAX, Handoff
from .models import utcnow

E164 = re.compile(r"\+[1-9]\d{6,14}")
_SPACES = re.compile(r"\s+")


def _phone(phone: str | None) -> str | None:
    """An E.164 number, or None: a malformed phone must never stop the request itself."""
    if isinstance(phone, str) and E164.fullmatch(phone.strip()):
        return phone.strip()
    return None


def _words(words: str | None) -> str | None:
    """One short line: whitespace folded, cut at WORDS_MAX characters."""
    if not isinstance(words, str):
        return None
    line = _SPACES.sub(" ", words).strip()
    if not line:
        return None
    return line if len(line) <= WORDS_MAX else line[: WORDS_MAX - 1].rstrip() + "…"


def _request(
    session: Session, conversation_id: str, channel: str, reason: str, phone: str | None, words: str | None
) -> int:
    existing = session.execute(
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id, Handoff.status == HANDOFF_OPEN)
        .with_for_update()
    ).scalar_one_or_none()
    if existing is not None:
        existing.reason = reason
        existing.phone = phone or existing.phone
        existing.patient_words = words or existing.patient_words
        existing.updated_at = utcnow()
        return existing.id
    handoff = Handoff(
        conversation_id=conversation_id,
        channel=(channel or "unknown")[:32],
        reason=reason,
        phone=phone,
        patient_words=words,
    )
    session.add(handoff)
    session.flush()
    return handoff.id


@storage_errors
def request_handoff(
    sessions: SessionFactory,
    conversation_id: str,
    channel: str,
    reason: str,
    phone: str | None = None,
    words: str | None = None,
) -> int:
    """Record that this conversation asked for a person, or update its open request; returns its id.

    `phone`: E.164 (anything else is ignored); `words`: the patient's own short reason, only when they agreed
    to the questions (the caller decides). Raises StorageUnavailable, ValueError for an unknown reason."""
    if reason not in REASONS:
        raise ValueError(f"hand-off reason: one of {', '.join(REASONS)}")
    if not conversation_id:
        raise ValueError("a hand-off needs a conversation id")
    phone, words = _phone(phone), _words(words)
    try:
        with write_session(sessions) as session:
            return _request(session, conversation_id, channel, reason, phone, words)
    except IntegrityError:
        # Another process opened it a moment ago (the partial unique index): update that one.
        with write_session(sessions) as session:
            return _request(session, conversation_id, channel, reason, phone, words)


@storage_errors
def open_handoff(session: Session, conversation_id: str) -> Handoff | None:
    """The conversation's open hand-off, if any."""
    return session.execute(
        select(Handoff).where(Handoff.conversation_id == conversation_id, Handoff.status == HANDOFF_OPEN)
    ).scalar_one_or_none()


@storage_errors
def open_count(session: Session) -> int:
    return session.execute(select(func.count(Handoff.id)).where(Handoff.status == HANDOFF_OPEN)).scalar_one()


@storage_errors
def mark_done(sessions: SessionFactory, handoff_id: int, staff_user_id: int) -> bool:
    """Mark an open hand-off done by this staff member, now. True if this call did it; False when there is no
    open hand-off with that id (unknown, or done already): nothing changes then, so a repeated click is
    harmless. Raises StorageUnavailable."""
    with write_session(sessions) as session:
        changed = session.execute(
            update(Handoff)
            .where(Handoff.id == handoff_id, Handoff.status == HANDOFF_OPEN)
            .values(status=HANDOFF_DONE, done_at=utcnow(), done_by=staff_user_id)
            .execution_options(synchronize_session=False)
        ).rowcount
    return bool(changed)
