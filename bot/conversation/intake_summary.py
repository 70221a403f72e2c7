"""The structured summary of a confirmed intake, built from the conversation's slots and its assessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.conversation.slot_names import CONSENT, DESCRIPTION_READING, HANDOFF
from bot.intake.summary import IntakeSummary, build_summary


def _flags(flags: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The summary's flags; `refer_to` (who should see the patient first) where the flag names someone."""
    return [
        {"code": f["code"], "patient_text": f["patient"], "staff_text": f["staff"]}
        | ({"refer_to": f["refer_to"]} if f.get("refer_to") else {})
        for f in flags
    ]


# What the staff sheet shows of a finding: the phrase found, what it was read as, and how it was said.
_FINDING_KEYS = ("code", "text", "negated", "subject", "uncertain", "past")


def _findings(slots: dict[str, Any], assessment: dict[str, Any]) -> list[dict[str, Any]]:
    """The description's findings with the phrase each was found in ("“in bunches” → shedding_clumps"), from
    the reading kept with the description; else only the codes the assessment used."""
    kept = slots.get(DESCRIPTION_READING)
    if isinstance(kept, dict) and kept.get("text") == slots.get("description"):
        found = ((kept.get("understanding") or {}).get("findings")) or []
        return [{k: f[k] for k in _FINDING_KEYS if k in f} for f in found if isinstance(f, dict) and f.get("code")]
    return [{"code": code} for code in (assessment.get("facts") or {}).get("findings", [])]


def summary_for(
    conversation_id: str,
    channel: str,
    slots: dict[str, Any],
    assessment: dict[str, Any] | None,
    started_at: float | None,
) -> IntakeSummary:
    """The summary to store: the answers in `slots`, bot.clinical's `assessment` (as kept in its slot)."""
    clinical = None
    if assessment:
        clinical = {
            "likely_type": assessment["likely_type"],
            "probabilities": assessment["probabilities"],
            "confidence": assessment["confidence"],
            "unclear_reason": assessment.get("unclear_reason"),
            "evidence": assessment.get("evidence") or [],
            "findings": _findings(slots, assessment),
            "red_flags": _flags(assessment.get("red_flags") or []),
            "contraindications": _flags(assessment.get("contraindications") or []),
        }
    now = dt.datetime.now(dt.timezone.utc)
    return build_summary(
        conversation_id=conversation_id,
        channel=channel or "unknown",
        slots=slots,
        assessment=clinical,
        handoff=bool(slots.get(HANDOFF)),
        consent=slots.get(CONSENT) is True,
        started_at=started_at or now,
        completed_at=now,
        handoff_reason="The patient asked for a member of staff." if slots.get(HANDOFF) else None,
    )
