"""The booking desk the conversation talks to: free times, a patient's words for a time, bookings.

One object per action call, over the clinic database; tests give it a database of their own.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.booking.schedule import Schedule, default_schedule
from bot.booking.service import at_booking_limit, book, cancel, find_booking, look_up, reschedule
from bot.booking.slots import FreeSlot, SlotChoice, earliest_free, free_at, slot_for, utcnow
from bot.booking.when import parse_when
from bot.store.db import SessionFactory
from bot.store.models import Booking


@dataclass
class BookingDesk:
    sessions: SessionFactory
    schedule: Schedule | None = None
    now: dt.datetime | None = None

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
        """The free slot the patient's words ask for, or the nearest ones; None when no time is named."""
        wanted = parse_when(text, self._now(), self._schedule())
        if wanted is None:
            return None
        with self.sessions() as session:
            return slot_for(session, wanted, 4, schedule=self._schedule(), now=self._now())

    def book(self, conversation_id: str, slot: FreeSlot, first_name: str, phone: str, email: str | None,
             intake_id: int | None, doctor_review_first: bool) -> Booking:
        return book(self.sessions, conversation_id, slot.start, slot.practitioner_id, first_name, phone, email,
                    intake_id, doctor_review_first, schedule=self._schedule(), now=self._now())

    def find(self, reference: str, phone: str) -> Booking:
        with self.sessions() as session:
            return find_booking(session, reference, phone)

    def look_up(self, conversation_id: str, reference: str, phone: str) -> Booking:
        """find() for a patient's answer: wrong answers are counted and, past the limit, LookupBlocked."""
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
        return reschedule(self.sessions, reference, phone, slot.start, slot.practitioner_id,
                          schedule=self._schedule(), now=self._now())
