"""An in-memory booking desk: the BookingDesk of bot/booking/desk.py without a database.

The free-time rules are the real ones (bot.booking.free_times, over this desk's own bookings); booking,
look-ups, cancelling and moving follow bot.booking.service: one active booking per conversation, the phone
number's limit, counted wrong look-ups, the same errors. The booking conversation's tests run on this desk in
`make check` and on the database desks (SQLite, PostgreSQL) in the slow tier, so the two cannot drift apart
unnoticed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.booking import free_times
from bot.booking.errors import BookingNotFound, LookupBlocked, SlotTaken, SlotUnavailable, TooManyBookings
from bot.booking.free_times import FreeSlot, SlotChoice, unbookable_reason, utcnow
from bot.booking.phones import InvalidPhone, normalize_email, normalize_phone
from bot.booking.reference import new_reference, normalize_reference
from bot.booking.schedule import Schedule, default_schedule
from bot.booking.when import parse_when
from bot.store.models import BOOKED, CANCELLED, Booking


@dataclass
class InMemoryBookingDesk:
    schedule: Schedule = field(default_factory=default_schedule)
    now: dt.datetime | None = None
    bookings: list[Booking] = field(default_factory=list)
    # wrong look-ups: (conversation id, phone or None, when)
    lookup_failures: list[tuple[str, str | None, dt.datetime]] = field(default_factory=list)

    def _now(self) -> dt.datetime:
        return self.now or utcnow()

    def _taken(self, since: dt.datetime, until: dt.datetime) -> set[tuple[str, dt.datetime]]:
        return {(b.practitioner_id, b.start_at) for b in self.bookings
                if b.status == BOOKED and since <= b.start_at <= until}

    # -- free times ------------------------------------------------------------------------------------
    def earliest(self, n: int = 4) -> list[FreeSlot]:
        return free_times.earliest_free(self._taken, n, schedule=self.schedule, now=self._now())

    def free(self, start: dt.datetime, practitioner_id: str | None) -> FreeSlot | None:
        return free_times.free_at(self._taken, start, practitioner_id, schedule=self.schedule, now=self._now())

    def choose(self, text: str) -> SlotChoice | None:
        wanted = parse_when(text, self._now(), self.schedule)
        if wanted is None:
            return None
        return free_times.slot_for(self._taken, wanted, 4, schedule=self.schedule, now=self._now())

    @property
    def booking_limit(self) -> int:
        return self.schedule.limits.active_bookings_per_phone

    def knows_practitioner(self, practitioner_id: str) -> bool:
        return any(p.id == practitioner_id for p in self.schedule.practitioners)

    # -- bookings ----------------------------------------------------------------------------------------
    def _active_for_phone(self, phone: str) -> int:
        return sum(1 for b in self.bookings if b.phone == phone and b.status == BOOKED and b.end_at > self._now())

    def at_booking_limit(self, phone: str) -> bool:
        return self._active_for_phone(normalize_phone(phone)) >= self.booking_limit

    def _unavailable(self, start: dt.datetime, practitioner_id: str | None) -> SlotUnavailable:
        reason = unbookable_reason(start, self.schedule, self._now()) or "taken"
        alternatives = free_times.nearest_free(self._taken, start, 3, practitioner_id, schedule=self.schedule,
                                               now=self._now())
        return SlotTaken(start, alternatives) if reason == "taken" else SlotUnavailable(reason, start, alternatives)

    def book(self, conversation_id: str, slot: FreeSlot, first_name: str, phone: str, email: str | None,
             intake_id: int | None, doctor_review_first: bool) -> Booking:
        phone, email = normalize_phone(phone), normalize_email(email)
        first_name = (first_name or "").strip()[:80]
        if not first_name:
            raise ValueError("first_name is required")
        existing = next((b for b in self.bookings if b.conversation_id == conversation_id and b.status == BOOKED),
                        None)
        if existing is not None:
            return existing
        if self._active_for_phone(phone) >= self.booking_limit:
            raise TooManyBookings(self.booking_limit)
        start = self.schedule.local(slot.start)
        free = self.free(start, slot.practitioner_id)
        if free is None:
            raise self._unavailable(start, slot.practitioner_id)
        booking = Booking(reference=new_reference(), conversation_id=conversation_id, intake_id=intake_id,
                          practitioner_id=free.practitioner_id, start_at=free.start, end_at=free.end, status=BOOKED,
                          first_name=first_name, phone=phone, email=email, doctor_review_first=doctor_review_first,
                          reschedules=0, created_at=self._now())
        self.bookings.append(booking)
        return booking

    def find(self, reference: str, phone: str) -> Booking:
        try:
            phone = normalize_phone(phone)
        except InvalidPhone:
            raise BookingNotFound(reference) from None
        wanted = normalize_reference(reference)
        booking = next((b for b in self.bookings if b.reference == wanted), None)
        if booking is None or booking.phone != phone:
            raise BookingNotFound(reference)
        return booking

    def _blocked(self, conversation_id: str, phone: str) -> bool:
        since = self._now() - self.schedule.limits.lookup_window
        recent = [(c, p) for c, p, at in self.lookup_failures if at >= since]
        by_conversation = sum(c == conversation_id for c, _ in recent)
        by_phone = sum(p == phone for _, p in recent)
        return max(by_conversation, by_phone) >= self.schedule.limits.lookup_attempts

    def look_up(self, conversation_id: str, reference: str, phone: str) -> Booking:
        try:
            phone = normalize_phone(phone)
        except InvalidPhone:
            raise BookingNotFound(reference) from None
        if self._blocked(conversation_id, phone):
            raise LookupBlocked()
        try:
            return self.find(reference, phone)
        except BookingNotFound:
            self.lookup_failures.append((conversation_id, phone, self._now()))
        if self._blocked(conversation_id, phone):
            raise LookupBlocked() from None
        raise BookingNotFound(reference)

    def cancel(self, reference: str, phone: str) -> Booking:
        booking = self.find(reference, phone)
        if booking.status == BOOKED:
            booking.status = CANCELLED
            booking.cancelled_at = utcnow()
        return booking

    def reschedule(self, reference: str, phone: str, slot: FreeSlot) -> Booking:
        booking = self.find(reference, phone)
        if booking.status != BOOKED:
            raise BookingNotFound(reference)
        start = self.schedule.local(slot.start)
        wanted_by = slot.practitioner_id or booking.practitioner_id
        if booking.start_at == start and booking.practitioner_id == wanted_by:
            return booking
        free = self.free(start, wanted_by) or (self.free(start, None) if slot.practitioner_id is None else None)
        if free is None:
            raise self._unavailable(start, slot.practitioner_id)
        booking.practitioner_id = free.practitioner_id
        booking.start_at, booking.end_at = free.start, free.end
        booking.reschedules += 1
        return booking
