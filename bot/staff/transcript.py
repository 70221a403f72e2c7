"""A conversation's transcript, read from Rasa's SQL tracker store (table `events`; read only, never altered).

A conversation in which the patient declined consent (a `consent` slot set to false, never to true) is not
shown: the patient was promised that staff would see no transcript of it."""
from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url


# The consent slot's name (bot.intake.form_logic.CONSENT); not imported, because importing form_logic loads
# the NLP stack (TensorFlow, seconds) into a web app that needs none of it.
CONSENT = "consent"

_EVENTS = text(
    "SELECT id, type_name, timestamp, data FROM events WHERE sender_id = :sender_id ORDER BY id"
)


@dataclass
class Turn:
    kind: str  # user, bot, divider
    at: Optional[dt.datetime]
    text: str = ""
    clicked: Optional[str] = None  # the title of the button the patient clicked
    payload: Optional[str] = None
    buttons: List[Dict[str, str]] = field(default_factory=list)
    intent: Optional[str] = None
    confidence: Optional[float] = None
    intent_ranking: List[Dict[str, Any]] = field(default_factory=list)
    entities: List[Dict[str, Any]] = field(default_factory=list)
    slots: List[Dict[str, Any]] = field(default_factory=list)  # what the bot recorded after this message
    channel: Optional[str] = None

    def to_json(self) -> Dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items()}
        data["at"] = self.at.isoformat() if self.at else None
        return data


@dataclass
class Transcript:
    available: bool
    withheld: bool = False  # consent declined: nothing is shown
    turns: List[Turn] = field(default_factory=list)
    error: Optional[str] = None


@functools.lru_cache(maxsize=4)
def tracker_engine(url: str) -> Engine:
    """A read-only engine. SQLite is opened with mode=ro, so a missing file is an error, not a new database."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        return create_engine(f"sqlite:///file:{u.database}?mode=ro&uri=true", future=True,
                             connect_args={"check_same_thread": False, "timeout": 10})
    connect_args = {"connect_timeout": 5} if u.get_backend_name() == "postgresql" else {}
    return create_engine(url, future=True, pool_pre_ping=True, connect_args=connect_args)


def _time(value) -> Optional[dt.datetime]:
    try:
        return dt.datetime.fromtimestamp(float(value), dt.timezone.utc)
    except (TypeError, ValueError, OverflowError):
        return None


def _data(raw) -> Dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def consent_declined(events: List[Dict[str, Any]]) -> bool:
    values = [e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == CONSENT]
    return False in values and True not in values


def _buttons(bot_data: Dict[str, Any]) -> List[Dict[str, str]]:
    buttons = ((bot_data.get("data") or {}).get("buttons")) or bot_data.get("buttons") or []
    return [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in buttons if isinstance(b, dict)]


def build_turns(events: List[Dict[str, Any]]) -> List[Turn]:
    """Events (Rasa's event dicts with `timestamp`) to what staff read: user and bot messages, button titles
    for clicks, slots recorded after each user message, and dividers where a session (re)started."""
    turns: List[Turn] = []
    last_buttons: List[Dict[str, str]] = []
    last_user: Optional[Turn] = None
    for e in events:
        kind, at = e.get("event"), _time(e.get("timestamp"))
        if kind == "user":
            message = e.get("text") or ""
            parse = e.get("parse_data") or {}
            intent = parse.get("intent") or {}
            clicked = next((b["title"] for b in last_buttons if b["payload"] == message), None)
            turn = Turn(
                "user", at, text=clicked or message, clicked=clicked,
                payload=message if (clicked or message.startswith("/")) else None,
                intent=intent.get("name"), confidence=intent.get("confidence"),
                intent_ranking=[{"name": r.get("name"), "confidence": r.get("confidence")}
                                for r in (parse.get("intent_ranking") or [])[:3]],
                entities=[{k: ent.get(k) for k in ("entity", "value", "extractor", "confidence_entity")}
                          for ent in parse.get("entities") or []],
                channel=e.get("input_channel"),
            )
            turns.append(turn)
            last_user, last_buttons = turn, []
        elif kind == "bot":
            buttons = _buttons(e)
            turns.append(Turn("bot", at, text=e.get("text") or "", buttons=buttons))
            last_buttons = buttons or last_buttons
        elif kind == "slot" and last_user is not None and e.get("name") not in ("requested_slot",):
            last_user.slots.append({"name": e.get("name"), "value": e.get("value")})
        elif kind == "session_started":
            turns.append(Turn("divider", at, text="New session"))
            last_user = None
        elif kind == "restart":
            turns.append(Turn("divider", at, text="Conversation restarted"))
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
