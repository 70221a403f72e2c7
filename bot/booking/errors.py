"""Why a booking, cancellation or look-up failed: errors the conversation explains to the patient."""

from __future__ import annotations

import datetime as dt

from .free_times import FreeSlot


class BookingError(Exception):
    """Base class of booking failures the conversation should explain to the patient."""


class SlotUnavailable(BookingError):
    """The time cannot be booked. `reason`: 'taken', 'closed', 'past', 'too_soon' or 'too_far'.
    `alternatives`: the nearest free times, to offer instead."""

    def __init__(self, reason: str, wanted: dt.datetime, alternatives: list[FreeSlot]):
        super().__init__(f"{wanted.isoformat()} cannot be booked: {reason}")
        self.reason = reason
        self.wanted = wanted
        self.alternatives = alternatives


class SlotTaken(SlotUnavailable):
    """Someone else holds the slot (possibly a moment ago)."""

    def __init__(self, wanted: dt.datetime, alternatives: list[FreeSlot]):
        super().__init__("taken", wanted, alternatives)


class BookingNotFound(BookingError):
    """No booking with that reference and phone number (deliberately not saying which one is wrong)."""


class TooManyBookings(BookingError):
    """The phone number already holds `limit` active bookings: one must be cancelled first."""

    def __init__(self, limit: int):
        super().__init__(f"the phone number already holds {limit} active bookings")
        self.limit = limit


class LookupBlocked(BookingError):
    """Too many wrong reference/phone answers lately, from this conversation or for this phone number."""
