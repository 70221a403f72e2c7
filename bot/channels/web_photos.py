"""Scalp photos from the web widget: POST /webhooks/web/photo (route in bot/channels/web.py).

The body is the raw image, read as a stream so this one route may take up to 10 MB while every other route of
the Rasa server keeps RASA_MAX_BODY_BYTES. Kept only with the patient's consent and from the description
question on (photos_allowed); what the file is, is decided by its content (bot.privacy.attachments).
The patient's words for all answers are in web_photos.yml."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sanic import response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.limits import Limiter, RateLimiter
from bot.conversation.slot_names import CONSENT, REQUESTED
from bot.messages import MessageFile
from bot.privacy.attachments import (
    MAX_BYTES,
    AttachmentRefused,
    list_attachments,
    refusal_message,
    store_attachment,
)
from bot.pseudonym import pseudonym
from bot.settings import Settings
from bot.store.attachment_models import PHOTO
from bot.store.db import SessionFactory, StorageUnavailable, make_engine, session_factory

logger = logging.getLogger(__name__)
TEXTS = MessageFile(Path(__file__).with_name("web_photos.yml"))
DESCRIPTION = "description"  # the question slot (bot/intake/questions.yml) from which photos are welcome
CHANNEL = "web"
REFUSAL_STATUS = {"too_large": 413, "not_allowed_type": 415, "unreadable": 415, "empty": 400}


def photos_allowed(slots: Mapping[str, Any]) -> bool:
    """Consent given, and the form has reached the description question (asking it, or it is answered)."""
    if slots.get(CONSENT) is not True:
        return False
    return slots.get(REQUESTED) == DESCRIPTION or slots.get(DESCRIPTION) is not None


async def conversation_slots(request: Request, sender_id: str) -> dict[str, Any]:
    """The conversation's current slot values ({} for a conversation the tracker store does not have)."""
    tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
    return dict(tracker.current_slot_values()) if tracker else {}


class AllowedSenders:
    """Sessions already shown the "Add a photo" button. Reading the whole conversation after every message costs
    a tracker load per turn (issue 15); once photos are allowed the button stays, so a session is read only until
    then. The upload route checks consent itself on every photo, so a consent withdrawn later still refuses it."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._known: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, sender_id: str) -> bool:
        return sender_id in self._known

    def add(self, sender_id: str) -> None:
        self._known[sender_id] = None
        self._known.move_to_end(sender_id)
        while len(self._known) > self.capacity:
            self._known.popitem(last=False)


async def photos_allowed_now(request: Request, sender_id: str, known: AllowedSenders | None = None) -> bool:
    """For the widget's "Add a photo" button. Never fails the reply it goes with: unknown means no."""
    if known is not None and sender_id in known:
        return True
    try:
        allowed = photos_allowed(await conversation_slots(request, sender_id))
    except Exception:  # a tracker store error must not turn a good reply into an error
        logger.warning("web photos: could not read the conversation of %s", pseudonym(sender_id), exc_info=True)
        return False
    if allowed and known is not None:
        known.add(sender_id)
    return allowed


def refused(status: int, code: str, message: str, **extra: Any) -> HTTPResponse:
    return response.json({"error": code, "message": message, **extra}, status=status)


