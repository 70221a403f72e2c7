import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.booking.when import parse_when

PKT = ZoneInfo("Asia/Karachi")
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=PKT)  # a Wednesday morning


def at(*args):
    return dt.datetime(*args, tzinfo=PKT)


def test_tomorrow_afternoon_is_a_window():
    w = parse_when("tomorrow afternoon", NOW)
    assert (w.start, w.end, w.exact) == (at(2026, 11, 26, 14), at(2026, 11, 26, 17), False)


def test_next_monday_at_5_means_five_pm():
    w = parse_when("next Monday at 5", NOW)
    assert w.exact and w.start == at(2026, 11, 30, 17)


def test_day_month_and_time_with_minutes():
    assert parse_when("3 Dec 4:30 pm", NOW).start == at(2026, 12, 3, 16, 30)
    assert parse_when("December 3rd at 4.30pm", NOW).start == at(2026, 12, 3, 16, 30)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("tomorrow", at(2026, 11, 26), at(2026, 11, 27)),
        ("Friday evening", at(2026, 11, 27, 17), at(2026, 11, 27, 19)),
        ("can I come tomorrow morning please", at(2026, 11, 26, 10), at(2026, 11, 26, 13)),
        ("kal shaam", at(2026, 11, 26, 17), at(2026, 11, 26, 19)),
        ("in 2 days", at(2026, 11, 27), at(2026, 11, 28)),
        ("3/12", at(2026, 12, 3), at(2026, 12, 4)),  # day first, as written in Pakistan
        ("Wednesday", at(2026, 12, 2), at(2026, 12, 3)),  # a weekday is the next one, not today
    ],
)
def test_windows(text, start, end):
    w = parse_when(text, NOW)
    assert (w.start, w.end) == (start, end)


@pytest.mark.parametrize(
    "text, start",
    [
        ("tomorrow at 11am", at(2026, 11, 26, 11)),
        ("today 5pm", at(2026, 11, 25, 17)),
        ("at 3", at(2026, 11, 25, 15)),  # the clinic is closed at 03:00
        ("at 11", at(2026, 11, 25, 11)),  # and open at 11:00
        ("tomorrow at noon", at(2026, 11, 26, 12)),
        ("kal 5 baje", at(2026, 11, 26, 17)),
        ("wednesday 10:30", at(2026, 12, 2, 10, 30)),
        ("the 15th at 3", at(2026, 12, 15, 15)),
    ],
)
def test_exact_times(text, start):
    w = parse_when(text, NOW)
    assert w.exact and w.start == start


def test_a_time_already_past_today_means_tomorrow():
    evening = at(2026, 11, 25, 18, 30)
    assert parse_when("at 11", evening).start == at(2026, 11, 26, 11)
    assert parse_when("afternoon", evening).start == at(2026, 11, 26, 14)


def test_results_are_in_clinic_time_whatever_now_is_given_in():
    now_utc = NOW.astimezone(dt.timezone.utc)
    w = parse_when("tomorrow at 11am", now_utc)
    assert w.start.utcoffset() == dt.timedelta(hours=5)
    assert w.start == at(2026, 11, 26, 11)


@pytest.mark.parametrize("text", ["", "   ", "asdf qwer", "I like turtles", "5", "tomorrow at 25:00", "banana o'clock"])
def test_nonsense_gives_none(text):
    assert parse_when(text, NOW) is None
