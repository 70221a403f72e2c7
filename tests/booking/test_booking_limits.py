"""Limits that stop abuse of booking: active bookings per phone number, and wrong reference/phone look-ups.
On SQLite and PostgreSQL, including bookings from one number racing in parallel."""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.booking import LookupBlocked, TooManyBookings, at_booking_limit, book, cancel, look_up
from bot.booking.schedule import Limits, default_schedule, load_schedule, schedule_from_dict
from bot.booking.errors import BookingNotFound
from bot.pseudonym import pseudonym
from bot.store import Booking, make_engine, session_factory as make_session_factory
from bot.store.models import BookingLookupFailure

PKT = ZoneInfo("Asia/Karachi")
NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=PKT)  # Monday 08:00
PHONE = "0300 1234567"
E164 = "+923001234567"


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=PKT)


def _book(factory, conv, start, phone=PHONE, now=NOW, schedule=None):
    return book(factory, conv, start, None, "Sara", phone, None, None, False, now=now, schedule=schedule)


def _active(factory, phone=E164):
    with factory() as s:
        return s.execute(select(Booking).where(Booking.phone == phone, Booking.status == "booked")).scalars().all()


# -- active bookings per phone ----------------------------------------------------------------------------
def test_the_default_limit_comes_from_schedule_yml():
    assert load_schedule().limits == Limits(active_bookings_per_phone=2, lookup_attempts=3,
                                            lookup_window=dt.timedelta(hours=24))


def test_limits_are_read_and_checked():
    cfg = {"clinic": {"name": "c", "address": "a", "calendar_domain": "d"}, "timezone": "Asia/Karachi",
           "consultation_minutes": 30, "horizon_days": 30, "min_lead_minutes": 120, "practitioners": [{"id": "x",
           "name": "X"}], "limits": {"active_bookings_per_phone": 5, "lookup_attempts": 4, "lookup_window_hours": 2}}
    assert schedule_from_dict(cfg).limits == Limits(5, 4, dt.timedelta(hours=2))
    assert schedule_from_dict({**cfg, "limits": None}).limits == Limits()
    with pytest.raises(ValueError):
        schedule_from_dict({**cfg, "limits": {"active_bookings_per_phone": 0}})


def test_a_third_active_booking_for_one_number_is_refused(session_factory):
    _book(session_factory, "c1", at(8, 11))
    _book(session_factory, "c2", at(8, 12), phone="+92 300 1234567")  # the same number, written otherwise
    assert at_booking_limit(session_factory, "0092-300-1234567", now=NOW)
    with pytest.raises(TooManyBookings) as error:
        _book(session_factory, "c3", at(8, 14))
    assert error.value.limit == 2 and len(_active(session_factory)) == 2
    assert _book(session_factory, "c4", at(8, 14), phone="0300 7654321").phone == "+923007654321"


def test_a_cancelled_or_past_booking_does_not_count(session_factory):
    first = _book(session_factory, "c1", at(8, 11))
    _book(session_factory, "c2", at(8, 12))
    cancel(session_factory, first.reference, PHONE)
    assert not at_booking_limit(session_factory, PHONE, now=NOW)
    _book(session_factory, "c3", at(8, 14))
    # Two days later the Tuesday appointments are over: the number may book again.
    later = at(9, 10)
    assert not at_booking_limit(session_factory, PHONE, now=later)
    assert _book(session_factory, "c4", at(10, 11), now=later).status == "booked"


def test_the_limit_is_configurable(session_factory):
    one = dataclasses.replace(default_schedule(), limits=Limits(active_bookings_per_phone=1))
    _book(session_factory, "c1", at(8, 11), schedule=one)
    with pytest.raises(TooManyBookings):
        _book(session_factory, "c2", at(8, 12), schedule=one)


def test_the_same_conversation_asking_again_gets_its_booking_not_an_error(session_factory):
    _book(session_factory, "c1", at(8, 11))
    second = _book(session_factory, "c2", at(8, 12))
    assert _book(session_factory, "c2", at(8, 15)).id == second.id


