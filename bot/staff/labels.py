"""Words for codes: hair-loss types, review statuses, booking statuses, answers (from questions.yml)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from bot.clinical.assessment import TYPES, UNCLEAR
from bot.intake.questions import OTHER, SKIPPED, question
from bot.store.staff_models import REVIEW_STATUSES

CLINIC_TZ = ZoneInfo("Asia/Karachi")  # the clinic's time zone (bot/booking/schedule.yml); staff read local times

TYPE_CODES = (*TYPES, UNCLEAR)
TYPE_LABELS: dict[str, str] = {code: code.replace("_", " ").capitalize() for code in TYPE_CODES}
REVIEW_LABELS = {"new": "New", "reviewed": "Reviewed", "needs_follow_up": "Needs follow-up"}
BOOKING_FILTERS = ("booked", "cancelled", "none")
BOOKING_LABELS = {"booked": "Booked", "cancelled": "Cancelled", "none": "No booking"}
assert set(REVIEW_LABELS) == set(REVIEW_STATUSES)


def type_label(code: str | None) -> str:
    if not code:
        return "—"
    return TYPE_LABELS.get(code, code)


def local(when: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return "" if when is None else when.astimezone(CLINIC_TZ).strftime(fmt)


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}%"


def answer_text(slot: str, value: Any, own_words: str | None = None) -> str:
    """An answer as staff read it: button titles for codes, 'yes'/'no', days as days, and the patient's own
    words verbatim where their answer fits no option (Other: "iron tablets")."""
    if value is None:
        return "not asked"
    if value == SKIPPED:
        return "skipped"
    if value == OTHER:
        return f'Other: "{own_words}"' if own_words else "Other (not said which)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(answer_text(slot, v, own_words) for v in value) if value else "none of these"
    try:
        q = question(slot)
    except KeyError:
        return str(value)
    if q.kind == "duration":
        return f"{value} days" + (f" ({q.title_of(str(value))})" if q.title_of(str(value)) else "")
    return q.title_of(value) or q.title_of(str(value)) or str(value)


def question_text(slot: str) -> str:
    try:
        return question(slot).ask
    except KeyError:
        return slot


def split_evidence(evidence: list[Any], likely: str | None) -> dict[str, list[str]]:
    """The assessment's evidence as lines for and against the likely type (others: neither / plain text)."""
    out: dict[str, list[str]] = {"for": [], "against": [], "other": []}
    for item in evidence or []:
        if isinstance(item, dict):
            text = item.get("staff") or item.get("patient") or item.get("code") or str(item)
            effects = item.get("effects") or {}
            weight = effects.get(likely) if likely else None
            if weight is None and "weight" in item and not effects:
                weight = item.get("weight")
            detail = ", ".join(f"{w:+.1f} {type_label(t)}" for t, w in effects.items()) if effects else ""
            line = f"{text} ({detail})" if detail else str(text)
            if weight is not None and weight > 0:
                out["for"].append(line)
            elif weight is not None and weight < 0:
                out["against"].append(line)
            else:
                out["other"].append(line)
        else:
            out["other"].append(str(item))
    return out
