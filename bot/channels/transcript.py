"""A session's transcript for the widget, from the tracker's events: what the patient saw, in order."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

WEB_METADATA_KEY = "web"  # UserMessage metadata set by the web channel: {"shown": title, "hidden": bool}


def iso_time(timestamp: float | None) -> str:
    moment = datetime.fromtimestamp(timestamp, timezone.utc) if timestamp else datetime.now(timezone.utc)
    return moment.isoformat(timespec="seconds")


def bot_message(message: dict[str, Any], timestamp: float | None = None) -> dict[str, Any]:
    """Only the parts the widget renders, so internal fields (recipient ids, custom data) never leave."""
    out: dict[str, Any] = {"from": "bot", "time": iso_time(timestamp)}
    if message.get("text"):
        out["text"] = str(message["text"])
    buttons = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in message.get("buttons") or message.get("quick_replies") or []
        if isinstance(b, dict)
    ]
    if buttons:
        out["buttons"] = buttons
    if isinstance(message.get("image"), str):
        out["image"] = message["image"]
    return out


def user_message(text: str, metadata: dict[str, Any] | None, timestamp: float | None) -> dict[str, Any] | None:
    web = (metadata or {}).get(WEB_METADATA_KEY) or {}
    if web.get("hidden"):
        return None  # the widget's opening "/greet": not something the patient typed
    shown = web.get("shown") or text
    if not shown:
        # typed before consent: the tracker store never keeps those words (bot/tracker_store.py)
        shown = "(not stored)"
    return {"from": "user", "text": shown, "time": iso_time(timestamp)}


def transcript(events: Iterable[dict[str, Any]], photos_sent_at: Iterable[datetime] = ()) -> list[dict[str, Any]]:
    """What the patient saw, in order; with a line for each photo they sent where it came (the widget shows
    "Photo sent": the photo itself stays with the clinic)."""
    photos = sorted((m if m.tzinfo else m.replace(tzinfo=timezone.utc)).timestamp() for m in photos_sent_at)
    messages: list[dict[str, Any]] = []
    for event in events:
        at = event.get("timestamp")
        while photos and isinstance(at, (int, float)) and photos[0] <= at:
            messages.append({"from": "user", "photo": True, "time": iso_time(photos.pop(0))})
        if event.get("event") == "user":
            message = user_message(event.get("text") or "", event.get("metadata"), at)
        elif event.get("event") == "bot":
            data = event.get("data") or {}
            message = bot_message({"text": event.get("text"), **data}, at)
            if "text" not in message and "buttons" not in message and "image" not in message:
                message = None
        else:
            message = None
        if message:
            messages.append(message)
    messages += [{"from": "user", "photo": True, "time": iso_time(moment)} for moment in photos]
    return messages
