"""A Redis lock store whose tickets are issued and released atomically, for several Rasa servers on one Redis.

Rasa's RedisLockStore keeps a conversation's ticket lock as one JSON value and changes it by read, modify, write
(rasa#9213): two servers that take a ticket at the same moment both read "last ticket 4" and both get 5, so both
process the same patient's messages at once, and a finished ticket can be written back over another server's new
one. Here every change is one Lua script run inside Redis (atomic by Redis' design):
- `{prefix}<id>:next` is the ticket counter (INCR), `{prefix}<id>:tickets` a sorted set of live tickets scored by
  their expiry (Redis' own clock, the same for every server);
- a ticket may go when it is the lowest live one, so one patient's messages are answered in the order they came;
- a ticket past its lifetime (a server that died while holding it) no longer blocks the others.
Configured in endpoints.production.yml as `type: bot.lock_store.AtomicRedisLockStore`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.pseudonym import pseudonym

log = logging.getLogger(__name__)

DEFAULT_PREFIX = "skn:lock:"
POLL_SECONDS = 0.02  # how often a waiting message looks again (Rasa's own store waits a whole second)

# KEYS: counter, tickets; ARGV: lifetime in ms. Returns the new ticket.
_ISSUE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ticket = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), ticket)
local keep = tonumber(ARGV[1]) * 2
redis.call('PEXPIRE', KEYS[1], keep)
redis.call('PEXPIRE', KEYS[2], keep)
return ticket
"""

# KEYS: tickets; ARGV: ticket. Returns 1 = its turn, 0 = wait, -1 = it expired.
_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return -1 end
local mine = tonumber(ARGV[1])
for _, other in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if tonumber(other) < mine then return 0 end
end
return 1
"""

# KEYS: counter, tickets; ARGV: ticket. Removes it; the last one out removes the keys.
_RELEASE = """
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('DEL', KEYS[1], KEYS[2]) end
return 1
"""


class AtomicRedisLockStore(LockStore):
    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        *,
        client: redis.Redis | None = None,
        key_prefix: str = DEFAULT_PREFIX,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        if client is None:
            kwargs: dict[str, Any] = dict(endpoint_config.kwargs) if endpoint_config else {}
            client = redis.Redis(
                host=(endpoint_config.url if endpoint_config else None) or "localhost",
                port=int(kwargs.get("port") or 6379),
                db=int(kwargs.get("db") or 1),
                username=kwargs.get("username") or None,
                password=kwargs.get("password") or None,
                ssl=bool(kwargs.get("use_ssl", False)),
                socket_timeout=float(kwargs.get("socket_timeout") or 10),
            )
            key_prefix = kwargs.get("key_prefix") or key_prefix
        self.red = client
        self.prefix = key_prefix
        self.poll_seconds = poll_seconds
        self._issue = client.register_script(_ISSUE)
        self._turn = client.register_script(_TURN)
        self._release = client.register_script(_RELEASE)
        super().__init__()

    def _keys(self, conversation_id: str) -> list[str]:
        base = self.prefix + conversation_id
        return [base + ":next", base + ":tickets"]

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return int(self._issue(keys=self._keys(conversation_id), args=[int(lock_lifetime * 1000)]))
        except redis.RedisError as error:
            raise LockError(f"Could not issue a ticket: {error.__class__.__name__}") from error

    def turn(self, conversation_id: str, ticket: int) -> int:
        """1: the ticket may go now; 0: an earlier ticket is still live; -1: the ticket has expired."""
        return int(self._turn(keys=self._keys(conversation_id), args=[ticket]))

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._release(keys=self._keys(conversation_id), args=[ticket_number])

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self.finish_serving(conversation_id, ticket_number)

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            while True:
                state = self.turn(conversation_id, ticket)
                if state == 1:
                    break
                if state == -1:
                    log.warning("A message of %s waited past the lock's lifetime", pseudonym(conversation_id))
                    raise LockError(f"Could not acquire lock for conversation_id '{pseudonym(conversation_id)}'.")
                await asyncio.sleep(self.poll_seconds)
            yield TicketLock(conversation_id)
        finally:
            self.cleanup(conversation_id, ticket)

    # Rasa's LockStore API, for anything that reads a lock directly: one lock object per conversation.
    def get_lock(self, conversation_id: str) -> TicketLock | None:
        counter, tickets = self._keys(conversation_id)
        if not self.red.exists(tickets):
            return None
        return TicketLock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self.red.delete(*self._keys(conversation_id))

    def save_lock(self, lock: TicketLock) -> None:
        raise NotImplementedError("tickets are issued and released atomically; nothing is saved whole")
