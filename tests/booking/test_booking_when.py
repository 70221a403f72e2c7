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


# -- patients' own ways of saying when (issue 10: Roman Urdu, typos, "after 5", "next week", "the earliest") --
MONDAY = at(2026, 12, 7, 8)  # before opening


@pytest.mark.parametrize(
    "text, start",
    [
        ("next monday 11am", at(2026, 12, 14, 11)),
        ("shift it to next Monday at 11 am", at(2026, 12, 14, 11)),
        ("parso 4 baje", at(2026, 12, 9, 16)),
        ("mangal ko 12 baje", at(2026, 12, 8, 12)),  # mangal: Tuesday
        ("thursday 12", at(2026, 12, 10, 12)),  # a bare hour beside a day, not the 12th
        ("kal 3", at(2026, 12, 8, 15)),
        ("friday at four pm", at(2026, 12, 11, 16)),
        ("Thursdy at 11", at(2026, 12, 10, 11)),  # misspelt
        # "hafte ko": on Saturday (a widget trial booked Friday 5 pm for "hafte ko shaam 5 baje")
        ("hafte ko shaam 5 baje", at(2026, 12, 12, 17)),
        ("haftay wale din 11 baje", at(2026, 12, 12, 11)),
    ],
)
def test_more_exact_times(text, start):
    w = parse_when(text, MONDAY)
    assert w is not None and w.exact and w.start == start


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("parson subah", at(2026, 12, 9, 10), at(2026, 12, 9, 13)),  # the day after tomorrow, morning
        ("kal shaam ko", at(2026, 12, 8, 17), at(2026, 12, 8, 19)),
        ("saturday after 5pm", at(2026, 12, 12, 17), at(2026, 12, 13)),
        ("saturday 4 baje ke baad", at(2026, 12, 12, 16), at(2026, 12, 13)),
        ("wensday afternoon", at(2026, 12, 9, 14), at(2026, 12, 9, 17)),
        ("aglay hafte", at(2026, 12, 14), at(2026, 12, 21)),  # next week, Monday to Sunday
        ("agle hafte ko", at(2026, 12, 14), at(2026, 12, 21)),  # "next week", not next Saturday
        ("sometime next week in the evening", at(2026, 12, 14, 17), at(2026, 12, 21)),
        ("juma ko dopahar", at(2026, 12, 11, 14), at(2026, 12, 11, 17)),  # juma: Friday
    ],
)
def test_more_windows(text, start, end):
    w = parse_when(text, MONDAY)
    assert w is not None and (w.start, w.end) == (start, end)


def test_after_a_time_without_a_day_means_any_coming_day_from_then_on():
    w = parse_when("any day after 3 pm, my son has school", MONDAY)
    assert w.start == at(2026, 12, 7, 15) and w.daily == (dt.time(15), dt.time.max)
    assert w.admits(at(2026, 12, 9, 16)) and not w.admits(at(2026, 12, 9, 11))


def test_any_weekday_morning_leaves_out_the_weekend_and_the_afternoons():
    w = parse_when("any weekday morning please", MONDAY)
    assert w.admits(at(2026, 12, 8, 10, 30))
    assert not w.admits(at(2026, 12, 12, 10, 30)) and not w.admits(at(2026, 12, 8, 15))


@pytest.mark.parametrize("text", ["the earliest you can", "asap", "jitni jaldi ho sake", "first available slot"])
def test_the_earliest_spans_every_bookable_day(text):
    w = parse_when(text, MONDAY)
    assert w.start == MONDAY and w.end > MONDAY + dt.timedelta(days=20) and w.daily is None


@pytest.mark.parametrize("text", ["after school", "3 decembr at 4", "whenever the moon is full 99"])
def test_words_that_cannot_be_placed_give_none(text):
    assert parse_when(text, MONDAY) is None


@pytest.mark.parametrize("typed", ["Wed 25 Nov 4:30 pm", "25 November 4.30pm", "25/11 at 4:30 pm"])
def test_todays_date_typed_is_today_not_next_year(typed):
    # a patient types back the title of a time offered for today ("Wed 25 Nov 4:30 pm")
    assert parse_when(typed, NOW).start == at(2026, 11, 25, 16, 30)


def test_a_date_with_its_year_keeps_the_year():
    assert parse_when("25 Nov 2027 at 11 am", NOW).start == at(2027, 11, 25, 11)
