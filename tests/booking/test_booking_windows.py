"""A wished-for time that is a window ("saturday after 5pm", "any weekday morning", "next week"): the first free
slot the patient's words admit, or the nearest free times and why there was none."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.booking.free_times import slot_for
from bot.booking.schedule import default_schedule
from bot.booking.when import parse_when

PKT = ZoneInfo("Asia/Karachi")
NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=PKT)  # Monday, before opening
S = default_schedule()


def at(*args):
    return dt.datetime(*args, tzinfo=PKT)


def taken_at(*starts):
    """TakenTimes with both dermatologists busy at each of `starts`."""
    busy = {(p.id, start) for start in starts for p in S.practitioners}
    return lambda since, until: {(p, s) for p, s in busy if since <= s <= until}


def choose(text, taken=None):
    return slot_for(taken or taken_at(), parse_when(text, NOW, S), 3, schedule=S, now=NOW)


def test_saturday_after_five_is_the_first_free_saturday_time_from_five():
    assert choose("saturday after 5pm").slot.start == at(2026, 12, 12, 17)
    later = choose("saturday after 5pm", taken_at(at(2026, 12, 12, 17), at(2026, 12, 12, 17, 30)))
    assert later.slot.start == at(2026, 12, 12, 18)


def test_saturday_after_five_all_taken_offers_the_nearest_and_says_so():
    evening = [at(2026, 12, 12, 17, 0) + dt.timedelta(minutes=30 * i) for i in range(4)]
    picked = choose("saturday after 5pm", taken_at(*evening))
    assert picked.slot is None and picked.reason == "taken"
    assert picked.alternatives and all(s.start not in evening for s in picked.alternatives)


def test_saturday_after_the_clinic_closes_is_closed_with_the_nearest_times():
    picked = choose("saturday after 8 pm")
    assert picked.slot is None and picked.reason == "closed"
    assert at(2026, 12, 12, 18, 30) in [s.start for s in picked.alternatives]


def test_a_sunday_is_closed():
    assert choose("sunday morning").reason == "closed"


def test_any_weekday_morning_skips_a_full_morning_and_saturdays():
    mornings = [at(2026, 12, 7, 10) + dt.timedelta(minutes=30 * i) for i in range(6)]
    assert choose("any weekday morning", taken_at(*mornings)).slot.start == at(2026, 12, 8, 10)


def test_next_week_is_the_first_free_time_of_next_week():
    assert choose("aglay hafte").slot.start == at(2026, 12, 14, 10)


def test_the_earliest_is_the_first_bookable_time():
    assert choose("earliest you have").slot.start == at(2026, 12, 7, 10)


def test_beyond_the_horizon_says_too_far():
    assert choose("15 march 2027").reason == "too_far"
