import datetime as dt
import threading
import zlib
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.booking import (
    BookingNotFound, InvalidPhone, SlotTaken, SlotUnavailable, book, cancel, confirmation, find_booking,
    find_free_slots, reschedule,
)
from bot.booking.reference import ALPHABET, LENGTH
from bot.intake.summary import build_summary
from bot.intake.records import save_summary
from bot.store import Booking, make_engine, session_factory as make_session_factory

PKT = ZoneInfo("Asia/Karachi")
NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=PKT)  # Monday 08:00
SLOT = dt.datetime(2026, 12, 8, 11, 0, tzinfo=PKT)
PHONE = "0300 1234567"


def phone_of(conv: str) -> str:
    """PHONE for the first patient, another mobile number for each other conversation (one number may
    hold only two active bookings)."""
    return PHONE if conv == "conv-1" else "0300 %07d" % (2_000_000 + zlib.crc32(conv.encode()) % 7_000_000)


def _book(factory, conv="conv-1", start=SLOT, practitioner="derm-a", phone=None, **kw):
    kw.setdefault("now", NOW)
    return book(factory, conv, start, practitioner, "Sara", phone or phone_of(conv), kw.pop("email", None),
                kw.pop("summary_id", None), kw.pop("doctor_review_first", False), **kw)


def _count(factory, **where):
    with factory() as s:
        q = select(func.count()).select_from(Booking)
        for k, v in where.items():
            q = q.where(getattr(Booking, k) == v)
        return s.execute(q).scalar_one()


def test_book_stores_utc_and_normalised_contact(session_factory):
    b = _book(session_factory, email="Sara@Example.com")
    assert b.start_at == SLOT and b.start_at.utcoffset() == dt.timedelta(0)
    assert b.end_at - b.start_at == dt.timedelta(minutes=30)
    assert (b.phone, b.email, b.status, b.practitioner_id) == ("+923001234567", "Sara@example.com", "booked", "derm-a")
    assert len(b.reference) == LENGTH and set(b.reference) <= set(ALPHABET)
    with session_factory() as s:
        stored = s.get(Booking, b.id)
        assert stored.start_at == dt.datetime(2026, 12, 8, 6, 0, tzinfo=dt.timezone.utc)


def test_booking_links_the_intake_and_flags_doctor_review(session_factory):
    summary = build_summary("conv-1", "rest", {"first_name": "Sara"}, None, False, True, 0, None)
    intake_id = save_summary(session_factory, summary)
    b = _book(session_factory, summary_id=intake_id, doctor_review_first=True)
    assert (b.intake_id, b.doctor_review_first) == (intake_id, True)
    assert "dermatologist" in confirmation(b).doctor_review_first


def test_any_practitioner_when_none_given(session_factory):
    a = _book(session_factory, "a", practitioner=None)
    b = _book(session_factory, "b", practitioner=None)
    assert {a.practitioner_id, b.practitioner_id} == {"derm-a", "derm-b"}
    with pytest.raises(SlotTaken):
        _book(session_factory, "c", practitioner=None)


def test_same_conversation_twice_gives_one_booking(session_factory):
    first = _book(session_factory)
    again = _book(session_factory, start=SLOT + dt.timedelta(hours=1))
    assert again.id == first.id and again.start_at == SLOT
    assert _count(session_factory) == 1


def test_a_taken_slot_raises_with_alternatives(session_factory):
    _book(session_factory, "a")
    with pytest.raises(SlotTaken) as err:
        _book(session_factory, "b")
    assert err.value.reason == "taken"
    assert err.value.alternatives and all(s.start != SLOT for s in err.value.alternatives)
    assert all(s.practitioner_id == "derm-a" for s in err.value.alternatives)


@pytest.mark.parametrize(
    "start, reason",
    [
        (dt.datetime(2026, 12, 13, 11, tzinfo=PKT), "closed"),  # Sunday
        (dt.datetime(2026, 12, 8, 13, tzinfo=PKT), "closed"),  # lunch
        (dt.datetime(2026, 12, 7, 9, tzinfo=PKT), "too_soon"),
        (dt.datetime(2026, 12, 1, 11, tzinfo=PKT), "past"),
        (dt.datetime(2027, 2, 1, 11, tzinfo=PKT), "too_far"),
    ],
)
def test_unbookable_times_raise_with_alternatives(session_factory, start, reason):
    with pytest.raises(SlotUnavailable) as err:
        _book(session_factory, start=start)
    assert err.value.reason == reason and len(err.value.alternatives) == 3
    assert not isinstance(err.value, SlotTaken)
    assert _count(session_factory) == 0


def test_invalid_phone_is_rejected_before_writing(session_factory):
    with pytest.raises(InvalidPhone):
        _book(session_factory, phone="12345")
    assert _count(session_factory) == 0


