"""Retention settings and which conversations are past them (plain Python)."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.privacy.retention import expired_conversations
from bot.settings import RetentionSettings, years_before

UTC = dt.timezone.utc
NOW = dt.datetime(2028, 2, 29, 12, tzinfo=UTC)


def test_defaults_and_settings_from_the_environment():
    assert RetentionSettings.from_env({}) == RetentionSettings(30, 5, 30)
    env = {"RETENTION_UNFINISHED_DAYS": "7", "RETENTION_COMPLETED_YEARS": " 10 ", "RETENTION_LOG_DAYS": "90"}
    assert RetentionSettings.from_env(env) == RetentionSettings(7, 10, 90)


@pytest.mark.parametrize("name", ["RETENTION_UNFINISHED_DAYS", "RETENTION_COMPLETED_YEARS", "RETENTION_LOG_DAYS"])
@pytest.mark.parametrize("value", ["0", "-3", "thirty", "1.5"])
def test_a_wrong_setting_is_refused_by_name_rather_than_erasing_everything(name, value):
    with pytest.raises(ValueError, match=name):
        RetentionSettings.from_env({name: value})


def test_cutoffs():
    r = RetentionSettings(unfinished_days=30, completed_years=5, log_days=14)
    assert r.unfinished_cutoff(NOW) == dt.datetime(2028, 1, 30, 12, tzinfo=UTC)
    assert r.completed_cutoff(NOW) == dt.datetime(2023, 2, 28, 12, tzinfo=UTC)  # no 29 February in 2023
    assert r.log_cutoff(NOW) == dt.datetime(2028, 2, 15, 12, tzinfo=UTC)
    assert years_before(dt.datetime(2027, 6, 1, tzinfo=UTC), 2) == dt.datetime(2025, 6, 1, tzinfo=UTC)


def test_unfinished_conversations_expire_after_days_completed_ones_after_years():
    r = RetentionSettings(unfinished_days=30, completed_years=5)
    day = dt.timedelta(days=1)
    activity = {
        "unfinished-old": NOW - 31 * day,
        "unfinished-recent": NOW - 29 * day,
        "unfinished-at-the-limit": r.unfinished_cutoff(NOW),  # exactly 30 days: kept until it is older
        "completed-a-year-ago": NOW - 365 * day,
        "completed-six-years-ago": NOW - 6 * 366 * day,
        "completed-at-the-limit": r.completed_cutoff(NOW),
    }
    completed = {"completed-a-year-ago", "completed-six-years-ago", "completed-at-the-limit", "not-in-activity"}
    expired = expired_conversations(activity, completed, r, NOW)
    assert expired.unfinished == ("unfinished-old",)
    assert expired.completed == ("completed-six-years-ago",)
    assert expired.all == ("unfinished-old", "completed-six-years-ago")


def test_nothing_known_nothing_expired():
    assert expired_conversations({}, set(), RetentionSettings(), NOW).all == ()
