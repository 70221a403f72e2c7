"""The Rasa server's lookup of an event's class by its name, worked out once per name.

Rasa 3.6's Event.resolve_by_type walks every subclass of Event, recursively, for every event it reads: rebuilding
a conversation of a few hundred events from the tracker store spent most of its time there (about 0.2 ms an
event). Event classes do not change once imported, so each name found is remembered; a name not found is
looked up again every time (a class imported later may bring it), and unknown names fail as before."""

from __future__ import annotations

from rasa.shared.core.events import Event

_rasas_resolve_by_type = Event.resolve_by_type
_found: dict[str, type[Event]] = {}


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    found = _found.get(type_name)
    if found is not None:
        return found
    resolved = _rasas_resolve_by_type(type_name, default)
    if resolved is not None and resolved is not default:
        _found[type_name] = resolved
    return resolved


def install() -> None:
    Event.resolve_by_type = staticmethod(resolve_by_type)