def test_cancel_frees_the_slot(session_factory):
    b = _book(session_factory)
    with pytest.raises(BookingNotFound):
        cancel(session_factory, b.reference, "0300 7654321")  # someone else's phone
    cancelled = cancel(session_factory, b.reference.lower(), "+92 300 1234567")
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None
    assert cancel(session_factory, b.reference, PHONE).status == "cancelled"  # again: no error
    other = _book(session_factory, "conv-2")
    assert other.start_at == SLOT and other.practitioner_id == "derm-a"
    again = _book(session_factory, "conv-1", start=SLOT + dt.timedelta(hours=1))  # may book anew
    assert again.id != b.id and again.reference != b.reference


def test_reschedule_moves_the_booking(session_factory):
    b = _book(session_factory)
    new = SLOT + dt.timedelta(days=1)
    moved = reschedule(session_factory, b.reference, PHONE, new, now=NOW)
    assert (moved.id, moved.reference, moved.start_at, moved.reschedules) == (b.id, b.reference, new, 1)
    assert _book(session_factory, "conv-2").start_at == SLOT  # the old slot is free again
    _book(session_factory, "conv-3", start=SLOT, practitioner="derm-b")  # SLOT is now full
    with pytest.raises(SlotTaken) as err:
        reschedule(session_factory, b.reference, PHONE, SLOT, now=NOW)
    assert err.value.alternatives
    with session_factory() as s:
        assert find_booking(s, b.reference, PHONE).start_at == new


def test_reschedule_takes_another_practitioner_if_needed(session_factory):
    b = _book(session_factory)
    _book(session_factory, "x", start=SLOT + dt.timedelta(hours=1))  # derm-a busy then
    moved = reschedule(session_factory, b.reference, PHONE, SLOT + dt.timedelta(hours=1), now=NOW)
    assert moved.practitioner_id == "derm-b"


def test_cancelled_or_unknown_bookings_cannot_be_rescheduled(session_factory):
    b = _book(session_factory)
    cancel(session_factory, b.reference, PHONE)
    with pytest.raises(BookingNotFound):
        reschedule(session_factory, b.reference, PHONE, SLOT, now=NOW)
    with pytest.raises(BookingNotFound):
        reschedule(session_factory, "ZZZZZZ", PHONE, SLOT, now=NOW)


def test_the_database_itself_refuses_a_double_booking(session_factory):
    """The unique index is the last line of defence, whatever the code above it does."""
    def row(conv, status="booked"):
        return Booking(reference=conv.upper()[:6], conversation_id=conv, practitioner_id="derm-a",
                       start_at=SLOT, end_at=SLOT + dt.timedelta(minutes=30), status=status,
                       first_name="X", phone="+923001234567", doctor_review_first=False)

    with session_factory() as s, s.begin():
        s.add_all([row("aaaaaa", "cancelled"), row("bbbbbb")])  # a cancelled row does not hold the slot
    with pytest.raises(IntegrityError):
        with session_factory() as s, s.begin():
            s.add(row("cccccc"))


def test_twenty_patients_racing_for_one_slot(db_url):
    engine = make_engine(db_url, **({"pool_size": 25} if db_url.startswith("postgresql") else {}))
    factory = make_session_factory(engine)
    barrier = threading.Barrier(20)
    results, errors = [], []

    def attempt(i):
        barrier.wait()
        try:
            results.append(_book(factory, f"racer-{i}"))
        except SlotTaken as e:
            errors.append(e)
        except Exception as e:  # noqa: BLE001 - anything else is a failure of the test
            errors.append(e)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    try:
        assert len(results) == 1, errors
        assert len(errors) == 19 and all(isinstance(e, SlotTaken) and e.alternatives for e in errors), errors
        assert _count(factory, status="booked", start_at=SLOT) == 1
    finally:
        engine.dispose()


def test_one_conversation_retrying_in_parallel_books_once(db_url):
    engine = make_engine(db_url, **({"pool_size": 12} if db_url.startswith("postgresql") else {}))
    factory = make_session_factory(engine)
    barrier = threading.Barrier(10)
    results = []

    def attempt(i):
        barrier.wait()
        start = dt.datetime(2026, 12, 8, 14, tzinfo=PKT) + dt.timedelta(minutes=30 * i)  # 14:00-18:30
        results.append(_book(factory, "same-conversation", start=start, practitioner=None))

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    try:
        assert len(results) == 10 and len({b.id for b in results}) == 1
        assert _count(factory) == 1
    finally:
        engine.dispose()


def test_free_slots_after_bookings_and_cancellation(session_factory):
    def first_free():
        with session_factory() as s:
            return find_free_slots(s, NOW, 1, now=NOW)[0].start

    b = _book(session_factory, start=dt.datetime(2026, 12, 7, 10, tzinfo=PKT))
    _book(session_factory, "b", start=dt.datetime(2026, 12, 7, 10, tzinfo=PKT), practitioner="derm-b")
    assert first_free() == dt.datetime(2026, 12, 7, 10, 30, tzinfo=PKT)
    cancel(session_factory, b.reference, PHONE)
    assert first_free() == dt.datetime(2026, 12, 7, 10, tzinfo=PKT)
