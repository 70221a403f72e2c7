"""The website widget's channel: plain HTTPS/JSON with server-issued, signed sessions.

Registered in credentials.yml as `bot.channels.web.SecureWebChannel:`; routes under /webhooks/web/:
  POST /session   a new conversation: {"token", "expires_at"} (the sender id lives only inside the token)
  POST /message   Authorization: Bearer <token>, {"text": ...} or {"payload": ..., "title": ...}, and an
                  optional client message "id": the same id sent again (a retry) gets the first answer
                  -> {"messages": [bot replies]} (never empty), answered synchronously
  GET  /history   Authorization: Bearer <token> -> {"messages": [...]}: this session's transcript
  POST /photo     Authorization: Bearer <token>, the raw image as the body (up to 10 MB, bot/channels/web_photos.py)
                  -> 201 {"messages": [...], "photos": n}, or 409/413/415/429 {"error", "message"}
/message and /history also say "photos_allowed": whether the widget offers "Add a photo" now.
Why not Rasa's socket.io channel: it trusts client-chosen session ids, skips origin checks, and with
python-socketio >= 5.10 its session persistence silently drops replies (RasaHQ/rasa#13027).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_cors.core import SANIC_CORS_EVALUATED

from bot.channels.client_address import TrustedProxies
from bot.channels.limits import Limiter, OriginPolicy, parse_origins
from bot.channels.replies import RecentReplies, never_silent
from bot.channels.shared_limits import Limits
from bot.channels.shared_replies import SharedRecentReplies
from bot.channels.tokens import InvalidToken, TokenIssuer, channel_secret
from bot.channels.transcript import WEB_METADATA_KEY, bot_message, transcript
from bot.channels.web_photos import AllowedSenders, PhotoUploads, photos_allowed, photos_allowed_now
from bot.settings import Settings

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 16_384  # 2,000 characters as a browser's JSON (UTF-8, at most 6 bytes a character) fit
MAX_TITLE_CHARS = 200
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def error(status: int, code: str, message: str, **extra: Any) -> HTTPResponse:
    return response.json({"error": code, "message": message, **extra}, status=status)


def too_fast(limiter: Limiter, key: str, message: str) -> HTTPResponse:
    wait = limiter.retry_after(key)
    resp = error(429, "rate_limited", message, retry_after=wait)
    resp.headers["Retry-After"] = str(wait)
    return resp


class SecureWebChannel(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "web"

    def __init__(
        self,
        secret: str,
        allowed_origins: frozenset[str],
        token_ttl_seconds: int = 12 * 3600,
        max_message_chars: int = 2000,
        messages_per_window: int = 30,
        sessions_per_window: int = 30,
        window_seconds: float = 60,
        photos_per_window: int = 10,
        photo_window_seconds: float = 600,
        limits: Limits | None = None,
        proxies: TrustedProxies | None = None,
        recent: RecentReplies | SharedRecentReplies | None = None,
    ) -> None:
        # Every Rasa server must share `secret` (WEB_CHANNEL_SECRET): a session issued by one is then good on all.
        self.tokens = TokenIssuer(secret, token_ttl_seconds)
        self.origins = OriginPolicy(allowed_origins)
        self.max_message_chars = max_message_chars
        limits = limits or Limits()
        self.proxies = proxies or TrustedProxies()
        self.message_limit = limits.limiter("web-message", messages_per_window, window_seconds)  # per session
        self.session_limit = limits.limiter("web-session", sessions_per_window, window_seconds)  # per address
        self.recent = recent or RecentReplies()  # a message sent again is answered once (shared: every server)
        self.photos = PhotoUploads(
            uploads_per_window=photos_per_window,
            window_seconds=photo_window_seconds,
            limit=limits.limiter("web-photo", photos_per_window, photo_window_seconds),
        )
        self.photo_senders = AllowedSenders()

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SecureWebChannel:
        """Secret and origins come from the environment (deployment settings); the limits from credentials.yml."""
        credentials = credentials or {}
        settings = Settings.from_env()
        origins = settings.web_allowed_origins or credentials.get("allowed_origins")
        numbers = {
            key: credentials[key]
            for key in (
                "token_ttl_seconds",
                "max_message_chars",
                "messages_per_window",
                "sessions_per_window",
                "window_seconds",
                "photos_per_window",
                "photo_window_seconds",
            )
            if key in credentials
        }
        secret, redis_url = channel_secret(), settings.channel_redis_url
        limits = Limits(redis_url)
        return cls(
            secret,
            parse_origins(origins),
            **numbers,
            limits=limits,
            proxies=TrustedProxies.parse(settings.trusted_proxies),
            recent=SharedRecentReplies.from_url(redis_url, secret, limits.health) if redis_url else None,
        )

    # -- request checks ------------------------------------------------------------------------------
    def _cors(self, request: Request, resp: HTTPResponse) -> HTTPResponse:
        origin = request.headers.get("origin")
        if origin and self.origins.allows(origin):
            resp.headers["Access-Control-Allow-Origin"] = origin
            resp.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            resp.headers["Access-Control-Max-Age"] = "600"
        resp.headers["Vary"] = "Origin"
        resp.headers["Cache-Control"] = "no-store"
        # Our allow-list decides, whatever `rasa run --cors` says for the rest of the server.
        setattr(request.ctx, SANIC_CORS_EVALUATED, "1")
        return resp

    def _sender(self, request: Request) -> str:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        return self.tokens.verify(token.strip() if scheme.lower() == "bearer" else None)

    def _read_message(self, request: Request) -> tuple[str, dict[str, Any], str | None] | HTTPResponse:
        """(text for Rasa, what the patient saw, client message id) or the error response."""
        if len(request.body or b"") > MAX_BODY_BYTES:
            return error(
                413,
                "too_large",
                f"Messages are limited to {self.max_message_chars} characters.",
                max_chars=self.max_message_chars,
            )
        try:
            body = json.loads(request.body or b"")
        except (ValueError, UnicodeDecodeError):
            return error(400, "bad_json", "The request body must be JSON.")
        if not isinstance(body, dict):
            return error(400, "bad_request", 'Send a JSON object with "text" or "payload".')
        payload, text = body.get("payload"), body.get("text")
        value = payload if payload is not None else text
        if not isinstance(value, str) or not value.strip():
            return error(400, "bad_request", 'Send a JSON object with "text" or "payload".')
        if len(value) > self.max_message_chars:
            return error(
                413,
                "too_large",
                f"Messages are limited to {self.max_message_chars} characters.",
                max_chars=self.max_message_chars,
            )
        shown: dict[str, Any] = {}
        if payload is not None:
            title = body.get("title")
            if isinstance(title, str) and title.strip():
                shown["shown"] = title.strip()[:MAX_TITLE_CHARS]
            if body.get("hidden") is True and payload.startswith("/"):
                shown["hidden"] = True  # the widget's opening greeting
        message_id = body.get("id")
        if message_id is not None and not (isinstance(message_id, str) and _MESSAGE_ID.match(message_id)):
            return error(400, "bad_request", '"id" must be 8-64 letters, digits, _ or -.')
        return value, shown, message_id

    # -- routes -----------------------------------------------------------------------------------------
    def _preflight(self, request: Request) -> HTTPResponse | None:
        """403 for a page of another site, the CORS answer to a preflight; None to go on."""
        if not self.origins.allows(request.headers.get("origin")):
            return self._cors(request, error(403, "origin_not_allowed", "This site may not use the chat."))
        if request.method == "OPTIONS":
            return self._cors(request, response.empty())
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        web = Blueprint("secure_web", __name__)
        channel = self

        def guarded(handler: Callable[[Request], Awaitable[HTTPResponse]]):
            async def route(request: Request) -> HTTPResponse:
                refused = channel._preflight(request)
                if refused is not None:
                    return refused
                try:
                    resp = await handler(request)
                except InvalidToken as reason:
                    resp = error(
                        401, "invalid_session", "The chat session is missing, invalid or expired.", reason=str(reason)
                    )
                return channel._cors(request, resp)

            route.__name__ = handler.__name__
            return route

        @web.listener("before_server_start")
        async def answer_preflights_first(app, _loop) -> None:
            # Rasa's sanic-cors answers every OPTIONS request itself, without our allow-list's CORS headers,
            # so browsers would refuse to send the Authorization header: our preflight answer must come first.
            async def preflight(request: Request) -> HTTPResponse | None:
                route_name = getattr(request.route, "name", "") or ""
                if request.method == "OPTIONS" and f".{web.name}." in route_name:
                    return channel._preflight(request)
                return None

            app.request_middleware.appendleft(preflight)

        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        async def new_session(request: Request) -> HTTPResponse:
            client = channel.proxies.client(request)
            if not channel.session_limit.allow(client):
                return too_fast(channel.session_limit, client, "Too many new chats from here; please wait a minute.")
            token, _sender_id, expires = channel.tokens.issue()
            return response.json({"token": token, "expires_at": expires}, status=201)

        async def message(request: Request) -> HTTPResponse:
            sender_id = channel._sender(request)
            if not channel.message_limit.allow(sender_id):
                return too_fast(
                    channel.message_limit, sender_id, "You are sending messages very quickly; please wait a moment."
                )
            parsed = channel._read_message(request)
            if isinstance(parsed, HTTPResponse):
                return parsed
            text, shown, message_id = parsed
            metadata = {WEB_METADATA_KEY: shown} if shown else None

            async def handle() -> list[dict[str, Any]]:
                collector = CollectingOutputChannel()
                await on_new_message(
                    UserMessage(text, collector, sender_id, input_channel=channel.name(), metadata=metadata)
                )
                return never_silent(collector.messages, sender_id)

            try:
                replies = await channel.recent.once(sender_id, message_id, handle)
            except (asyncio.CancelledError, Exception):
                logger.exception("web channel: handling a message failed")
                return error(503, "assistant_error", "The assistant could not answer just now; please try again.")
            allowed = await photos_allowed_now(request, sender_id, channel.photo_senders)
            return response.json({"messages": [bot_message(m) for m in replies], "photos_allowed": allowed})

        async def history(request: Request) -> HTTPResponse:
            sender_id = channel._sender(request)
            tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
            events = [event.as_dict() for event in tracker.events] if tracker else []
            allowed = photos_allowed(tracker.current_slot_values()) if tracker else False
            # photos are taken only from the description question on: before it there are none to list
            photos = await channel.photos.sent_at(sender_id) if allowed else []
            return response.json({"messages": transcript(events, photos), "photos_allowed": allowed})

        async def photo(request: Request) -> HTTPResponse:
            return await channel.photos.handle(request, channel._sender(request))

        for handler, path, method in (
            (health, "/", "GET"),
            (new_session, "/session", "POST"),
            (message, "/message", "POST"),
            (history, "/history", "GET"),
        ):
            web.add_route(guarded(handler), path, methods=[method, "OPTIONS"])
        # Streamed: Sanic does not read the body first, so REQUEST_MAX_SIZE (RASA_MAX_BODY_BYTES) does not cap it;
        # web_photos reads it itself and stops at 10 MB.
        web.add_route(guarded(photo), "/photo", methods=["POST", "OPTIONS"], stream=True)
        return web
