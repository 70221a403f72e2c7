from datetime import date

import pytest
from nlp_testing import finding

from bot.nlp.durations import find_times


@pytest.mark.parametrize("text,days", [
    ("for 3 weeks", 21), ("since last year", 365), ("for the past 2 months", 60), ("since 6 months", 180),
    ("6 mahine se", 180), ("2 saal se", 730), ("4-5 years", 1642), ("a year and a half", 548),
    ("half a year", 180), ("for a couple of months", 60), ("about 3 weeks ago my hair started falling", 21),
    ("for years", 730), ("10 days", 10),
])
def test_duration_days(u, text, days):
    assert u(text).slots["duration_days"] == days


def test_since_month_uses_today(u):
    # fixed today 2026-11-25: mid-August is 102 days back
    assert u("hair coming out in clumps since I had dengue in August").slots["duration_days"] == 102


def test_since_month_last_year():
    t = find_times("since November", today=date(2026, 3, 1))
    assert t[0].days == (date(2026, 3, 1) - date(2025, 11, 15)).days


@pytest.mark.parametrize("text,lag", [
    ("two months after my baby was born", 60), ("about 3 months later I noticed shedding", 90),
    ("10 weeks later my hair is falling out", 70), ("started sertraline 3 months ago and now my hair falls", 90),
])
def test_trigger_lag_is_not_a_duration(u, text, lag):
    r = u(text)
    assert finding(r, "trigger_lag").value == lag
    assert "duration_days" not in r.slots


@pytest.mark.parametrize("text", [
    "I am 30 years old", "my 14-year-old daughter wears braids", "baby is 4 months old", "I'm 5 months pregnant",
    "sessions every 2 weeks", "5 sessions 2 weeks apart", "it came in 10 days", "all gone within 2 months",
    "tried minoxidil for 6 months", "on finasteride since 1 year", "I lost 15 kg", "100 hairs a day",
    "in the ICU for 2 weeks",
])
def test_not_a_hair_loss_duration(u, text):
    assert "duration_days" not in u(text).slots


@pytest.mark.parametrize("text,days", [
    ("for 2.5 years", 912), ("dhaai saal se", 912), ("dedh mahine se", 45), ("saadhe teen saal", 1278),
    ("one and a half months", 45), ("a year and 3 months", 455), ("do saal aur chhe mahine se", 910),
    ("kai saal se", 1460), ("around 9 weeks", 63), ("several months, maybe 5", 150), ("chay maheenay", 180),
])
def test_halves_parts_and_refinements_are_kept(u, text, days):
    assert u(text).slots["duration_days"] == days


@pytest.mark.parametrize("text,days", [
    ("not 3 months, 7 months", 210), ("7 months not 3", 210), ("teen mahine nahi, saat mahine", 210),
])
def test_a_value_taken_back_is_not_the_duration(u, text, days):
    assert u(text).slots["duration_days"] == days


@pytest.mark.parametrize("text", [
    "umar 29 saal", "meri umar 60 saal hai", "I am 45 years", "she's 12 years", "mera beta 9 saal ka hai",
])
def test_an_age_is_not_a_duration(u, text):
    assert "duration_days" not in u(text).slots


def test_a_number_of_years_in_reply_to_the_age_question_is_the_age(u):
    assert "duration_days" not in u("38 years", context_slot="age").slots
    assert u("38 years", context_slot="duration_days").slots["duration_days"] == 38 * 365
    assert u("29, thinning for 3 years", context_slot="age").slots["duration_days"] == 3 * 365


@pytest.mark.parametrize("text", [
    "one day it just began falling", "one week my scalp started to show",          # when, not how long
    "my exams finished 3 weeks back and I was stressed",                         # since an event, not the hair
    "I've had PCOS for 8 years", "our daughter is 10 months and I'm shedding",   # a condition's and a child's time
    "do mahine mein 6 kilo kam kiye",                                            # "within two months"
])
def test_times_that_are_not_how_long_the_hair_loss_lasted(u, text):
    assert "duration_days" not in u(text).slots


def test_since_when_is_read_in_reply_to_how_long(u):
    assert u("4 months ago", context_slot="duration_days").slots["duration_days"] == 120
