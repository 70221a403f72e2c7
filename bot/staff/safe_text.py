"""Text the staff app can always send. Patient text reaches us through JSON (stored summaries, tracker events,
API bodies), where an escape like "\\ud800" decodes to a lone surrogate: a Python str that UTF-8 cannot encode,
so the response (or a database write) would fail. Every page, export and API answer goes through here and shows
such a character as U+FFFD instead."""

from __future__ import annotations

import json
import re
from typing import Any

REPLACEMENT = "\ufffd"
# In a Python str every surrogate code point is unpaired (a real pair decodes to one astral character).
_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    return _SURROGATE.sub(REPLACEMENT, text)


def encodable_data(value: Any) -> Any:
    """`value` (JSON-like: dicts, lists, strings, numbers) with every string, keys too, made encodable."""
    if isinstance(value, str):
        return encodable(value)
    if isinstance(value, dict):
        return {encodable_data(k): encodable_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encodable_data(v) for v in value]
    return value


def json_dumps(value: Any, **kwargs: Any) -> str:
    """JSON text for a response (Sanic's `dumps`): UTF-8 encodable, compact, dates as ISO text."""
    kwargs.setdefault("ensure_ascii", False)
    kwargs.setdefault("separators", (",", ":"))
    kwargs.setdefault("default", str)
    return encodable(json.dumps(value, **kwargs))
