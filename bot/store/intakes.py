"""Saving and reading intake summaries.

A conversation has one intake. Saving it again with the same content (a retry) changes nothing; saving it
with different content keeps the earlier summary as an IntakeVersion, raises `version` and puts a reviewed
intake back to "new", so what staff reviewed is never replaced silently."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .db import SessionFactory, storage_errors, write_session
from .models import Intake, IntakeVersion, utcnow

if TYPE_CHECKING:  # the store sits below bot.intake; import only for type hints
    from bot.intake.summary import IntakeSummary

NEW = "new"
# Parts of a summary that differ between two saves of the same answers.
_VOLATILE = ("completed_at",)


def _columns(summary: "IntakeSummary") -> dict:
    a = summary.answers
    likely = summary.likely_type
    return {
        "conversation_id": summary.conversation_id,
        "channel": summary.channel,
        "schema_version": summary.schema_version,
        "first_name": a.first_name if a.first_name != "skipped" else None,
        "age": a.age if isinstance(a.age, int) else None,
        "likely_type": likely.code if likely else None,
        "confidence": likely.confidence if likely else None,
        "red_flag": bool(summary.red_flags),
        "contraindication": bool(summary.contraindications),
        "handoff": summary.handoff.requested,
        "consent": summary.consent.given,
        # Through JSON text so datetimes become ISO strings the same way on every database.
        "summary": json.loads(summary.json()),
    }


def _same_content(old: dict, new: dict) -> bool:
    return {k: v for k, v in old.items() if k not in _VOLATILE} == {k: v for k, v in new.items() if k not in _VOLATILE}


def _save(session: Session, values: dict) -> int:
    row = session.execute(
        select(Intake).where(Intake.conversation_id == values["conversation_id"]).with_for_update()
    ).scalar_one_or_none()
    now = utcnow()
    if row is None:
        row = Intake(**values, version=1, created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        return row.id
    if _same_content(row.summary, values["summary"]):
        return row.id
    session.add(IntakeVersion(intake_id=row.id, version=row.version, summary=row.summary,
                              review_status=row.review_status, saved_at=row.updated_at))
    for key, value in values.items():
        setattr(row, key, value)
    row.version += 1
    row.review_status = NEW  # staff see it again, with the earlier version beside it
    row.updated_at = now
    session.flush()
    return row.id


@storage_errors
def save_summary(session_factory: SessionFactory, summary: "IntakeSummary") -> int:
    """Store the intake of summary.conversation_id (new, unchanged, or a new version); returns its id.

    Raises StorageUnavailable."""
    values = _columns(summary)
    try:
        with write_session(session_factory) as session:
            return _save(session, values)
    except IntegrityError:
        # Another process inserted the same conversation's first version a moment ago: save on top of it.
        with write_session(session_factory) as session:
            return _save(session, values)


@storage_errors
def find_intake(session: Session, conversation_id: str) -> Optional[Intake]:
    return session.execute(
        select(Intake).where(Intake.conversation_id == conversation_id)
    ).scalar_one_or_none()


@storage_errors
def load_summary(session: Session, conversation_id: str) -> Optional["IntakeSummary"]:
    from bot.intake.summary import IntakeSummary

    row = find_intake(session, conversation_id)
    return None if row is None else IntakeSummary.parse_obj(row.summary)
