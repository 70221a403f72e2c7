"""Tables. Times are stored as naive UTC (the same on SQLite and PostgreSQL) and read back as aware UTC.

The staff and privacy tables (staff_models.py, privacy_models.py) attach to the same `metadata`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import registry, validates
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so Alembic migrations can refer to them on both databases.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
mapper_registry = registry(metadata=metadata)
# A class made at run time: without SQLAlchemy's mypy plugin the type checker cannot know its shape.
Base: Any = mapper_registry.generate_base()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC out; naive UTC in the database. Refuses naive input (ambiguous)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=dt.timezone.utc)


class Intake(Base):
    """One finished intake: the summary JSON plus the columns the staff list sorts and filters on."""

    __tablename__ = "intakes"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, unique=True)
    channel = Column(String(32), nullable=False)
    schema_version = Column(String(16), nullable=False)
    first_name = Column(String(80))
    age = Column(Integer)
    likely_type = Column(String(64))
    confidence = Column(Float)
    red_flag = Column(Boolean, nullable=False, default=False)
    contraindication = Column(Boolean, nullable=False, default=False)
    handoff = Column(Boolean, nullable=False, default=False)
    consent = Column(Boolean, nullable=False, default=False)
    summary = Column(JSON, nullable=False)
    review_status = Column(String(16), nullable=False, default="new", server_default="new")
    version = Column(Integer, nullable=False, default=1, server_default="1")  # earlier ones: IntakeVersion
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index("ix_intakes_created_at", "created_at"),
        Index("ix_intakes_review_status", "review_status"),
    )


class IntakeVersion(Base):
    """An earlier summary of an intake, kept when a later save changed it: what staff reviewed stays
    readable, and the change is visible (the intake's version goes up)."""

    __tablename__ = "intake_versions"

    id = Column(Integer, primary_key=True)
    intake_id = Column(Integer, ForeignKey("intakes.id", ondelete="CASCADE"), nullable=False)
    version = Column(Integer, nullable=False)
    summary = Column(JSON, nullable=False)
    review_status = Column(String(16), nullable=False)
    saved_at = Column(UTCDateTime, nullable=False)  # when this version was first saved

    __table_args__ = (Index("uq_intake_versions_intake_id_version", "intake_id", "version", unique=True),)


BOOKED = "booked"
CANCELLED = "cancelled"
ATTENDED = "attended"  # marked by staff on or after the day: the patient came
NO_SHOW = "no_show"  # marked by staff: the patient did not come
BOOKING_STATUSES = (BOOKED, CANCELLED, ATTENDED, NO_SHOW)
_ACTIVE = text("status = 'booked'")


class Booking(Base):
    """A consultation. Only `booked` rows hold a slot: the partial unique indexes make a double booking
    (same practitioner and start) or a second active booking for one conversation impossible."""

    __tablename__ = "bookings"

    id = Column(Integer, primary_key=True)
    reference = Column(String(12), nullable=False, unique=True)
    conversation_id = Column(String(128), nullable=False)
    intake_id = Column(Integer, ForeignKey("intakes.id", ondelete="SET NULL"))
    practitioner_id = Column(String(40), nullable=False)  # an id from bot/booking/schedule.yml
    start_at = Column(UTCDateTime, nullable=False)
    end_at = Column(UTCDateTime, nullable=False)
    status = Column(String(16), nullable=False, default=BOOKED, server_default=BOOKED)
    first_name = Column(String(80), nullable=False)
    phone = Column(String(20), nullable=False)  # E.164
    email = Column(String(254))
    doctor_review_first = Column(Boolean, nullable=False, default=False)
    reschedules = Column(Integer, nullable=False, default=0, server_default="0")  # .ics SEQUENCE
    notes = Column(Text)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    cancelled_at = Column(UTCDateTime)

    __table_args__ = (
        Index(
            "uq_bookings_active_slot",
            "practitioner_id",
            "start_at",
            unique=True,
            sqlite_where=_ACTIVE,
            postgresql_where=_ACTIVE,
        ),
        Index(
            "uq_bookings_active_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=_ACTIVE,
            postgresql_where=_ACTIVE,
        ),
        Index("ix_bookings_start_at", "start_at"),
    )

    @validates("start_at", "end_at", "cancelled_at")
    def _to_utc(self, _key, value):
        # The same value in memory as after a reload: callers never see clinic time here by accident.
        return value if value is None or value.tzinfo is None else value.astimezone(dt.timezone.utc)

    @property
    def active(self) -> bool:
        return self.status == BOOKED

    def __repr__(self) -> str:
        return f"<Booking {self.reference} {self.practitioner_id} {self.start_at:%Y-%m-%d %H:%M}Z {self.status}>"


class BookingLookupFailure(Base):
    """A wrong booking reference or phone given to find a booking. Counted per conversation and per phone
    so references cannot be guessed without limit or trace."""

    __tablename__ = "booking_lookup_failures"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False)
    phone = Column(String(20))  # E.164, when the patient gave one
    at = Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        Index("ix_booking_lookup_failures_conversation_id_at", "conversation_id", "at"),
        Index("ix_booking_lookup_failures_phone_at", "phone", "at"),
    )
