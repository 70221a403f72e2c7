"""Appointment reminders: one row per booking, written when the day-before reminder was sent or listed.

`how` says which way (a WhatsApp template queued in the WhatsApp outbox, or a call staff must make), `outcome`
what came of it so far. The unique booking id is what makes the reminder job safe to run again: a second run
finds the row and does nothing. Rows go with their booking (ON DELETE CASCADE) and with their conversation
(erasure, retention: bot.privacy). No patient words: ids, times, codes."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String

from .models import Base, UTCDateTime, utcnow

BY_WHATSAPP = "whatsapp"  # the approved template, queued for the Rasa server's WhatsApp outbox loop
BY_CALL = "call"  # listed for staff to call
REMINDER_WAYS = (BY_WHATSAPP, BY_CALL)
QUEUED = "queued"  # in the WhatsApp outbox (its loop sends it; delivery statuses are the channel's records)
TO_CALL = "to_call"  # on the "Reminders to call" list
CALLED = "called"  # a staff member marked the call made
REMINDER_OUTCOMES = (QUEUED, TO_CALL, CALLED)


class Reminder(Base):
    __tablename__ = "reminders"

    id = Column(Integer, primary_key=True)
    booking_id = Column(Integer, ForeignKey("bookings.id", ondelete="CASCADE"), nullable=False, unique=True)
    conversation_id = Column(String(128), nullable=False)
    how = Column(String(16), nullable=False)
    outcome = Column(String(16), nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    called_at = Column(UTCDateTime)
    called_by = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))

    __table_args__ = (Index("ix_reminders_conversation_id", "conversation_id"),)
