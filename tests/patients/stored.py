"""What the assistant stored for a conversation: the intake summary, the bookings, the tracker's slots.

Only the checks read this, after (or, for the fuzz test's booking invariant, between) patient messages; the
simulated patient itself never does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select


@dataclass
class Stored:
    intake: dict[str, Any] | None  # the stored summary JSON, None when no intake was saved
    bookings: list[dict[str, Any]]
    slots: dict[str, Any]


class ClinicDatabase:
    """Reads the clinic database of a running assistant (one engine, reused for every read)."""

    def __init__(self, url: str):
        from bot.store import make_engine, session_factory

        self._engine = make_engine(url)
        self._sessions = session_factory(self._engine)

    def intake(self, sender: str) -> dict[str, Any] | None:
        from bot.store import find_intake

        with self._sessions() as session:
            row = find_intake(session, sender)
            return dict(row.summary) if row is not None else None

    def bookings(self, sender: str) -> list[dict[str, Any]]:
        from bot.store import Booking

        with self._sessions() as session:
            rows = (
                session.execute(select(Booking).where(Booking.conversation_id == sender).order_by(Booking.id))
                .scalars()
                .all()
            )
            return [
                {
                    "reference": b.reference,
                    "status": b.status,
                    "phone": b.phone,
                    "start_at": b.start_at.isoformat(),
                    "practitioner_id": b.practitioner_id,
                    "doctor_review_first": b.doctor_review_first,
                }
                for b in rows
            ]

    def dispose(self) -> None:
        self._engine.dispose()


def read_stored(assistant: Any, database: ClinicDatabase, sender: str) -> Stored:
    try:
        slots = assistant.tracker(sender).get("slots") or {}
    except AssertionError:  # the tracker API refused: report the rest
        slots = {}
    return Stored(database.intake(sender), database.bookings(sender), slots)
