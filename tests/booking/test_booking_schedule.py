import dataclasses
import datetime as dt

from bot.clinic import clinic_facts
from bot.booking.schedule import default_schedule, load_schedule, schedule_from_dict, SCHEDULE_PATH

import yaml


def test_weekday_hours_and_breaks():
    s = default_schedule()
    monday = s.slot_starts(dt.date(2026, 12, 7))
    times = [t.strftime("%H:%M") for t in monday]
    assert times[0] == "10:00" and times[-1] == "18:30"
    assert "12:30" in times and "13:00" not in times and "13:30" not in times and "14:00" in times
    friday = [t.strftime("%H:%M") for t in s.slot_starts(dt.date(2026, 12, 11))]
    assert "12:30" in friday and "14:30" not in friday and "15:00" in friday  # Jumu'ah break 13-15
    assert s.slot_starts(dt.date(2026, 12, 13)) == []  # Sunday
    assert s.slot_starts(dt.date(2026, 12, 25)) == []  # Quaid-e-Azam Day
    assert all(t.utcoffset() == dt.timedelta(hours=5) for t in monday)


def test_schedule_file_is_complete():
    s = load_schedule(SCHEDULE_PATH)
    assert len(s.practitioners) == 2
    assert s.consultation == dt.timedelta(minutes=30)
    assert s.min_lead == dt.timedelta(hours=2) and s.horizon == dt.timedelta(days=30)
    assert str(s.tz) == "Asia/Karachi"


def test_consultation_must_fit_before_a_break():
    cfg = yaml.safe_load(SCHEDULE_PATH.read_text())
    cfg["consultation_minutes"] = 45
    # the opening hours are the clinic's facts (bot/clinic/facts.yml)
    hours = {**clinic_facts().opening_hours, "mon": {"open": "10:00", "close": "12:00", "breaks": [["11:00", "11:30"]]}}
    facts = dataclasses.replace(clinic_facts(), opening_hours=hours)
    times = [t.strftime("%H:%M") for t in schedule_from_dict(cfg, facts).slot_starts(dt.date(2026, 12, 7))]
    assert times == ["10:00"]  # 11:30 + 45 min runs past closing
