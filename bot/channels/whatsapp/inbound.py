"""Reading Meta's webhook bodies: patient messages and delivery statuses, in the shape Meta documents
(object "whatsapp_business_account", entry[].changes[].value with `messages`, `contacts`, `statuses`).

Who wrote: the conversation is "wa-" + the WhatsApp id (the phone number's digits). With WhatsApp usernames
Meta may leave the phone number out and give only a business-scoped user id (BSUID, e.g. "US.1349..."):
then the conversation is "wa-u-" + a safe form of it and there is no phone to offer for booking.

Nothing here touches the network or the database; bad parts of a body are skipped, not fatal."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from bot.channels.rest import storable_text

PHONE_PREFIX = "wa-"
USER_ID_PREFIX = "wa-u-"
MAX_TEXT_CHARS = 4096  # WhatsApp's own limit for a text message
_DIGITS = re.compile(r"^[0-9]{5,20}$")
_SAFE_USER_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9._=+/:-]{1,256}$")

TEXT, CHOICE, PHOTO, DOCUMENT, UNSUPPORTED = "text", "choice", "photo", "document", "unsupported"
STATUSES = ("sent", "delivered", "read", "failed")
REACTION = "reaction"


@dataclass(frozen=True)
class Sender:
    conversation_id: str
    recipient: str  # where replies go: the phone digits (`to`) or the user id (`recipient`)
    has_phone: bool


@dataclass(frozen=True)
class Incoming:
    message_id: str
    sender: Sender
    sent_at: dt.datetime
    kind: str  # TEXT, CHOICE (a button's or list row's id), PHOTO, DOCUMENT or UNSUPPORTED
    text: str = ""  # the text, the choice's id, or a photo's caption
    media_id: str = ""
    mime_type: str = ""

    def as_record(self) -> dict[str, Any]:
        """What is kept until the message is answered (bot.channels.whatsapp.records)."""
        return {"kind": self.kind, "text": self.text, "media_id": self.media_id, "mime_type": self.mime_type}


@dataclass(frozen=True)
class StatusEvent:
    message_id: str  # ours (a status) or the one reacted to (a reaction)
    conversation_id: str
    status: str  # one of STATUSES, or REACTION
    at: dt.datetime
    error_code: int | None = None


def user_id_conversation(user_id: str) -> str:
    safe = user_id if _SAFE_USER_ID.match(user_id) else hashlib.sha256(user_id.encode()).hexdigest()[:40]
    return USER_ID_PREFIX + safe


def sender_of(phone: object, user_id: object) -> Sender | None:
    if isinstance(phone, str) and _DIGITS.match(phone):
        return Sender(PHONE_PREFIX + phone, phone, True)
    if isinstance(user_id, str) and 0 < len(user_id) <= 160 and user_id.isprintable():
        return Sender(user_id_conversation(user_id), user_id, False)
    return None


def phone_of(conversation_id: str) -> str | None:
    """'+<digits>' for a "wa-<digits>" conversation, else None."""
    if conversation_id.startswith(USER_ID_PREFIX) or not conversation_id.startswith(PHONE_PREFIX):
        return None
    digits = conversation_id[len(PHONE_PREFIX) :]
    return "+" + digits if _DIGITS.match(digits) else None


def _time(value: object) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(str(value)), dt.timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return dt.datetime.now(dt.timezone.utc)


def _clean(text: object) -> str:
    return storable_text(text)[:MAX_TEXT_CHARS] if isinstance(text, str) else ""


def _dicts(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _content(message: dict[str, Any]) -> tuple[str, str, str, str]:
    """(kind, text, media id, mime type) of one message."""
    kind = message.get("type")
    part = message.get(kind) if isinstance(kind, str) else None
    part = part if isinstance(part, dict) else {}
    if kind == "text":
        return TEXT, _clean(part.get("body")), "", ""
    if kind == "interactive":
        reply = part.get("button_reply") or part.get("list_reply")
        if isinstance(reply, dict) and isinstance(reply.get("id"), str):
            return CHOICE, _clean(reply["id"]), "", ""
    if kind == "button":  # the legacy reply to a template's quick-reply button
        value = part.get("payload") or part.get("text")
        if isinstance(value, str):
            return CHOICE, _clean(value), "", ""
    if kind in ("image", "document") and isinstance(part.get("id"), str):
        mime = str(part.get("mime_type") or "")
        return (PHOTO if kind == "image" else DOCUMENT), _clean(part.get("caption")), part["id"], mime[:100]
    return UNSUPPORTED, "", "", ""


def parse_webhook(data: object) -> tuple[list[Incoming], list[StatusEvent]]:
    """The patient messages and statuses of one webhook body. ValueError when it is not a webhook at all."""
    if not isinstance(data, dict) or not isinstance(data.get("entry"), list):
        raise ValueError("not a WhatsApp webhook body")
    messages: list[Incoming] = []
    statuses: list[StatusEvent] = []
    for entry in _dicts(data["entry"]):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if isinstance(value, dict):
                _read_value(value, messages, statuses)
    return messages, statuses


def _read_value(value: dict[str, Any], messages: list[Incoming], statuses: list[StatusEvent]) -> None:
    contacts = _dicts(value.get("contacts"))
    for message in _dicts(value.get("messages")):
        message_id = message.get("id")
        if not isinstance(message_id, str) or not _MESSAGE_ID.match(message_id):
            continue
        contact = contacts[0] if len(contacts) == 1 else {}
        phone = message.get("from") or contact.get("wa_id")
        sender = sender_of(phone, message.get("from_user_id") or contact.get("user_id"))
        if sender is None or message.get("type") == "system":  # number changes etc.: not the patient's words
            continue
        at = _time(message.get("timestamp"))
        if message.get("type") == REACTION:
            reacted = (
                (message.get("reaction") or {}).get("message_id") if isinstance(message.get("reaction"), dict) else None
            )
            if isinstance(reacted, str) and _MESSAGE_ID.match(reacted):
                statuses.append(StatusEvent(reacted, sender.conversation_id, REACTION, at))
            continue
        kind, text, media_id, mime = _content(message)
        messages.append(Incoming(message_id, sender, at, kind, text, media_id, mime))
    for status in _dicts(value.get("statuses")):
        message_id, state = status.get("id"), status.get("status")
        sender = sender_of(status.get("recipient_id"), status.get("recipient_user_id"))
        if not (isinstance(message_id, str) and _MESSAGE_ID.match(message_id)) or state not in STATUSES or not sender:
            continue
        code = next((e.get("code") for e in _dicts(status.get("errors")) if isinstance(e.get("code"), int)), None)
        statuses.append(StatusEvent(message_id, sender.conversation_id, state, _time(status.get("timestamp")), code))
