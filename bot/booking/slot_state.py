"""A free slot as the conversation keeps it (a slot value of plain strings) and as a time button sends it
("slot:<start>|<practitioner id>"), and the short day and time patients read on buttons."""

from __future__ import annotations

import datetime as dt
import re

from .free_times import FreeSlot

_SLOT_CHOICE = re.compile(r"slot:(.{1,40})\|([\w-]{1,64})")


def slot_value(slot: FreeSlot) -> dict[str, str]:
    return {
        "start": slot.start.isoformat(),
        "practitioner_id": slot.practitioner_id,
        "practitioner": slot.practitioner_name,
        "end": slot.end.isoformat(),
    }


def slot_from(value: dict[str, str]) -> FreeSlot:
    return FreeSlot(
        dt.datetime.fromisoformat(value["start"]),
        dt.datetime.fromisoformat(value["end"]),
        value["practitioner_id"],
        value["practitioner"],
    )


def choice_value(slot: FreeSlot) -> str:
    return f"slot:{slot.start.isoformat()}|{slot.practitioner_id}"


def parse_choice(choice: str) -> tuple[dt.datetime, str] | None:
    """(start, practitioner id) from a time button's value, or None for anything our buttons never send:
    a client can post any payload (a time without a zone, the year 1). The practitioner is not checked here."""
    match = _SLOT_CHOICE.fullmatch(choice or "")
    if not match:
        return None
    try:
        start = dt.datetime.fromisoformat(match.group(1))
        if start.tzinfo is None:
            return None
        start.astimezone(dt.timezone.utc)  # OverflowError at the ends of the calendar
    except (ValueError, OverflowError):
        return None
    return start, match.group(2)


def day_and_time(start: dt.datetime) -> tuple[str, str]:
    """("Mon 7 Dec", "10 am"), ("Tue 8 Dec", "4:30 pm")."""
    return start.strftime("%a %-d %b"), start.strftime("%-I:%M %p").lower().replace(":00 ", " ")
