"""The access log: which staff member opened which intake, listed or searched which intakes (with the filters
and search terms: this is the audit trail, kept in the clinic database and never in log files), exported
which list, or carried out which erasure request, and when."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from bot.store.db import SessionFactory, write_session
from bot.store.models import Intake
from bot.store.staff_models import AccessLogEntry, StaffUser

from .safe_text import encodable

MAX_DETAIL = 1000
# How a patient was told of a change to their appointment (patient_notice.py's codes), in staff's words.
TOLD = {
    "whatsapp_text": "patient told on WhatsApp",
    "whatsapp_template": "patient told on WhatsApp (template)",
    "call": "patient to be called",
}


def record(
    session_factory: SessionFactory, user_id: int, action: str, intake_id: int | None = None, detail: str | None = None
) -> None:
    detail = encodable(detail)[:MAX_DETAIL] if detail else None
    with write_session(session_factory) as session:
        session.add(AccessLogEntry(user_id=user_id, intake_id=intake_id, action=action, detail=detail))


def listing_action(filters: Mapping[str, str]) -> str:
    """A list with a search term is a "search" (a name, phone or reference looked up), else a "list"."""
    return "search" if filters.get("q") else "list"


def record_listing(
    session_factory: SessionFactory,
    user_id: int,
    action: str,
    filters: Mapping[str, str],
    results: int,
    via: str,
    page: int | None = None,
) -> None:
    """A list view, search or export: the filters as given, how many intakes matched, and where (html, api,
    csv). The filter values are bounded (search terms at 100 characters), so the detail fits."""
    detail: dict[str, Any] = {"via": via, "filters": dict(filters), "results": results}
    if page is not None:
        detail["page"] = page
    record(session_factory, user_id, action, detail=json.dumps(detail, ensure_ascii=False, sort_keys=True))


def describe(detail: str | None) -> str:
    """An entry's detail as staff read it: "html · 3 results · q=ham, red_flag=yes" for listings."""
    if not detail:
        return ""
    try:
        data = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(data, dict):
        return detail
    parts = []
    if "via" in data:
        parts.append(str(data["via"]))
    if "results" in data:
        parts.append(f"{data['results']} result{'' if data['results'] == 1 else 's'}")
    if data.get("page") not in (None, 1):
        parts.append(f"page {data['page']}")
    filters = data.get("filters")
    if isinstance(filters, dict):
        parts.append(", ".join(f"{k}={v}" for k, v in sorted(filters.items())) or "no filters")
    if "erasure_request" in data:
        parts.append(f"erasure request #{data['erasure_request']}")
    if "alert" in data:
        parts.append(f"urgent alert #{data['alert']}")
    if "handoff" in data:
        parts.append(f"hand-off #{data['handoff']}")
    if "appointment" in data:
        parts.append(f"appointment {data['appointment']}")
    if data.get("patient_told") in TOLD:
        parts.append(TOLD[data["patient_told"]])
    outcome = data.get("outcome")
    if isinstance(outcome, dict):
        parts.append("erased: " + (", ".join(f"{k} {v}" for k, v in outcome.items()) or "nothing"))
    return " · ".join(parts) if parts else detail


def recent(session_factory: SessionFactory, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
    """The newest entries across all intakes (admin page)."""
    with session_factory() as session:
        rows = session.execute(
            select(AccessLogEntry, StaffUser.username, Intake.first_name)
            .outerjoin(StaffUser, StaffUser.id == AccessLogEntry.user_id)
            .outerjoin(Intake, Intake.id == AccessLogEntry.intake_id)
            .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [
            {
                "at": e.at,
                "user": user or "(removed user)",
                "action": e.action,
                "intake_id": e.intake_id,
                "first_name": name,
                "detail": e.detail,
            }
            for e, user, name in rows
        ]
