"""What the booking conversation needs from the clinic's diary: free times, a patient's words for a time,
booking, looking up, cancelling and moving appointments.

DatabaseBookingDesk (database_desk.py) is the clinic's; tests of the conversation use an in-memory one
(tests/support/booking_desk.py) with the same behaviour."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from bot.store.models import Booking

from .free_times import FreeSlot, SlotChoice


class BookingDesk(Protocol):
    """Errors: bot.booking.errors (SlotUnavailable, BookingNotFound, TooManyBookings, LookupBlocked) and
    bot.store.StorageUnavailable when the diary cannot be reached."""

    @property
    def booking_limit(self) -> int:
        """The most upcoming appointments one phone number may hold."""
        ...

    def earliest(self, n: int = 4) -> list[FreeSlot]:
        """The earliest free times, one per time."""
        ...

    def free(self, start: dt.datetime, practitioner_id: str | None) -> FreeSlot | None:
        """The free slot starting exactly at `start`, else None."""
        ...

    def choose(self, text: str) -> SlotChoice | None:
        """The free slot the patient's words ask for, or the nearest ones; None when no time is named."""
        ...

    def book(
        self,
        conversation_id: str,
        slot: FreeSlot,
        first_name: str,
        phone: str,
        email: str | None,
        intake_id: int | None,
        doctor_review_first: bool,
    ) -> Booking:
        """Book `slot` (one active booking per conversation: booking again returns the existing one)."""
        ...

    def find(self, reference: str, phone: str) -> Booking:
        """The booking with this reference and phone (any status), else BookingNotFound. For this
        conversation's own booking: no wrong answer is counted, as the patient typed neither."""
        ...

    def look_up(self, conversation_id: str, reference: str, phone: str) -> Booking:
        """The booking for a patient's reference and phone; wrong answers are counted, past the limit
        LookupBlocked."""
        ...

    def at_booking_limit(self, phone: str) -> bool: ...

    def knows_practitioner(self, practitioner_id: str) -> bool: ...

    def cancel(self, reference: str, phone: str) -> Booking: ...

    def reschedule(self, reference: str, phone: str, slot: FreeSlot) -> Booking: ...
