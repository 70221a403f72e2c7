"""Only the slots a turn changes: a slot set to the value it already holds is an event stored, published and
sent back with every later action call, and changes nothing."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any


def _same(a: Any, b: Any) -> bool:
    # Compared as JSON (what the tracker stores), so True and 1, or 1 and 1.0, count as different values.
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def changed_only(
    updates: Mapping[str, Any], current: Mapping[str, Any], always: Collection[str] = ()
) -> dict[str, Any]:
    """The `updates` whose value differs from `current` (a slot `current` does not hold counts as changed);
    slots named in `always` are kept whatever their value."""
    return {
        name: value
        for name, value in updates.items()
        if name in always or name not in current or not _same(current[name], value)
    }
