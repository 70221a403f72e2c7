"""Urgent staff alerts: a patient wrote of self-harm or hopelessness, and staff must call them now.

An alert says which conversation, on which channel, what kind, the patient's phone when the conversation has one,
when it was raised, and who handled it when. Never the patient's words: staff read those in the transcript."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, text

from .models import Base, UTCDateTime, utcnow

ALERT_OPEN = "open"
ALERT_HANDLED = "handled"
ALERT_STATUSES = (ALERT_OPEN, ALERT_HANDLED)
SELF_HARM = "self_harm"
ALERT_KINDS = (SELF_HARM,)
_OPEN = text("status = 'open'")


class StaffAlert(Base):
    """One open alert per conversation and kind (the partial unique index): raising it again while it is open
    is the same alert. `handled_by`/`handled_at` say which staff member acted on it and when."""

    __tablename__ = "staff_alerts"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False)
    channel = Column(String(32), nullable=False)
    kind = Column(String(32), nullable=False)
    phone = Column(String(20))  # E.164, when the conversation has one
    status = Column(String(16), nullable=False, default=ALERT_OPEN, server_default=ALERT_OPEN)
    raised_at = Column(UTCDateTime, nullable=False, default=utcnow)
    handled_at = Column(UTCDateTime)
    handled_by = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_staff_alerts_status", "status"),
        Index("ix_staff_alerts_conversation_id", "conversation_id"),
        Index(
            "uq_staff_alerts_open_conversation_kind",
            "conversation_id",
            "kind",
            unique=True,
            sqlite_where=_OPEN,
            postgresql_where=_OPEN,
        ),
    )
