"""The REST channel, for servers only (the WhatsApp bridge): Rasa's stock one trusts whoever calls it.

POST /webhooks/rest/webhook, `Authorization: Bearer <REST_CHANNEL_TOKEN>`, {"sender": "...", "message": "..."}
-> the bot's replies, as Rasa's REST channel answers. Whoever can post here can write into (and read the
replies of) any conversation it names, so:
- every request needs the bearer token (REST_CHANNEL_TOKEN, else one kept in var/rest-channel-token): 401;
- sender ids that other channels give out (the web widget's `web-...`) are refused: 403;
- each sender and each client address is rate-limited: 429 with Retry-After (counted in Redis when it is
  configured, so every Rasa server shares the counts; the address from X-Forwarded-For only when the request
  comes from a trusted proxy, TRUSTED_PROXIES);
- a malformed body gets 400, an oversized one 413, deeply nested JSON 400 (it used to crash the JSON parser),
  and text that cannot be stored as UTF-8 (lone surrogates, NUL) is cleaned, never a 500.
Limits per window are set in credentials.yml under `bot.channels.rest.GuardedRestInput:`.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.client_address import TrustedProxies
from bot.channels.limits import Limiter, foreign_channel
from bot.channels.replies import never_silent
from bot.channels.shared_limits import Limits
from bot.pseudonym import pseudonym
from bot.settings import Settings

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 5000
MAX_BODY_BYTES = 65_536  # 5,000 characters, each written as a JSON escape pair (12 bytes), fit
MAX_JSON_DEPTH = 4  # the body is one flat object; anything deeper is not a message
_SENDER = re.compile(r"^[A-Za-z0-9_.:@+-]{1,128}$")
# Lone surrogates cannot be encoded as UTF-8 (the tracker store would fail); NUL and other control
# characters cannot be stored in PostgreSQL text or mean nothing in a message. Tab and line breaks stay.
_UNSTORABLE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadRequest(ValueError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether brackets in the JSON `body` nest deeper than `limit`, found in one pass without recursion
    (json.loads recurses once per level and raises RecursionError on 100,000 `[`)."""
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


def storable_text(text: str) -> str:
    """`text` with lone surrogates shown as U+FFFD and control characters removed."""
    return _CONTROL.sub("", _UNSTORABLE.sub("\ufffd", text))


def parse_body(body: bytes) -> tuple[str, str]:
    """(sender, text) from a REST request body, or BadRequest saying what is wrong."""
    body = body or b""
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest(413, f"The body is larger than {MAX_BODY_BYTES} bytes.")
    if too_deep(body):
        raise BadRequest(400, 'The body must be a flat JSON object: {"sender": "...", "message": "..."}.')
    try:
        data: Any = json.loads(body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise BadRequest(400, 'The body must be JSON: {"sender": "...", "message": "..."}.') from None
    if not isinstance(data, dict):
        raise BadRequest(400, "The body must be a JSON object.")
    sender, text = data.get("sender"), data.get("message")
    if not isinstance(sender, str) or not _SENDER.match(sender):
        raise BadRequest(400, '"sender" must be 1-128 letters, digits or _.:@+-')
    if not isinstance(text, str):
        raise BadRequest(400, '"message" must be a string.')
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadRequest(413, f'"message" is longer than {MAX_MESSAGE_CHARS} characters.')
    return sender, storable_text(text)


def authorised(header: str | None, token: str) -> bool:
    """Whether the Authorization header carries `token`; never without a token."""
    scheme, _, given = (header or "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def _error(status: int, message: str, **headers: str) -> HTTPResponse:
    return response.json({"error": message}, status=status, headers=headers or None)


class GuardedRestInput(RestInput):
    """Same URL and answers as Rasa's REST channel (/webhooks/rest/webhook), with the checks above."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(
        self,
        token: str,
        messages_per_sender: int = 60,
        messages_per_address: int = 600,
        window_seconds: float = 60,
        limits: Limits | None = None,
        proxies: TrustedProxies | None = None,
    ) -> None:
        if not token:
            raise ValueError("The REST channel needs a bearer token.")
        self.token = token
        limits = limits or Limits()
        self.proxies = proxies or TrustedProxies()
        self.sender_limit = limits.limiter("rest-sender", messages_per_sender, window_seconds)
        # One WhatsApp bridge sends for every patient from one address: this limit is for the bridge's total.
        self.address_limit = limits.limiter("rest-address", messages_per_address, window_seconds)

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> GuardedRestInput:
        """The token from the environment or var/ (a secret); the limits from credentials.yml."""
        credentials = credentials or {}
        numbers = {
            key: credentials[key]
            for key in ("messages_per_sender", "messages_per_address", "window_seconds")
            if key in credentials
        }
        settings = Settings.from_env()
        return cls(
            settings.secrets.get("rest_token"),
            **numbers,
            limits=Limits(settings.channel_redis_url),
            proxies=TrustedProxies.parse(settings.trusted_proxies),
        )

    def _too_fast(self, limiter: Limiter, key: str, what: str) -> HTTPResponse:
        wait = limiter.retry_after(key)
        return _error(429, f"Too many messages {what}; retry after {wait} s.", **{"Retry-After": str(wait)})

    async def _answer(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> HTTPResponse:
        address = self.proxies.client(request)
        if not self.address_limit.allow(address):
            logger.warning("REST channel: rate limit reached for a client address")
            return self._too_fast(self.address_limit, address, "from this address")
        if not authorised(request.headers.get("Authorization"), self.token):
            return _error(401, "A valid bearer token is required.")
        try:
            sender, text = parse_body(request.body)
        except BadRequest as error:
            return _error(error.status, str(error))
        owner = foreign_channel(sender, self.name())
        if owner is not None:
            logger.warning("REST channel: refused a sender id of the %s channel (%s)", owner, pseudonym(sender))
            return _error(403, f"This sender id belongs to the {owner} channel.")
        if not self.sender_limit.allow(sender):
            logger.warning("REST channel: rate limit reached for %s", pseudonym(sender))
            return self._too_fast(self.sender_limit, sender, "for this sender")
        collector = CollectingOutputChannel()
        try:
            await on_new_message(UserMessage(text, collector, sender, input_channel=self.name()))
        except (asyncio.CancelledError, Exception):
            logger.exception("REST channel: handling a message of %s failed", pseudonym(sender))
            return _error(503, "The assistant could not answer just now; please try again.")
        return response.json(never_silent(collector.messages, sender))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("guarded_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self._answer(request, on_new_message)

        return webhook
