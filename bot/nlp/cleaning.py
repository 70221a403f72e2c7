"""Plain text for matching, free of spaCy: the answer readers of the conversation align with bot.nlp's
character offsets by cleaning a reply the same way the pipeline does."""

from __future__ import annotations

import html
import re
from typing import Any

MAX_CHARS = 20_000  # longer messages are cut: nobody types more, and it bounds the work per message
TAG = re.compile(r"<[^>]{0,500}>")
SCRIPT = re.compile(r"<(script|style)\b.*?(</\1\s*>|$)", re.I | re.S)


def clean(text: Any) -> str:
    """Plain text for matching: no HTML tags or entities, straight apostrophes, bounded length."""
    if not isinstance(text, str):
        return ""
    text = TAG.sub(" ", SCRIPT.sub(" ", text[:MAX_CHARS]))
    text = html.unescape(text).replace("\u2019", "'").replace("\u2018", "'")
    return text if re.search(r"[A-Za-z0-9]", text) else ""
