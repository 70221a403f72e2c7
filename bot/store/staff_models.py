"""Staff tables: accounts, server-side sessions, API tokens, login attempts, review work and the access log.

They attach to bot.store.models.metadata (one schema, one migration history). Rows that belong to an intake
are deleted with it (ON DELETE CASCADE), so removing an intake never leaves staff notes pointing nowhere."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, String, Text

from .models import Base, UTCDateTime, utcnow

REVIEW_STATUSES = ("new", "reviewed", "needs_follow_up")
RED_FLAG_VERDICTS = ("confirmed", "dismissed")  # staff's word on the bot's red flags


class StaffUser(Base):
    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)  # stored lower-case
    display_name = Column(String(120))
    password_hash = Column(String(255), nullable=False)  # argon2id, with its own salt and parameters
    is_admin = Column(Boolean, nullable=False, default=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    last_login_at = Column(UTCDateTime)

    @property
    def label(self) -> str:
        return self.display_name or self.username


class StaffSession(Base):
    """A browser session. The cookie holds a random token; only its SHA-256 is stored, so a copy of the table
    cannot be replayed. Deleting the row is logging out."""

    __tablename__ = "staff_sessions"

    token_hash = Column(String(64), primary_key=True)
    user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    last_seen_at = Column(UTCDateTime, nullable=False, default=utcnow)
    expires_at = Column(UTCDateTime, nullable=False)  # absolute limit, whatever the activity
    ip = Column(String(64))
    user_agent = Column(String(255))

    __table_args__ = (Index("ix_staff_sessions_user_id", "user_id"),)


class StaffApiToken(Base):
    """A bearer token for scripts. Tokens are 32 random bytes, so a plain SHA-256 is enough to store them."""

    __tablename__ = "staff_api_tokens"

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False)
    name = Column(String(80), nullable=False)
    token_hash = Column(String(64), nullable=False, unique=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    last_used_at = Column(UTCDateTime)
    revoked_at = Column(UTCDateTime)


class StaffLoginAttempt(Base):
    """Every login attempt that was checked, also for unknown usernames: the throttle (bot/staff/throttle.py)
    counts failures per account, per address and per both. A success row with ip NULL is an admin unlock."""

    __tablename__ = "staff_login_attempts"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False)
    ip = Column(String(64))
    success = Column(Boolean, nullable=False)
    at = Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        Index("ix_staff_login_attempts_username_at", "username", "at"),
        Index("ix_staff_login_attempts_ip_at", "ip", "at"),
    )


class IntakeReview(Base):
    """Staff's corrections of one intake. The bot's own answer stays in intakes.likely_type and is copied
    here at correction time, so a later re-save of the summary cannot blur what the bot said."""

    __tablename__ = "staff_intake_reviews"

    intake_id = Column(Integer, ForeignKey("intakes.id", ondelete="CASCADE"), primary_key=True)
    corrected_type = Column(String(64))
    bot_type = Column(String(64))
    bot_confidence = Column(Float)
    corrected_by = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    corrected_at = Column(UTCDateTime)
    handoff_done_by = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    handoff_done_at = Column(UTCDateTime)
    status_by = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    status_at = Column(UTCDateTime)
    # Staff's verdict on the bot's red flags (RED_FLAG_VERDICTS): what the agreement report counts.
    red_flags_verdict = Column(String(16))
    red_flags_by = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    red_flags_at = Column(UTCDateTime)


class ReviewEvent(Base):
    """The audit trail of review work: who changed what, from what, to what."""

    __tablename__ = "staff_review_events"

    id = Column(Integer, primary_key=True)
    intake_id = Column(Integer, ForeignKey("intakes.id", ondelete="CASCADE"), nullable=False)
    user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    action = Column(String(32), nullable=False)
    old_value = Column(Text)
    new_value = Column(Text)
    at = Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (Index("ix_staff_review_events_intake_id", "intake_id"),)


class StaffNote(Base):
    __tablename__ = "staff_notes"

    id = Column(Integer, primary_key=True)
    intake_id = Column(Integer, ForeignKey("intakes.id", ondelete="CASCADE"), nullable=False)
    author_id = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    body = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime)
    deleted_at = Column(UTCDateTime)  # kept, not removed: the audit trail refers to it

    __table_args__ = (Index("ix_staff_notes_intake_id", "intake_id"),)


class AccessLogEntry(Base):
    """Who opened, listed, searched, exported or erased what, and when. intake_id is None for listings,
    searches, exports and erasures (an erasure's detail holds the request id and counts, no patient data)."""

    __tablename__ = "staff_access_log"

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    intake_id = Column(Integer, ForeignKey("intakes.id", ondelete="CASCADE"))
    action = Column(
        String(32), nullable=False
    )  # view, print, fhir, api_view, transcript, export_csv, list, search, erase
    detail = Column(Text)
    at = Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        Index("ix_staff_access_log_intake_id", "intake_id"),
        Index("ix_staff_access_log_at", "at"),
    )
