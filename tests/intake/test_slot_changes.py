"""Only the slots a turn changes are set (bot/conversation/slot_changes.py)."""
from __future__ import annotations

from bot.conversation.slot_changes import changed_only


def test_drops_values_already_held_and_keeps_new_ones():
    current = {"age": 34, "sex": "female", "triggers": ["illness_fever"], "phone": None}
    updates = {"age": 34, "sex": "male", "triggers": ["illness_fever"], "phone": "+923001234567", "new": 1}
    assert changed_only(updates, current) == {"sex": "male", "phone": "+923001234567", "new": 1}


def test_compares_as_the_tracker_stores_values():
    current = {"family_history": 1, "duration_days": 21, "retries": {"age": 1, "sex": 2}}
    assert changed_only({"family_history": True}, current) == {"family_history": True}
    assert changed_only({"duration_days": 21.0}, current) == {"duration_days": 21.0}
    assert changed_only({"retries": {"sex": 2, "age": 1}}, current) == {}


def test_slots_named_always_are_kept():
    assert changed_only({"consent": False, "age": 3}, {"consent": False, "age": 3}, always=("consent",)) == {
        "consent": False
    }
