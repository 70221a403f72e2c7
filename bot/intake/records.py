"""An intake summary as the clinic database keeps it: its columns, and saving and reading it.

bot.store knows tables, not the summary model: this module turns a summary into the plain column values
it stores, and a stored summary back into the model."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from bot.intake.questions import SKIPPED
from bot.intake.summary import IntakeSummary
from bot.store.db import SessionFactory
from bot.store.intakes import find_intake, save_intake


def summary_columns(summary: IntakeSummary) -> dict[str, Any]:
    """The columns an intake is stored with: the summary itself, and what the staff list sorts and filters on."""
    answers = summary.answers.dict()
    likely = summary.likely_type
    return {
        "conversation_id": summary.conversation_id,
        "channel": summary.channel,
        "schema_version": summary.schema_version,
        "first_name": answers["first_name"] if answers["first_name"] != SKIPPED else None,
        "age": answers["age"] if isinstance(answers["age"], int) else None,
        "likely_type": likely.code if likely else None,
        "confidence": likely.confidence if likely else None,
        "red_flag": bool(summary.red_flags),
        "contraindication": bool(summary.contraindications),
        "handoff": summary.handoff.requested,
        "consent": summary.consent.given,
        # Through JSON text so datetimes become ISO strings the same way on every database.
        "summary": json.loads(summary.json()),
    }


def save_summary(session_factory: SessionFactory, summary: IntakeSummary) -> int:
    """Store the intake of summary.conversation_id (new, unchanged, or a new version); returns its id.

    Raises bot.store.StorageUnavailable."""
    return save_intake(session_factory, summary_columns(summary))


def load_summary(session: Session, conversation_id: str) -> IntakeSummary | None:
    row = find_intake(session, conversation_id)
    return None if row is None else IntakeSummary.parse_obj(row.summary)
