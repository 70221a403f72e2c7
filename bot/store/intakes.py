"""Saving and finding intakes.

A conversation has one intake. Saving it again with the same content (a retry) changes nothing; saving it
with different content keeps the earlier summary as an IntakeVersion, raises `version` and puts a reviewed
intake back to "new", so what staff reviewed is never replaced silently.

The caller gives plain column values (bot/intake/records.py makes them from a summary): storage knows
tables, not the summary model."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .db import SessionFactory, storage_errors, write_session
from .models import Intake, IntakeVersion, utcnow

NEW = "new"
# Parts of a summary that differ between two saves of the same answers.
_VOLATILE = ("completed_at",)
# The columns an intake is saved with (besides version, review status and times, which are kept here).
INTAKE_COLUMNS = (
    "conversation_id",
    "channel",
    "schema_version",
    "first_name",
    "age",
    "likely_type",
    "confidence",
    "red_flag",
    "contraindication",
    "handoff",
    "consent",
    "summary",
)


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
    session.add(
        IntakeVersion(
            intake_id=row.id,
            version=row.version,
            summary=row.summary,
            review_status=row.review_status,
            saved_at=row.updated_at,
        )
    )
    for key, value in values.items():
        setattr(row, key, value)
    row.version += 1
    row.review_status = NEW  # staff see it again, with the earlier version beside it
    row.updated_at = now
    session.flush()
    return row.id


@storage_errors
def save_intake(session_factory: SessionFactory, values: dict[str, Any]) -> int:
    """Store the intake of values["conversation_id"] (new, unchanged, or a new version); returns its id.

    `values`: every column of INTAKE_COLUMNS; `summary` is the JSON-able summary. Raises StorageUnavailable."""
    missing_or_extra = set(values) ^ set(INTAKE_COLUMNS)
    if missing_or_extra:
        raise ValueError(f"intake columns missing or unknown: {sorted(missing_or_extra)}")
    try:
        with write_session(session_factory) as session:
            return _save(session, values)
    except IntegrityError:
        # Another process inserted the same conversation's first version a moment ago: save on top of it.
        with write_session(session_factory) as session:
            return _save(session, values)


@storage_errors
def find_intake(session: Session, conversation_id: str) -> Intake | None:
    return session.execute(select(Intake).where(Intake.conversation_id == conversation_id)).scalar_one_or_none()
