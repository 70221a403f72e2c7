"""Turning the assistant's replies (Rasa's collected messages: text, buttons) into WhatsApp Cloud API message
bodies within Meta's documented limits:

- text: at most 4,096 characters a message, longer ones split at paragraph, line or sentence ends;
- 1-3 buttons: reply buttons (title <= 20 characters, id <= 256) under a body of <= 1,024 characters;
- 4-10 buttons: a list message (row title <= 24, description <= 72, row id <= 200, button text <= 20);
- more: numbered lines, "Reply with the number"; the sender's choices are remembered (records.py) so a
  reply "3" means the third. A payload too long for an id is sent as "#choice:<n>" and looked up the same way.
Bodies here carry no recipient; graph.py adds it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.messages import MessageFile

MESSAGES = MessageFile(Path(__file__).with_name("messages.yml"))
TEXT_LIMIT = 4096
INTERACTIVE_BODY_LIMIT = 1024
BUTTON_TITLE_LIMIT = 20
BUTTON_ID_LIMIT = 256
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
ROW_ID_LIMIT = 200
LIST_BUTTON_LIMIT = 20
MAX_BUTTONS, MAX_ROWS = 3, 10
CHOICE_PREFIX = "#choice:"
_NUMBER = re.compile(r"^\s*(\d{1,3})\s*\.?\s*$")


@dataclass
class Formatted:
    bodies: list[dict[str, Any]] = field(default_factory=list)
    choices: list[str] | None = None  # the payloads offered, in order, when the reply has buttons
    numbered: bool = False  # offered as numbered lines: a reply "3" picks the third


def cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut at a word end with "…" when too long."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if text[limit - 1] != " " and space >= limit // 2:  # not already at a word end
        head = head[:space]
    return head.rstrip(" ,;:-") + "…"


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """`text` in parts of at most `limit` characters, split at paragraph, line, sentence or word ends."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        at = -1
        for separator in ("\n\n", "\n", ". ", "? ", "! ", " "):
            found = window.rfind(separator)
            if found >= limit // 3:
                at = found + (1 if separator.strip() else 0)
                break
        if at <= 0:
            at = limit
        parts.append(rest[:at].strip())
        rest = rest[at:].strip()
    if rest:
        parts.append(rest)
    return parts


def short_title(title: str) -> str:
    """The button's WhatsApp wording (messages.yml short_titles), else the title itself."""
    title = " ".join(title.split())
    return str(MESSAGES.data.get("short_titles", {}).get(title, title))


def _unique_titles(titles: list[str], limit: int) -> list[str]:
    """Titles that fit `limit`: as written where they fit (a list row takes 24), else the short form or cut;
    Meta refuses equal titles in one message, so equal ones get a number."""
    whole = [" ".join(t.split()) for t in titles]
    cut_titles = [t if 0 < len(t) <= limit else cut(short_title(t), limit) or "-" for t in whole]
    seen: dict[str, int] = {}
    unique = []
    for title in cut_titles:
        count = seen.get(title, 0)
        seen[title] = count + 1
        unique.append(title if count == 0 else cut(title, limit - len(f" ({count + 1})")) + f" ({count + 1})")
    return unique


def choice_id(payload: str, index: int, limit: int) -> str:
    return payload if 0 < len(payload) <= limit and not payload.startswith(CHOICE_PREFIX) else f"{CHOICE_PREFIX}{index}"


def text_bodies(text: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"body": part, "preview_url": False}} for part in split_text(text)]


def _buttons_body(text: str, buttons: list[dict[str, str]]) -> dict[str, Any]:
    titles = _unique_titles([b["title"] for b in buttons], BUTTON_TITLE_LIMIT)
    return {
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": text},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": choice_id(b["payload"], i, BUTTON_ID_LIMIT), "title": title}}
                    for i, (b, title) in enumerate(zip(buttons, titles, strict=True), start=1)
                ]
            },
        },
    }


def _list_body(text: str, buttons: list[dict[str, str]]) -> dict[str, Any]:
    titles = _unique_titles([b["title"] for b in buttons], ROW_TITLE_LIMIT)
    rows = []
    for i, (button, title) in enumerate(zip(buttons, titles, strict=True), start=1):
        row = {"id": choice_id(button["payload"], i, ROW_ID_LIMIT), "title": title}
        full = " ".join(button["title"].split())
        if full != title:  # the whole wording, where the title had to be cut
            row["description"] = cut(full, ROW_DESCRIPTION_LIMIT)
        rows.append(row)
    return {
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": text},
            "action": {"button": cut(MESSAGES.text("list_button"), LIST_BUTTON_LIMIT), "sections": [{"rows": rows}]},
        },
    }


def format_reply(reply: dict[str, Any]) -> Formatted:
    """The WhatsApp bodies for one of the assistant's replies (a dict as CollectingOutputChannel keeps it)."""
    text = str(reply.get("text") or "").strip()
    buttons = [
        {"title": str(b.get("title") or b.get("payload") or ""), "payload": str(b.get("payload") or "")}
        for b in reply.get("buttons") or []
        if isinstance(b, dict) and b.get("payload")
    ]
    if not buttons:
        return Formatted(text_bodies(text) if text else [])
    payloads = [b["payload"] for b in buttons]
    if len(buttons) > MAX_ROWS:
        numbered = "\n".join(f"{i}. {' '.join(b['title'].split())}" for i, b in enumerate(buttons, start=1))
        prompt = MESSAGES.text("numbered_prompt")
        return Formatted(
            text_bodies(f"{text}\n\n{prompt}\n{numbered}" if text else f"{prompt}\n{numbered}"), payloads, True
        )
    bodies: list[dict[str, Any]] = []
    if not text or len(text) > INTERACTIVE_BODY_LIMIT:
        bodies = text_bodies(text) if text else []
        text = MESSAGES.text("choose_prompt")
    make = _buttons_body if len(buttons) <= MAX_BUTTONS else _list_body
    return Formatted([*bodies, make(text, buttons)], payloads, False)


def chosen_payload(text: str, choices: list[str] | None, numbered: bool) -> str | None:
    """The payload a reply means: "#choice:<n>" (any offer) or a bare number (numbered offers); else None."""
    if not choices:
        return None
    if text.startswith(CHOICE_PREFIX):
        index = text[len(CHOICE_PREFIX) :]
    else:
        match = _NUMBER.match(text)
        if not (numbered and match):
            return None
        index = match.group(1)
    number = int(index) if index.isdigit() else 0
    return choices[number - 1] if 1 <= number <= len(choices) else None
