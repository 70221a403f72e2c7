"""Saving and reading intake summaries. Saving is an upsert on conversation_id, so a retry never duplicates."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Optional

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .db import SessionFactory, storage_errors, write_session
from .models import Intake, utcnow

if TYPE_CHECKING:  # the store sits below bot.intake; import only for type hints
    from bot.intake.summary import IntakeSummary

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


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
        "updated_at": utcnow(),
    }


@storage_errors
def save_summary(session_factory: SessionFactory, summary: "IntakeSummary") -> int:
    """Insert or update the intake for summary.conversation_id; returns the intake id.

    An update keeps created_at and the staff's review_status. Raises StorageUnavailable."""
    values = _columns(summary)
    with write_session(session_factory) as session:
        insert = _INSERTS.get(session.bind.dialect.name)
        if insert is not None:
            stmt = insert(Intake).values(created_at=values["updated_at"], **values)
            stmt = stmt.on_conflict_do_update(
                index_elements=[Intake.conversation_id],
                set_={k: stmt.excluded[k] for k in values if k != "conversation_id"},
            )
            session.execute(stmt)
        else:  # another database: read-then-write inside the transaction
            row = session.execute(
                select(Intake).where(Intake.conversation_id == summary.conversation_id)
            ).scalar_one_or_none()
            if row is None:
                session.add(Intake(**values))
            else:
                for k, v in values.items():
                    setattr(row, k, v)
            session.flush()
        return session.execute(
            select(Intake.id).where(Intake.conversation_id == summary.conversation_id)
        ).scalar_one()


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
