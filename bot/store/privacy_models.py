"""Privacy tables: patients' requests to erase their data, carried out by staff from the staff app."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text

from .models import Base, UTCDateTime, utcnow

ERASURE_OPEN = "open"
ERASURE_DONE = "done"
ERASURE_STATUSES = (ERASURE_OPEN, ERASURE_DONE)


class ErasureRequest(Base):
    """A patient asked (and confirmed) to have their data deleted. `done_by`/`done_at` say which staff member
    carried it out and when; `outcome` says what was erased (counts only, never patient data)."""

    __tablename__ = "erasure_requests"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False)
    channel = Column(String(32), nullable=False)
    status = Column(String(16), nullable=False, default=ERASURE_OPEN, server_default=ERASURE_OPEN)
    requested_at = Column(UTCDateTime, nullable=False, default=utcnow)
    done_at = Column(UTCDateTime)
    done_by = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    outcome = Column(Text)

    __table_args__ = (
        Index("ix_erasure_requests_status", "status"),
        Index("ix_erasure_requests_conversation_id", "conversation_id"),
    )
