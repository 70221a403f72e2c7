"""The access log: which staff member opened which intake (or exported which list), when."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from sqlalchemy import select

from bot.store.db import SessionFactory, write_session
from bot.store.models import Intake
from bot.store.staff_models import AccessLogEntry, StaffUser


def record(session_factory: SessionFactory, user_id: int, action: str, intake_id: Optional[int] = None,
           detail: Optional[str] = None) -> None:
    with write_session(session_factory) as session:
        session.add(AccessLogEntry(user_id=user_id, intake_id=intake_id, action=action,
                                   detail=(detail or None) and detail[:1000]))


def recent(session_factory: SessionFactory, limit: int = 200, offset: int = 0) -> List[Dict[str, Any]]:
    """The newest entries across all intakes (admin page)."""
    with session_factory() as session:
        rows = session.execute(
            select(AccessLogEntry, StaffUser.username, Intake.first_name)
            .outerjoin(StaffUser, StaffUser.id == AccessLogEntry.user_id)
            .outerjoin(Intake, Intake.id == AccessLogEntry.intake_id)
            .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc()).limit(limit).offset(offset)
        )
        return [{"at": e.at, "user": user or "(removed user)", "action": e.action, "intake_id": e.intake_id,
                 "first_name": name, "detail": e.detail} for e, user, name in rows]
