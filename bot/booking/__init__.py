"""Booking a consultation: the clinic's schedule, free times, date phrases (when.py, day_words.py), what a
patient's words ask of an appointment (requests.py), contact details, bookings.

The booking conversation (what to ask, what to say) is bot/conversation/booking_steps.py; it books through
a BookingDesk (desk.py)."""

from .confirmation import Confirmation, confirmation
from .errors import BookingError, BookingNotFound, LookupBlocked, SlotTaken, SlotUnavailable, TooManyBookings
from .free_times import FreeSlot, SlotChoice
from .ics import booking_ics
from .phones import InvalidEmail, InvalidPhone, normalize_email, normalize_phone
from .schedule import Schedule, default_schedule, load_schedule
from .service import at_booking_limit, book, cancel, find_booking, look_up, reschedule
from .slots import earliest_free, find_free_slots, free_at, nearest_free, slot_for
from .when import ParsedWhen, parse_when

__all__ = [
    "Confirmation",
    "confirmation",
    "booking_ics",
    "InvalidEmail",
    "InvalidPhone",
    "normalize_email",
    "normalize_phone",
    "Schedule",
    "default_schedule",
    "load_schedule",
    "BookingError",
    "BookingNotFound",
    "LookupBlocked",
    "SlotTaken",
    "SlotUnavailable",
    "TooManyBookings",
    "at_booking_limit",
    "book",
    "cancel",
    "find_booking",
    "look_up",
    "reschedule",
    "FreeSlot",
    "SlotChoice",
    "earliest_free",
    "find_free_slots",
    "free_at",
    "nearest_free",
    "slot_for",
    "ParsedWhen",
    "parse_when",
]
