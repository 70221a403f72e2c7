"""The clinic's booking desk: free times and bookings in the clinic database (bot.booking.service)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.store.db import SessionFactory
from bot.store.models import Booking

from .free_times import FreeSlot, SlotChoice, utcnow
from .schedule import Schedule, default_schedule
from .service import at_booking_limit, book, cancel, find_booking, look_up, reschedule
from .slots import earliest_free, free_at, slot_for
from .when import parse_when


@dataclass
class DatabaseBookingDesk:
    """A BookingDesk (desk.py) over the clinic database; one serves the whole action server."""

    sessions: SessionFactory
    schedule: Schedule | None = None
    now: dt.datetime | None = None  # fixed in tests; otherwise the time of each call

    def _now(self) -> dt.datetime:
        return self.now or utcnow()

    def _schedule(self) -> Schedule:
        return self.schedule or default_schedule()

    def earliest(self, n: int = 4) -> list[FreeSlot]:
        with self.sessions() as session:
            return earliest_free(session, n, schedule=self._schedule(), now=self._now())

    def free(self, start: dt.datetime, practitioner_id: str | None) -> FreeSlot | None:
        with self.sessions() as session:
            return free_at(session, start, practitioner_id, schedule=self._schedule(), now=self._now())

    def choose(self, text: str) -> SlotChoice | None:
        wanted = parse_when(text, self._now(), self._schedule())
        if wanted is None:
            return None
        with self.sessions() as session:
            return slot_for(session, wanted, 4, schedule=self._schedule(), now=self._now())

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
        return book(
            self.sessions,
            conversation_id,
            slot.start,
            slot.practitioner_id,
            first_name,
            phone,
            email,
            intake_id,
            doctor_review_first,
            schedule=self._schedule(),
            now=self._now(),
        )

    def find(self, reference: str, phone: str) -> Booking:
        with self.sessions() as session:
            return find_booking(session, reference, phone)

    def look_up(self, conversation_id: str, reference: str, phone: str) -> Booking:
        return look_up(self.sessions, conversation_id, reference, phone, schedule=self._schedule(), now=self._now())

    def at_booking_limit(self, phone: str) -> bool:
        return at_booking_limit(self.sessions, phone, schedule=self._schedule(), now=self._now())

    @property
    def booking_limit(self) -> int:
        return self._schedule().limits.active_bookings_per_phone

    def knows_practitioner(self, practitioner_id: str) -> bool:
        return any(p.id == practitioner_id for p in self._schedule().practitioners)

    def cancel(self, reference: str, phone: str) -> Booking:
        return cancel(self.sessions, reference, phone)

    def reschedule(self, reference: str, phone: str, slot: FreeSlot) -> Booking:
        return reschedule(
            self.sessions,
            reference,
            phone,
            slot.start,
            slot.practitioner_id,
            schedule=self._schedule(),
            now=self._now(),
        )
