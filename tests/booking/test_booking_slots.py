import datetime as dt
from zoneinfo import ZoneInfo

from bot.booking import book, find_free_slots, nearest_free, parse_when, slot_for
from bot.booking.free_times import unbookable_reason
from bot.booking.slots import earliest_free
from bot.booking.schedule import default_schedule

PKT = ZoneInfo("Asia/Karachi")
NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=PKT)  # Monday 08:00, before opening
S = default_schedule()


def at(*args):
    return dt.datetime(*args, tzinfo=PKT)


def _book(factory, conv, start, practitioner="derm-a"):
    return book(factory, conv, start, practitioner, "Sara", "03001234567", None, None, False, now=NOW)


def test_first_free_slots_respect_opening_hours_and_lead_time(session):
    slots = find_free_slots(session, NOW, limit=3, now=NOW)
    assert [s.start for s in slots] == [at(2026, 12, 7, 10), at(2026, 12, 7, 10, 30), at(2026, 12, 7, 11)]
    assert slots[0].practitioner_id == "derm-a" and slots[0].end == at(2026, 12, 7, 10, 30)
    later = dt.datetime(2026, 12, 7, 9, 45, tzinfo=PKT)  # lead time 2 h: 11:45 at the earliest
    assert find_free_slots(session, later, limit=1, now=later)[0].start == at(2026, 12, 7, 12)


def test_lunch_break_is_skipped(session):
    slots = find_free_slots(session, at(2026, 12, 7, 12, 30), limit=2, now=NOW)
    assert [s.start for s in slots] == [at(2026, 12, 7, 12, 30), at(2026, 12, 7, 14)]


def test_sunday_and_holidays_are_skipped(session):
    saturday_evening = at(2026, 12, 12, 18, 30)
    assert [s.start for s in find_free_slots(session, saturday_evening, limit=2, now=NOW)] == [
        saturday_evening, at(2026, 12, 14, 10)]
    christmas_eve = at(2026, 12, 24, 18, 30)  # 25 December is Quaid-e-Azam Day, a Friday
    assert find_free_slots(session, christmas_eve, limit=2, now=NOW)[1].start == at(2026, 12, 26, 10)


def test_past_times_and_horizon(session):
    assert find_free_slots(session, at(2026, 12, 1, 10), limit=1, now=NOW)[0].start == at(2026, 12, 7, 10)
    assert find_free_slots(session, NOW + dt.timedelta(days=31), now=NOW) == []
    assert unbookable_reason(at(2026, 12, 7, 7), S, NOW) == "past"
    assert unbookable_reason(at(2026, 12, 7, 9), S, NOW) == "too_soon"
    assert unbookable_reason(at(2027, 1, 20, 10), S, NOW) == "too_far"
    assert unbookable_reason(at(2026, 12, 7, 13), S, NOW) == "closed"
    assert unbookable_reason(at(2026, 12, 7, 10, 15), S, NOW) == "closed"  # not on the 30-minute grid
    assert unbookable_reason(at(2026, 12, 7, 10), S, NOW) is None


def test_naive_and_utc_inputs_are_read_in_clinic_time(session):
    naive = dt.datetime(2026, 12, 8, 10)
    utc = at(2026, 12, 8, 10).astimezone(dt.timezone.utc)
    assert find_free_slots(session, naive, 1, now=NOW)[0].start == find_free_slots(session, utc, 1, now=NOW)[0].start


def _first_free(factory, **kw):
    with factory() as session:  # a new transaction: sees the bookings committed so far
        return find_free_slots(session, NOW, limit=1, now=NOW, **kw)[0]


def test_taken_slots_are_not_offered(session_factory):
    _book(session_factory, "a", at(2026, 12, 7, 10), "derm-a")
    first = _first_free(session_factory)
    assert (first.start, first.practitioner_id) == (at(2026, 12, 7, 10), "derm-b")
    _book(session_factory, "b", at(2026, 12, 7, 10), "derm-b")
    assert _first_free(session_factory).start == at(2026, 12, 7, 10, 30)
    assert _first_free(session_factory, practitioner="derm-a").start == at(2026, 12, 7, 10, 30)


def test_nearest_free_around_a_taken_time(session_factory, session):
    for i, p in enumerate(["derm-a", "derm-b"]):
        _book(session_factory, f"c{i}", at(2026, 12, 8, 16), p)
    near = nearest_free(session, at(2026, 12, 8, 16), n=3, now=NOW)
    # 15:30 and 16:30 are 30 min away; 15:00 and 17:00 tie at an hour and the earlier wins. In time order:
    assert [s.start for s in near] == [at(2026, 12, 8, 15), at(2026, 12, 8, 15, 30), at(2026, 12, 8, 16, 30)]


def test_nearest_free_for_a_closed_time(session):
    sunday_noon = at(2026, 12, 13, 12)
    near = nearest_free(session, sunday_noon, n=2, now=NOW)
    # Saturday's last slots are closer than Monday 10:00.
    assert [s.start for s in near] == [at(2026, 12, 12, 18), at(2026, 12, 12, 18, 30)]


def test_slot_for_a_window_picks_the_first_free_slot_in_it(session_factory, session):
    _book(session_factory, "a", at(2026, 12, 8, 14), "derm-a")
    _book(session_factory, "b", at(2026, 12, 8, 14), "derm-b")
    choice = slot_for(session, parse_when("tomorrow afternoon", NOW), now=NOW)
    assert choice.slot.start == at(2026, 12, 8, 14, 30) and choice.alternatives == []


def test_slot_for_an_exact_time(session_factory, session):
    assert slot_for(session, parse_when("tomorrow at 11am", NOW), now=NOW).slot.start == at(2026, 12, 8, 11)
    closed = slot_for(session, parse_when("Sunday at 11", NOW), now=NOW)  # Sunday 13 Dec
    assert closed.slot is None and len(closed.alternatives) == 3


def test_red_flag_patients_get_the_earliest_slots(session):
    assert [s.start for s in earliest_free(session, 2, now=NOW)] == [at(2026, 12, 7, 10), at(2026, 12, 7, 10, 30)]
