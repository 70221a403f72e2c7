"""Builds, once at start, the objects the conversation's actions work with (cosmicpython's bootstrap).

The action server calls `bootstrap(Settings.from_env())` and installs the result for the actions
(actions/services.py); tests build their own, e.g. with an in-memory booking desk. Nothing below this
module creates engines or desks on its own."""

from __future__ import annotations

from dataclasses import dataclass

from bot.booking.database_desk import DatabaseBookingDesk
from bot.booking.desk import BookingDesk
from bot.settings import Settings
from bot.store.db import SessionFactory, make_engine, session_factory


@dataclass(frozen=True)
class Services:
    settings: Settings
    clinic_sessions: SessionFactory  # the clinic database: intakes, bookings, erasure requests
    booking_desk: BookingDesk


def bootstrap(
    settings: Settings, *, clinic_sessions: SessionFactory | None = None, booking_desk: BookingDesk | None = None
) -> Services:
    """The services for `settings`; `clinic_sessions` and `booking_desk` replace the configured ones."""
    # The engine connects on first use, so a database that is down at start is reported per request
    # (StorageUnavailable) and the assistant keeps answering.
    sessions = clinic_sessions or session_factory(make_engine(settings.database_url))
    return Services(
        settings=settings, clinic_sessions=sessions, booking_desk=booking_desk or DatabaseBookingDesk(sessions)
    )