def test_ten_conversations_of_one_number_booking_at_once_get_at_most_the_limit(db_url):
    engine = make_engine(db_url, **({"pool_size": 12} if db_url.startswith("postgresql") else {}))
    factory = make_session_factory(engine)
    barrier = threading.Barrier(10)
    booked, refused, other = [], [], []

    def attempt(i):
        barrier.wait()
        try:
            booked.append(_book(factory, f"parallel-{i}", at(8, 14) + dt.timedelta(minutes=30 * i)))
        except TooManyBookings as error:
            refused.append(error)
        except Exception as error:  # noqa: BLE001 - anything else fails the test
            other.append(error)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    try:
        assert other == []
        assert (len(booked), len(refused)) == (2, 8)
        assert len(_active(factory)) == 2
    finally:
        engine.dispose()


# -- guessing references --------------------------------------------------------------------------------------
def _failures(factory):
    with factory() as s:
        return s.execute(select(BookingLookupFailure)).scalars().all()


def test_the_right_reference_and_phone_find_the_booking(session_factory):
    b = _book(session_factory, "owner", at(8, 11))
    assert look_up(session_factory, "someone", b.reference.lower(), "+92 300 1234567", now=NOW).id == b.id
    assert _failures(session_factory) == []


def test_three_wrong_answers_in_a_conversation_stop_the_look_up(session_factory, caplog):
    b = _book(session_factory, "owner", at(8, 11))
    caplog.set_level(logging.INFO)
    guesses = ["AAAAAA", "BBBBBB"]
    for guess in guesses:
        with pytest.raises(BookingNotFound):
            look_up(session_factory, "guesser", guess, PHONE, now=NOW)
    assert not any(r.levelno >= logging.WARNING for r in caplog.records)
    with pytest.raises(LookupBlocked):  # the third wrong answer reaches the limit
        look_up(session_factory, "guesser", "CCCCCC", "0300 1111111", now=NOW)
    with pytest.raises(LookupBlocked):  # now even the right answer is refused
        look_up(session_factory, "guesser", b.reference, PHONE, now=NOW)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and all(pseudonym("guesser") in w for w in warnings)
    for secret in ("guesser", "AAAAAA", "CCCCCC", b.reference, "1234567", "1111111"):
        assert secret not in caplog.text
    rows = _failures(session_factory)
    assert len(rows) == 3 and {r.conversation_id for r in rows} == {"guesser"}
    assert {r.phone for r in rows} == {E164, "+923001111111"}


def test_wrong_answers_for_one_number_from_many_conversations_stop_the_look_up(session_factory):
    b = _book(session_factory, "owner", at(8, 11))
    for i in range(2):
        with pytest.raises(BookingNotFound):
            look_up(session_factory, f"guesser-{i}", "AAAAAA", PHONE, now=NOW)
    with pytest.raises(LookupBlocked):
        look_up(session_factory, "guesser-2", "BBBBBB", PHONE, now=NOW)
    with pytest.raises(LookupBlocked):  # a fresh conversation cannot go on guessing for this number
        look_up(session_factory, "guesser-3", b.reference, PHONE, now=NOW)
    other = _book(session_factory, "owner-2", at(8, 12), phone="0300 7654321")
    assert look_up(session_factory, "guesser-3", other.reference, "0300 7654321", now=NOW).id == other.id


def test_the_count_starts_again_after_the_window(session_factory):
    b = _book(session_factory, "owner", at(8, 11))
    for guess in ("AAAAAA", "BBBBBB"):
        with pytest.raises(BookingNotFound):
            look_up(session_factory, "patient", guess, PHONE, now=NOW)
    with pytest.raises(LookupBlocked):
        look_up(session_factory, "patient", "CCCCCC", PHONE, now=NOW)
    assert look_up(session_factory, "patient", b.reference, PHONE, now=NOW + dt.timedelta(hours=25)).id == b.id


def test_the_attempts_are_configurable(session_factory):
    strict = dataclasses.replace(default_schedule(), limits=Limits(lookup_attempts=1))
    with pytest.raises(LookupBlocked):
        look_up(session_factory, "patient", "AAAAAA", PHONE, now=NOW, schedule=strict)