class PhotoUploads:
    """The photo route's state: where photos go, the clinic database (opened on the first photo) and the
    per-session upload limit."""

    def __init__(
        self,
        photo_dir: Path | None = None,
        sessions: SessionFactory | None = None,
        uploads_per_window: int = 10,
        window_seconds: float = 600,
        limit: Limiter | None = None,
    ) -> None:
        self._photo_dir = photo_dir
        self._sessions = sessions
        self.limit = limit or RateLimiter(uploads_per_window, window_seconds)  # per session
        self._opening = threading.Lock()  # two first photos at once (executor threads) open one engine

    def _storage(self) -> tuple[SessionFactory, Path]:
        with self._opening:
            if self._sessions is None or self._photo_dir is None:
                settings = Settings.from_env()
                self._photo_dir = self._photo_dir or settings.photo_dir
                self._sessions = self._sessions or session_factory(make_engine(settings.database_url))
            return self._sessions, self._photo_dir

    async def handle(self, request: Request, sender_id: str) -> HTTPResponse:
        """The route's work once the session token and origin are checked (bot/channels/web.py)."""
        who = pseudonym(sender_id)
        declared = _declared_length(request)
        if declared is not None and declared > MAX_BYTES:
            return self._too_large()  # said so up front: nothing is read
        if not self.limit.allow(sender_id):
            wait = self.limit.retry_after(sender_id)
            await _drain(request)  # so the browser, still sending, gets to read the answer
            resp = refused(429, "rate_limited", TEXTS.text("too_many"), retry_after=wait)
            resp.headers["Retry-After"] = str(wait)
            return resp
        if not await photos_allowed_now(request, sender_id):
            await _drain(request)
            logger.info("web photo from %s refused: not at the photo questions or no consent", who)
            return refused(409, "photos_not_allowed", TEXTS.text("not_now"))
        data = await _read_body(request)
        if data is None:
            return self._too_large()
        try:
            stored, photos = await asyncio.get_running_loop().run_in_executor(
                None, functools.partial(self._store, sender_id, data, request.headers.get("content-type"))
            )
        except AttachmentRefused as refusal:
            logger.info("web photo from %s refused: %s", who, refusal.code)
            return refused(REFUSAL_STATUS[refusal.code], refusal.code, refusal_message(refusal.code))
        except StorageUnavailable:
            logger.error("web photo from %s not stored: the clinic database is unavailable", who)
            return refused(503, "unavailable", TEXTS.text("unavailable"))
        logger.info(
            "web photo %s from %s: %s, %d bytes%s",
            stored.id,
            who,
            stored.content_type,
            stored.size_bytes,
            " (already had it)" if stored.duplicate else "",
        )
        thanks = TEXTS.text("duplicate" if stored.duplicate else "stored")
        return response.json({"messages": [{"text": thanks}], "photos": photos}, status=201)

    async def sent_at(self, sender_id: str) -> list[dt.datetime]:
        """When this session's photos arrived, oldest first, for the transcript (none if the database is away)."""

        def read() -> list[dt.datetime]:
            sessions, _ = self._storage()
            return [a.received_at for a in list_attachments(sessions, sender_id) if a.kind == PHOTO]

        try:
            return await asyncio.get_running_loop().run_in_executor(None, read)
        except StorageUnavailable:
            logger.warning("web photos: could not list the photos of %s", pseudonym(sender_id))
            return []

    def _store(self, sender_id: str, data: bytes, declared_type: str | None):
        sessions, photo_dir = self._storage()
        stored = store_attachment(
            sessions, photo_dir, conversation_id=sender_id, channel=CHANNEL, data=data, declared_type=declared_type
        )
        photos = sum(1 for a in list_attachments(sessions, sender_id) if a.kind == PHOTO)
        return stored, photos

    @staticmethod
    def _too_large() -> HTTPResponse:
        return refused(413, "too_large", refusal_message("too_large"), max_bytes=MAX_BYTES)


def _declared_length(request: Request) -> int | None:
    try:
        return int(request.headers.get("content-length", ""))
    except ValueError:
        return None  # chunked: counted while reading


async def _read_body(request: Request, limit: int = MAX_BYTES) -> bytes | None:
    """The streamed body, or None as soon as it passes `limit` (the rest is never read into memory)."""
    stream = request.stream
    if stream is None:  # nothing left to read
        return b""
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = await stream.read()
        except SanicException:  # broken chunked encoding
            return b""
        if chunk is None:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)


async def _drain(request: Request) -> None:
    """Reads and forgets a refused upload's body (up to the limit), so the answer reaches the browser."""
    await _read_body(request)
