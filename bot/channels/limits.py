"""Who may talk to the channels and how fast: whose sender ids a channel may use, the web channel's origin
allow-list, and sliding-window rate limits."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Protocol

from bot.channels.tokens import SENDER_PREFIX as WEB_SENDER_PREFIX

# Sender ids a channel gives out itself, by channel name. No other channel may accept them: a REST caller
# naming `web-...` would write into a widget patient's conversation and read its replies.
CHANNEL_SENDER_PREFIXES = {"web": WEB_SENDER_PREFIX, "whatsapp": "wa-"}

DEFAULT_ORIGINS = ("http://127.0.0.1:8080", "http://localhost:8080")


def parse_origins(value: str | Iterable[str] | None) -> frozenset[str]:
    """'a, b' or ['a', 'b'] -> normalised origins (scheme://host[:port], no trailing slash)."""
    if value is None:
        return frozenset(DEFAULT_ORIGINS)
    items = value.split(",") if isinstance(value, str) else list(value)
    return frozenset(item.strip().rstrip("/").lower() for item in items if item and item.strip())


def foreign_channel(sender_id: str, channel: str) -> str | None:
    """The other channel whose sender ids look like `sender_id` (case ignored), else None."""
    lowered = sender_id.lower()
    for owner, prefix in CHANNEL_SENDER_PREFIXES.items():
        if owner != channel and lowered.startswith(prefix.lower()):
            return owner
    return None


class OriginPolicy:
    def __init__(self, allowed: frozenset[str]):
        self.allowed = allowed

    def allows(self, origin: str | None) -> bool:
        # No Origin header: not a browser page (curl, server to server, tests). Origin checks only protect
        # patients' browsers from other sites; non-browser clients still need a signed token.
        return origin is None or origin.rstrip("/").lower() in self.allowed


class Limiter(Protocol):
    """A sliding-window rate limit: RateLimiter here, or the Redis one every server shares (shared_limits)."""

    def allow(self, key: str) -> bool:
        """Counts one event for `key`; False (and not counted) when `key` is at its limit."""
        ...

    def retry_after(self, key: str) -> int:
        """Whole seconds until `key` may have another event (0: now)."""
        ...


class RateLimiter:
    """At most `limit` events per key in any `window` seconds. In memory, so per Rasa process: several Rasa
    servers share their limits through Redis instead (bot/channels/shared_limits.py)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}
        self._last_sweep = clock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        self._sweep(now)
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        return True

    def retry_after(self, key: str) -> int:
        hits = self._hits.get(key)
        if not hits:
            return 0
        return max(1, int(hits[0] + self.window - self.clock()) + 1)

    def _sweep(self, now: float) -> None:
        # Forget idle keys now and then, so many short sessions cannot grow memory without bound.
        if now - self._last_sweep < self.window:
            return
        self._last_sweep = now
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.window]:
            del self._hits[key]
