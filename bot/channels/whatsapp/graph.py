"""Talking to Meta's Graph API: sending messages (with retries), fetching media, and the 24-hour rule.

- 429 and 5xx (and network errors) are retried a few times with exponential backoff and jitter, honouring
  Retry-After; then SendFailed(retryable=True) and the caller keeps the message in the outbox.
- Other 4xx are not retried (the body or the token is wrong): SendFailed(retryable=False).
- Free-form messages only within 24 hours of the patient's last message; outside it only the configured
  approved template (check_window raises, and every send goes through it)."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from bot.settings import WhatsAppSettings

WINDOW = dt.timedelta(hours=24)
MAX_MEDIA_BYTES = 10 * 1024 * 1024
_CHUNK = 64 * 1024


class WindowClosed(RuntimeError):
    """A free-form message outside the 24-hour window, or a template other than the approved one."""


class SendFailed(RuntimeError):
    def __init__(self, status: int | None, retryable: bool, retry_after: float | None = None):
        super().__init__(f"WhatsApp send failed (status {status})")
        self.status, self.retryable, self.retry_after = status, retryable, retry_after


class MediaFailed(RuntimeError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "too_large" or "unavailable"


def check_window(
    body: dict[str, Any], last_inbound_at: dt.datetime | None, now: dt.datetime, template_name: str
) -> None:
    """Raises WindowClosed unless `body` may be sent now."""
    if body.get("type") == "template":
        name = (body.get("template") or {}).get("name")
        if not template_name or name != template_name:
            raise WindowClosed(f"only the approved template {template_name!r} may be sent, not {name!r}")
        return
    if last_inbound_at is None or now - last_inbound_at > WINDOW:
        raise WindowClosed("free-form messages only within 24 hours of the patient's last message")


def template_body(name: str, language: str, parameters: list[str]) -> dict[str, Any]:
    components = [{"type": "body", "parameters": [{"type": "text", "text": str(p)} for p in parameters]}]
    return {
        "type": "template",
        "template": {"name": name, "language": {"code": language}, "components": components if parameters else []},
    }


def backoff(attempt: int, base: float, cap: float, rand: Callable[[], float] = random.random) -> float:
    """Exponential backoff with jitter: between half and all of min(cap, base * 2**attempt)."""
    ceiling = min(cap, base * (2**attempt))
    return ceiling * (0.5 + rand() / 2)


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


class GraphClient:
    def __init__(
        self,
        settings: WhatsAppSettings,
        session: aiohttp.ClientSession,
        *,
        attempts: int = 4,
        base_delay: float = 0.5,
        max_delay: float = 8.0,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        timeout: float = 20,
    ) -> None:
        self.settings = settings
        self.session = session
        self.attempts, self.base_delay, self.max_delay, self.sleep = attempts, base_delay, max_delay, sleep
        self.timeout = aiohttp.ClientTimeout(total=timeout)

    @property
    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.access_token}"}

    async def send(self, address: str, is_phone: bool, body: dict[str, Any]) -> str:
        """Sends one message (retrying 429/5xx); its WhatsApp message id. Raises SendFailed."""
        url = f"{self.settings.graph_url}/{self.settings.phone_number_id}/messages"
        to = {"to": address} if is_phone else {"recipient": address}  # a business-scoped user id
        payload = {"messaging_product": "whatsapp", "recipient_type": "individual", **to, **body}
        failure = SendFailed(None, True)
        for attempt in range(self.attempts):
            try:
                async with self.session.post(url, json=payload, headers=self._auth, timeout=self.timeout) as response:
                    data = await response.json(content_type=None) if response.status < 500 else None
                    if response.status == 200:
                        messages = (data or {}).get("messages") or [{}]
                        return str(messages[0].get("id", ""))
                    wait = _retry_after(response.headers.get("Retry-After"))
                    if response.status != 429 and response.status < 500:
                        raise SendFailed(response.status, False)
                    failure = SendFailed(response.status, True, wait)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                failure, wait = SendFailed(None, True), None
            if attempt + 1 == self.attempts or (wait is not None and wait > self.max_delay):
                break  # a long Retry-After: the outbox tries again then, the patient's turn is not held up
            await self.sleep(wait if wait is not None else backoff(attempt, self.base_delay, self.max_delay))
        raise failure

    async def media(self, media_id: str, max_bytes: int = MAX_MEDIA_BYTES) -> tuple[bytes, str]:
        """(the file's bytes, its declared type) of a media id: its URL first, then the file, both with the
        bearer token; at most `max_bytes`, checked before and while downloading. Raises MediaFailed."""
        try:
            async with self.session.get(
                f"{self.settings.graph_url}/{media_id}", headers=self._auth, timeout=self.timeout
            ) as r:
                if r.status != 200:
                    raise MediaFailed("unavailable")
                info = await r.json(content_type=None)
            if not isinstance(info, dict) or not isinstance(info.get("url"), str):
                raise MediaFailed("unavailable")
            if int(info.get("file_size") or 0) > max_bytes:
                raise MediaFailed("too_large")
            async with self.session.get(info["url"], headers=self._auth, timeout=self.timeout) as r:
                if r.status != 200:
                    raise MediaFailed("unavailable")
                if (r.content_length or 0) > max_bytes:
                    raise MediaFailed("too_large")
                data = bytearray()
                async for chunk in r.content.iter_chunked(_CHUNK):
                    data.extend(chunk)
                    if len(data) > max_bytes:
                        raise MediaFailed("too_large")
            return bytes(data), str(info.get("mime_type") or "")
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError, TypeError):
            raise MediaFailed("unavailable") from None
