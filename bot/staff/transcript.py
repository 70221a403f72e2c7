"""A conversation's transcript, read from Rasa's SQL tracker store (table `events`; read only, never altered).

A conversation in which the patient declined consent (a `consent` slot set to false, never to true) is not
shown: the patient was promised that staff would see no transcript of it."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from bot.conversation.slot_names import CONSENT, REQUESTED

_EVENTS = text("SELECT id, type_name, timestamp, data FROM events WHERE sender_id = :sender_id ORDER BY id")


@dataclass
class TranscriptLine:
    """One line of a transcript as staff see it: a patient message, a bot message, or a divider."""

    kind: str  # user, bot, divider
    at: dt.datetime | None
    text: str = ""
    clicked: str | None = None  # the title of the button the patient clicked
    payload: str | None = None
    buttons: list[dict[str, str]] = field(default_factory=list)
    intent: str | None = None
    confidence: float | None = None
    intent_ranking: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    slots: list[dict[str, Any]] = field(default_factory=list)  # what the bot recorded after this message
    channel: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["at"] = self.at.isoformat() if self.at else None
        return data


@dataclass
class Transcript:
    available: bool
    withheld: bool = False  # consent declined: nothing is shown
    turns: list[TranscriptLine] = field(default_factory=list)
    error: str | None = None


@functools.lru_cache(maxsize=4)
def tracker_engine(url: str) -> Engine:
    """A read-only engine. SQLite is opened with mode=ro, so a missing file is an error, not a new database."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        return create_engine(
            f"sqlite:///file:{u.database}?mode=ro&uri=true",
            future=True,
            connect_args={"check_same_thread": False, "timeout": 10},
        )
    connect_args = {"connect_timeout": 5} if u.get_backend_name() == "postgresql" else {}
    return create_engine(url, future=True, pool_pre_ping=True, connect_args=connect_args)


def _time(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(float(value), dt.timezone.utc)
    except (TypeError, ValueError, OverflowError):
        return None


def _data(raw) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def consent_declined(events: list[dict[str, Any]]) -> bool:
    values = [e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == CONSENT]
    return False in values and True not in values


def _buttons(bot_data: dict[str, Any]) -> list[dict[str, str]]:
    buttons = ((bot_data.get("data") or {}).get("buttons")) or bot_data.get("buttons") or []
    return [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))} for b in buttons if isinstance(b, dict)
    ]


def build_turns(events: list[dict[str, Any]]) -> list[TranscriptLine]:
    """Events (Rasa's event dicts with `timestamp`) to what staff read: user and bot messages, button titles
    for clicks, slots recorded after each user message, and dividers where a session (re)started."""
    turns: list[TranscriptLine] = []
    last_buttons: list[dict[str, str]] = []
    last_user: TranscriptLine | None = None
    for e in events:
        kind, at = e.get("event"), _time(e.get("timestamp"))
        if kind == "user":
            message = e.get("text") or ""
            parse = e.get("parse_data") or {}
            intent = parse.get("intent") or {}
            clicked = next((b["title"] for b in last_buttons if b["payload"] == message), None)
            turn = TranscriptLine(
                "user",
                at,
                text=clicked or message,
                clicked=clicked,
                payload=message if (clicked or message.startswith("/")) else None,
                intent=intent.get("name"),
                confidence=intent.get("confidence"),
                intent_ranking=[
                    {"name": r.get("name"), "confidence": r.get("confidence")}
                    for r in (parse.get("intent_ranking") or [])[:3]
                ],
                entities=[
                    {k: ent.get(k) for k in ("entity", "value", "extractor", "confidence_entity")}
                    for ent in parse.get("entities") or []
                ],
                channel=e.get("input_channel"),
            )
            turns.append(turn)
            last_user, last_buttons = turn, []
        elif kind == "bot":
            buttons = _buttons(e)
            turns.append(TranscriptLine("bot", at, text=e.get("text") or "", buttons=buttons))
            last_buttons = buttons or last_buttons
        elif kind == "slot" and last_user is not None and e.get("name") != REQUESTED:
            last_user.slots.append({"name": e.get("name"), "value": e.get("value")})
        elif kind == "session_started":
            turns.append(TranscriptLine("divider", at, text="New session"))
            last_user = None
        elif kind == "restart":
            turns.append(TranscriptLine("divider", at, text="Conversation restarted"))
            last_user = None
    return turns


def load_transcript(tracker_db_url: str, sender_id: str) -> Transcript:
    try:
        with tracker_engine(tracker_db_url).connect() as conn:
            rows = conn.execute(_EVENTS, {"sender_id": sender_id}).all()
    except Exception as error:  # noqa: BLE001 - no tracker store (yet) must not break the intake page
        return Transcript(available=False, error=error.__class__.__name__)
    events = []
    for _id, type_name, timestamp, raw in rows:
        data = _data(raw)
        data.setdefault("event", type_name)
        data.setdefault("timestamp", timestamp)
        events.append(data)
    if consent_declined(events):
        return Transcript(available=True, withheld=True)
    return Transcript(available=bool(events), turns=build_turns(events))
