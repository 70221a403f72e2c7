"""bot.event_types: the same class for every event name as Rasa's own lookup, unknown names refused as before."""
import pytest
from rasa.shared.core import events as rasa_events
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

from bot import event_types


def test_every_event_name_resolves_to_rasas_class():
    for cls in all_subclasses(Event):
        assert event_types.resolve_by_type(cls.type_name) is event_types._rasas_resolve_by_type(cls.type_name)
    assert event_types.resolve_by_type("slot") is SlotSet and event_types.resolve_by_type("user") is UserUttered


def test_unknown_names_keep_rasas_answers():
    assert event_types.resolve_by_type("topic") is None
    assert event_types.resolve_by_type("no-such-event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError):
        event_types.resolve_by_type("no-such-event")
    assert "no-such-event" not in event_types._found  # a default is never remembered as the class


def test_installed_lookup_is_used_when_events_are_read(monkeypatch):
    monkeypatch.setattr(Event, "resolve_by_type", Event.resolve_by_type)  # undone after the test
    event_types.install()
    calls = []
    monkeypatch.setattr(event_types, "_found", {})
    original = event_types._rasas_resolve_by_type
    monkeypatch.setattr(event_types, "_rasas_resolve_by_type", lambda *a: calls.append(a) or original(*a))
    read = rasa_events.deserialise_events([{"event": "slot", "name": "a", "value": 1}] * 5)
    assert [type(e) for e in read] == [SlotSet] * 5 and len(calls) == 1
