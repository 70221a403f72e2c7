"""Rate limits counted in Redis, so that every Rasa server behind the load balancer sees the same counts.

With the in-memory RateLimiter each of N servers would allow the limit once: N times the limit in all, and a
client that lands on the servers in turn would never be stopped. Here each check is one Lua script (atomic in
Redis): drop the hits older than the window, count, add this hit if under the limit. Redis' own clock is used,
the same for every server. Keys are hashed (the limits need no one's sender id or address in readable form)
and expire with their window.

When Redis cannot be reached the assistant keeps answering: the check falls back to this process's in-memory
limiter (logged once per outage) and Redis is tried again a little later. A check is a plain (blocking) Redis
call, as the lock store's are: a fraction of a millisecond on the private network, and at most
REDIS_TIMEOUT_SECONDS once per RETRY_REDIS_SECONDS while Redis is away."""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
import time
from collections.abc import Callable

import redis

from bot.channels.limits import Limiter, RateLimiter

log = logging.getLogger(__name__)

KEY_PREFIX = "skn:limit:"
RETRY_REDIS_SECONDS = 15.0  # after a failure, how long the in-memory limiter answers before Redis is tried again
REDIS_TIMEOUT_SECONDS = 0.5  # a check runs inside a request: never wait long for an unwell Redis

# KEYS[1]: the key's hits (sorted set, scored by time in ms); ARGV: limit, window in ms, a unique member.
# Returns 1 when the hit is allowed (and counted), 0 when the limit is reached.
_HIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 1
"""

# KEYS[1]: the key's hits; ARGV: window in ms. Milliseconds until the oldest hit leaves the window (0: none).
_WAIT = """
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #oldest == 0 then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return math.max(0, tonumber(oldest[2]) + tonumber(ARGV[1]) - now)
"""


def redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS)


class RedisRateLimiter:
    """At most `limit` events per key in any `window` seconds, counted in Redis under `name`. Raises
    redis.RedisError when Redis fails (SharedRateLimiter turns that into the in-memory fallback)."""

    def __init__(self, client: redis.Redis, name: str, limit: int, window: float) -> None:
        self.limit, self.window, self.name = limit, window, name
        self._window_ms = max(1, int(window * 1000))
        self._hit = client.register_script(_HIT)
        self._wait = client.register_script(_WAIT)

    def _key(self, key: str) -> str:
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return f"{KEY_PREFIX}{self.name}:{digest}"

    def allow(self, key: str) -> bool:
        member = f"{time.time_ns()}-{secrets.token_hex(4)}"  # two hits in one millisecond are two hits
        return bool(self._hit(keys=[self._key(key)], args=[self.limit, self._window_ms, member]))

    def retry_after(self, key: str) -> int:
        wait_ms = int(self._wait(keys=[self._key(key)], args=[self._window_ms]))
        return math.ceil(wait_ms / 1000) + 1 if wait_ms else 0  # as RateLimiter: whole seconds, erring long


class RedisHealth:
    """Whether a process's Redis is to be used: after a failure not for `retry_seconds`, then tried again. Shared
    by all the limiters (and the web channel's replies) of one process, so an outage is logged once."""

    def __init__(self, retry_seconds: float = RETRY_REDIS_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.retry_seconds, self.clock = retry_seconds, clock
        self._down_since: float | None = None

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def worth_trying(self) -> bool:
        return self._down_since is None or self.clock() - self._down_since >= self.retry_seconds

    def failed(self, error: Exception) -> None:
        if self._down_since is None:
            log.warning(
                "Redis unreachable (%s): rate limits and repeated web messages are handled in this process only "
                "until it is back",
                error.__class__.__name__,
            )
        self._down_since = self.clock()

    def answered(self) -> None:
        if self._down_since is not None:
            log.warning("Redis reachable again: rate limits are shared by every server again")
            self._down_since = None


class SharedRateLimiter:
    """RedisRateLimiter while Redis answers, this process's RateLimiter while it does not."""

    def __init__(self, shared: RedisRateLimiter, local: RateLimiter, health: RedisHealth | None = None) -> None:
        self.shared, self.local = shared, local
        self.limit, self.window = shared.limit, shared.window
        self.health = health or RedisHealth()

    def allow(self, key: str) -> bool:
        if self.health.worth_trying():
            try:
                allowed = self.shared.allow(key)
            except redis.RedisError as error:
                self.health.failed(error)
            else:
                self.health.answered()
                return allowed
        return self.local.allow(key)

    def retry_after(self, key: str) -> int:
        if not self.health.down:
            try:
                return self.shared.retry_after(key)
            except redis.RedisError as error:
                self.health.failed(error)
        return self.local.retry_after(key)


class Limits:
    """Makes a channel's rate limiters: shared through Redis when a URL is configured (CHANNEL_REDIS_URL or
    the lock store's REDIS_HOST), else in memory. One Redis client (a connection pool) for all of them."""

    def __init__(self, redis_url: str = "") -> None:
        self.redis_url = redis_url
        self.health = RedisHealth()
        self._client: redis.Redis | None = None

    def limiter(self, name: str, limit: int, window: float) -> Limiter:
        local = RateLimiter(limit, window)
        if not self.redis_url:
            return local
        if self._client is None:
            self._client = redis_client(self.redis_url)
        return SharedRateLimiter(RedisRateLimiter(self._client, name, limit, window), local, self.health)
