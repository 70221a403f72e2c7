"""Stores a confirmed intake: the structured summary built from the slots and the assessment."""
from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache
from typing import Any

from bot.intake.summary import IntakeSummary, build_summary
from bot.pseudonym import pseudonym
from bot.store import engine_from_env, save_summary, session_factory

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def clinic_sessions():
    """One engine per process, from $DATABASE_URL (SQLite file by default)."""
    return session_factory(engine_from_env())


def _flags(flags: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"code": f["code"], "patient_text": f["patient"], "staff_text": f["staff"]} for f in flags]


def summary_for(conversation_id: str, channel: str, slots: dict[str, Any], assessment: dict[str, Any] | None,
                started_at: float | None) -> IntakeSummary:
    clinical = None
    if assessment:
        clinical = {
            "likely_type": assessment["likely_type"],
            "probabilities": assessment["probabilities"],
            "confidence": assessment["confidence"],
            "evidence": assessment.get("evidence") or [],
            "findings": [{"code": code} for code in (assessment.get("facts") or {}).get("findings", [])],
            "red_flags": _flags(assessment.get("red_flags") or []),
            "contraindications": _flags(assessment.get("contraindications") or []),
        }
    now = dt.datetime.now(dt.timezone.utc)
    return build_summary(
        conversation_id=conversation_id,
        channel=channel or "unknown",
        slots=slots,
        assessment=clinical,
        handoff=bool(slots.get("handoff_requested")),
        consent=slots.get("consent") is True,
        started_at=started_at or now,
        completed_at=now,
        handoff_reason="The patient asked for a member of staff." if slots.get("handoff_requested") else None,
    )


def store_intake(summary: IntakeSummary) -> int:
    """Saves (or updates) the intake; raises bot.store.StorageUnavailable when the database is down."""
    intake_id = save_summary(clinic_sessions(), summary)
    log.info("Stored intake %s for conversation %s", intake_id, pseudonym(summary.conversation_id))
    return intake_id
