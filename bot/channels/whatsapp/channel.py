"""The WhatsApp channel (WhatsApp Cloud API) on the Rasa server: /webhooks/whatsapp/webhook.

  GET  /webhook  Meta's subscription handshake (hub.mode, hub.verify_token, hub.challenge)
  POST /webhook  signed webhook bodies: 401 unsigned, 403 wrongly signed, 413 too large, 400 not JSON;
                 else 200 as soon as the new message ids are stored (Meta redelivers anything slow for days)
Messages are then answered in the background, one patient's in order (a lock per conversation); a message
acknowledged but not answered when the server stopped is answered at the next start. Without configuration
(bot.settings.WhatsAppSettings) every route answers 404 and nothing starts.

What arrives becomes: text and button/list replies -> the conversation (as the widget's); photos and
documents -> stored for the dermatologist once the patient has consented (bot.privacy.attachments), a caption
-> the conversation; anything else -> "please type"; statuses and reactions -> recorded only."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.replies import never_silent
from bot.privacy.attachments import AttachmentRefused, store_attachment
from bot.pseudonym import pseudonym
from bot.settings import Settings
from bot.store.db import StorageUnavailable, make_engine, session_factory
from bot.store.models import utcnow

from . import records
from .delivery import Delivery, SenderLocks, in_thread
from .graph import GraphClient, MediaFailed
from .inbound import CHOICE, DOCUMENT, PHOTO, TEXT, USER_ID_PREFIX, parse_webhook
from .outbound import MESSAGES, Formatted, chosen_payload, format_reply, text_bodies
from .signature import SIGNATURE_HEADER, handshake, signature_status

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 256 * 1024  # Meta's webhook bodies are a few KB


def _not_configured() -> HTTPResponse:
    return response.json({"error": MESSAGES.text("not_configured")}, status=404)


class WhatsAppChannel(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    def __init__(
        self,
        settings: Settings,
        outbox_interval_seconds: float = 30,
        max_message_age_hours: float = 24,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self.settings = settings
        self.config = settings.whatsapp
        self.outbox_interval = float(outbox_interval_seconds)
        self.max_age = dt.timedelta(hours=float(max_message_age_hours))
        self.max_body_bytes = int(max_body_bytes)
        self.locks = SenderLocks()
        self.delivery: Delivery | None = None
        self._tasks: set[asyncio.Task] = set()
        self._http: aiohttp.ClientSession | None = None
        self._app: Any = None
        # the engine is made here, not at start: a webhook can arrive before after_server_start has run
        self._engine = make_engine(settings.database_url) if self.config.enabled else None
        self.sessions: Any = session_factory(self._engine) if self._engine is not None else None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WhatsAppChannel:
        """Numbers and secrets come from the environment (bot.settings); the tuning from credentials.yml."""
        credentials = credentials or {}
        numbers = {
            k: credentials[k]
            for k in ("outbox_interval_seconds", "max_message_age_hours", "max_body_bytes")
            if k in credentials
        }
        return cls(Settings.from_env(), **numbers)

    # -- life cycle -------------------------------------------------------------------------------------------
    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        task: asyncio.Task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _start(self, app: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        self._app = app
        self._http = aiohttp.ClientSession()
        self.delivery = Delivery(self.config, self.sessions, GraphClient(self.config, self._http), self.locks)
        try:
            left = records.pending(self.sessions)  # blocking once at start, so they go before any new message
        except StorageUnavailable:
            log.exception("WhatsApp: could not read unanswered messages at start")
            left = []
        if left:
            log.info("WhatsApp: answering %d message(s) left unanswered by the last run", len(left))
        for message in left:
            self._spawn(self._handle(message, on_new_message, recovered=True))
        self._spawn(self._outbox_loop())

    async def _stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._http is not None:
            await self._http.close()
        if self._engine is not None:
            self._engine.dispose()

    async def _outbox_loop(self) -> None:
        while True:
            await asyncio.sleep(self.outbox_interval)
            try:
                assert self.delivery is not None
                await self.delivery.retry_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("WhatsApp: the outbox pass failed; trying again later")

    # -- answering -------------------------------------------------------------------------------------------
    async def _handle(
        self, message: records.Pending, on_new_message: Callable[[UserMessage], Awaitable[Any]], recovered: bool = False
    ) -> None:
        conversation = message.conversation_id
        try:
            async with self.locks.hold(conversation):
                replies = None
                if recovered:
                    replies = await self._replies_already_given(message)
                if replies is None:
                    replies = await self._answer(message, on_new_message)
                bodies: list[dict[str, Any]] = []
                choices: dict[str, Any] = {}
                for formatted in replies:
                    bodies += formatted.bodies
                    if formatted.choices:
                        choices = {"payloads": formatted.choices, "numbered": formatted.numbered}
                assert self.delivery is not None
                await in_thread(
                    records.finish, self.sessions, message.row_id, conversation, bodies, choices, self.delivery.clock()
                )
                await self.delivery.flush(conversation)
        except asyncio.CancelledError:
            raise
        except Exception:  # kept as "received": answered at the next start
            log.exception("WhatsApp: answering a message of %s failed", pseudonym(conversation))

    async def _tracker(self, conversation: str) -> Any:
        agent = getattr(self._app.ctx, "agent", None) if self._app is not None else None
        if agent is None or agent.tracker_store is None:
            return None
        return await agent.tracker_store.retrieve(conversation)

    async def _replies_already_given(self, message: records.Pending) -> list[Formatted] | None:
        """After a crash: if the conversation already has this message, its replies from the tracker (they
        may not have been sent); None when it has not (answer it now)."""
        tracker = await self._tracker(message.conversation_id)
        if tracker is None:
            return None
        events = [e.as_dict() for e in tracker.events]
        starts = [
            i
            for i, e in enumerate(events)
            if e.get("event") == "user" and e.get("message_id") == message.message_id  # kept before consent too
        ]
        if not starts:
            return None
        replies = []
        for event in events[starts[-1] + 1 :]:
            if event.get("event") == "user":
                break
            if event.get("event") == "bot":
                replies.append(format_reply({"text": event.get("text"), **(event.get("data") or {})}))
        return replies

    async def _answer(
        self, message: records.Pending, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> list[Formatted]:
        kind, text = message.content.get("kind"), str(message.content.get("text") or "")
        if kind in (TEXT, CHOICE):
            stored = await in_thread(records.choices_of, self.sessions, message.conversation_id)
            payload = chosen_payload(text, stored.get("payloads"), bool(stored.get("numbered")) or kind == CHOICE)
            return await self._turn(message, payload or text, on_new_message)
        if kind in (PHOTO, DOCUMENT):
            said = [Formatted(text_bodies(await self._keep_file(message)))]
            if text.strip():
                return said + await self._turn(message, text, on_new_message)
            # A photo alone answers nothing: the open question again, so the patient knows what comes next.
            return said + await self._open_question(message.conversation_id)
        return [Formatted(text_bodies(MESSAGES.text("not_text")))]

    async def _turn(
        self, message: records.Pending, text: str, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> list[Formatted]:
        conversation = message.conversation_id
        metadata = {
            "whatsapp": {"message_id": message.message_id, "has_phone": not conversation.startswith(USER_ID_PREFIX)}
        }
        collector = CollectingOutputChannel()
        try:
            await on_new_message(
                UserMessage(
                    text,
                    collector,
                    conversation,
                    input_channel=self.name(),
                    message_id=message.message_id,
                    metadata=metadata,
                )
            )
        except Exception:
            log.exception("WhatsApp: the assistant failed on a message of %s", pseudonym(conversation))
        return [format_reply(reply) for reply in never_silent(collector.messages, conversation)]

    async def _open_question(self, conversation: str) -> list[Formatted]:
        """The question the intake is waiting on (the last thing the assistant said), or nothing."""
        tracker = await self._tracker(conversation)
        if tracker is None or not tracker.get_slot("requested_slot"):
            return []
        for event in reversed([e.as_dict() for e in tracker.events]):
            if event.get("event") == "bot" and event.get("text"):
                return [format_reply({"text": event.get("text"), **(event.get("data") or {})})]
        return []

    async def _keep_file(self, message: records.Pending) -> str:
        """Stores a photo or document (only after consent); what to tell the patient."""
        tracker = await self._tracker(message.conversation_id)
        if tracker is None or tracker.get_slot("consent") is not True:
            return MESSAGES.text("before_consent")
        assert self.delivery is not None
        try:
            data, declared = await self.delivery.client.media(str(message.content.get("media_id")))
        except MediaFailed as failure:
            log.warning(
                "WhatsApp: a file of %s was not fetched (%s)", pseudonym(message.conversation_id), failure.reason
            )
            return MESSAGES.text("file_refused.too_large" if failure.reason == "too_large" else "file_failed")
        try:
            stored = await in_thread(
                lambda: store_attachment(
                    self.sessions,
                    self.settings.photo_dir,
                    conversation_id=message.conversation_id,
                    channel="whatsapp",
                    data=data,
                    declared_type=declared or str(message.content.get("mime_type") or ""),
                    allow_documents=True,
                )
            )
        except AttachmentRefused as refused:
            code = (
                refused.code
                if refused.code in ("too_large", "not_allowed_type", "unreadable", "empty")
                else "unreadable"
            )
            return MESSAGES.text(f"file_refused.{code}")
        return MESSAGES.text("document_saved" if stored.kind == "document" else "photo_saved")

    # -- the webhook -------------------------------------------------------------------------------------------
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("whatsapp_webhook", __name__)
        channel = self

        if self.config.enabled:

            @hook.listener("after_server_start")
            async def start(app: Any, _loop: Any) -> None:
                await channel._start(app, on_new_message)

            @hook.listener("before_server_stop")
            async def stop(_app: Any, _loop: Any) -> None:
                await channel._stop()

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"}) if channel.config.enabled else _not_configured()

        @hook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not channel.config.enabled:
                return _not_configured()
            status, body = handshake({k: request.args.get(k) for k in request.args}, channel.config.verify_token)
            return response.text(body, status=status)

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not channel.config.enabled:
                return _not_configured()
            body = request.body or b""
            header = request.headers.get(SIGNATURE_HEADER)
            if not header:
                return response.json({"error": "missing signature"}, status=401)
            if len(body) > channel.max_body_bytes:
                return response.json({"error": "body too large"}, status=413)
            if signature_status(body, header, channel.config.app_secret) != 200:
                log.warning("WhatsApp: refused a webhook with a wrong signature")
                return response.json({"error": "invalid signature"}, status=403)
            try:
                messages, statuses = parse_webhook(json.loads(body))
            except (ValueError, RecursionError):
                return response.json({"error": "malformed body"}, status=400)
            try:
                fresh = await in_thread(records.accept, channel.sessions, messages, statuses, utcnow(), channel.max_age)
            except StorageUnavailable:
                log.exception("WhatsApp: could not store a webhook; Meta will deliver it again")
                return response.json({"error": "try again later"}, status=503)
            for message in fresh:
                channel._spawn(channel._handle(message, on_new_message))
            return response.json({"status": "ok"})

        return hook
