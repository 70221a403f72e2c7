"""Dates in a message count from the clinic's day (Asia/Karachi, schedule.yml), not the server's (UTC)."""
import datetime as dt

from bot.booking.schedule import clinic_today
from bot.nlp import durations


def test_the_clinics_day_begins_at_midnight_in_karachi_not_utc():
    evening_utc = dt.datetime(2026, 11, 30, 19, 30, tzinfo=dt.timezone.utc)  # 00:30 on 1 December in Islamabad
    assert clinic_today(evening_utc) == dt.date(2026, 12, 1)
    assert clinic_today(dt.datetime(2026, 11, 30, 18, 30, tzinfo=dt.timezone.utc)) == dt.date(2026, 11, 30)


def test_since_a_month_counts_from_the_clinics_date(monkeypatch):
    def days(today=None):
        return [t.days for t in durations.find_times("it started since September", today) if t.kind == "duration"]

    monkeypatch.setattr(durations, "clinic_today", lambda: dt.date(2026, 12, 1))
    assert days() == days(dt.date(2026, 12, 1)) != days(dt.date(2026, 11, 30))
