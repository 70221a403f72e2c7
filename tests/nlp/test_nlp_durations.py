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
