"""Hand-offs: a patient asked to talk to a person, and staff must call them back.

A hand-off says which conversation, on which channel, the number to call (E.164, once the patient gave it or
their channel tells it), why (a reason code, and at most a short line of the patient's own words when they
agreed to the questions), when it was asked, and who marked it done when. Nothing else of the conversation."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, text

from .models import Base, UTCDateTime, utcnow

HANDOFF_OPEN = "open"
HANDOFF_DONE = "done"
HANDOFF_STATUSES = (HANDOFF_OPEN, HANDOFF_DONE)
# Where the patient was when they asked (staff see it as words: bot/staff/handoffs.py).
BEFORE_INTAKE = "asked_before_intake"
DURING_INTAKE = "asked_during_intake"
AFTER_INTAKE = "asked_after_intake"
WITHOUT_CONSENT = "asked_without_consent"
REASONS = (BEFORE_INTAKE, DURING_INTAKE, AFTER_INTAKE, WITHOUT_CONSENT)
WORDS_MAX = 200  # the patient's own words, at most one short line: the transcript has the rest
_OPEN = text("status = 'open'")


class Handoff(Base):
    """One open hand-off per conversation (the partial unique index): asking again while it is open updates it.
    `done_by`/`done_at` say which staff member marked it done and when."""

    __tablename__ = "handoffs"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False)
    channel = Column(String(32), nullable=False)
    phone = Column(String(20))  # E.164; None until the patient gives one
    reason = Column(String(32), nullable=False)
    patient_words = Column(String(WORDS_MAX))  # only with the patient's consent
    status = Column(String(16), nullable=False, default=HANDOFF_OPEN, server_default=HANDOFF_OPEN)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow)
    done_at = Column(UTCDateTime)
    done_by = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_handoffs_status", "status"),
        Index("ix_handoffs_conversation_id", "conversation_id"),
        Index(
            "uq_handoffs_open_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=_OPEN,
            postgresql_where=_OPEN,
        ),
    )
