"""A web message sent again (same client message id) is answered once, whichever Rasa server each copy reaches.

The widget sends a message again with the same id when the reply is slow or the network failed
(bot/channels/replies.py answers such a copy from the first handling). Behind a load balancer the copy usually
reaches another server, whose memory has never seen the id: the patient's message would be handled twice. Here
the first server to claim `(sender, id)` in Redis (SET NX) handles it and stores its replies; a copy on any
server waits for them. The replies are encrypted with a key derived from WEB_CHANNEL_SECRET (the same on every
server): what the assistant said to a patient is never readable in Redis, and it expires with RecentReplies'
ten minutes. When Redis cannot be reached, this process's RecentReplies answers instead."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import redis
import redis.asyncio as aredis
from cryptography.fernet import Fernet

from bot.channels.replies import RecentReplies
from bot.channels.shared_limits import REDIS_TIMEOUT_SECONDS, RedisHealth

log = logging.getLogger(__name__)

KEY_PREFIX = "skn:reply:"
PENDING = b"pending"  # claimed, being handled (Fernet tokens never look like this)
# A claim outlives the longest handling HAProxy waits for (timeout server 120 s); a server that died holding
# it stops blocking the copies then.
PENDING_SECONDS = 150.0
POLL_SECONDS = 0.05

Handle = Callable[[], Awaitable[list[dict[str, Any]]]]


def reply_cipher(secret: str) -> Fernet:
    """The replies' key: derived from the web channel's secret, for this use only."""
    digest = hashlib.sha256(b"skn web replies\0" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class SharedRecentReplies:
    def __init__(
        self,
        client: aredis.Redis,
        cipher: Fernet,
        local: RecentReplies | None = None,
        health: RedisHealth | None = None,
        ttl_seconds: float = 600,
        pending_seconds: float = PENDING_SECONDS,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.client, self.cipher = client, cipher
        self.local = local or RecentReplies(ttl_seconds=ttl_seconds)
        self.health = health or RedisHealth()
        self.ttl_ms, self.pending_ms = int(ttl_seconds * 1000), int(pending_seconds * 1000)
        self.poll_seconds = poll_seconds

    @classmethod
    def from_url(cls, url: str, secret: str, health: RedisHealth | None = None) -> SharedRecentReplies:
        client = aredis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        return cls(client, reply_cipher(secret), health=health)

    @staticmethod
    def _key(sender_id: str, message_id: str) -> str:
        return KEY_PREFIX + hashlib.sha256(f"{sender_id}\0{message_id}".encode()).hexdigest()[:40]

    async def once(self, sender_id: str, message_id: str | None, handle: Handle) -> list[dict[str, Any]]:
        """`handle()`'s replies; for a message id any server has seen, the first handling's (waiting if needed)."""
        if not message_id or not self.health.worth_trying():
            return await self.local.once(sender_id, message_id, handle)
        key = self._key(sender_id, message_id)
        try:
            earlier = await self._claim_or_wait(key)
        except redis.RedisError as error:
            self.health.failed(error)  # nothing was handled yet: this process decides alone
            return await self.local.once(sender_id, message_id, handle)
        self.health.answered()
        if earlier is not None:
            return earlier
        try:
            replies = await handle()
        except BaseException:
            await self._forget(key)  # a failed handling may be tried again, here or elsewhere
            raise
        await self._keep(key, replies)
        return replies

    async def _claim_or_wait(self, key: str) -> list[dict[str, Any]] | None:
        """None once this server holds the claim; the replies when another handling finished first."""
        deadline = time.monotonic() + self.pending_ms / 1000
        while True:
            if await self.client.set(key, PENDING, nx=True, px=self.pending_ms):
                return None
            while (value := await self.client.get(key)) == PENDING:
                if time.monotonic() > deadline:
                    raise TimeoutError("the first copy of this message is still being handled")
                await asyncio.sleep(self.poll_seconds)
            if value is not None:
                return json.loads(self.cipher.decrypt(value))
            # gone: the first handling failed (or its claim expired); claim it again

    async def _keep(self, key: str, replies: list[dict[str, Any]]) -> None:
        try:
            await self.client.set(key, self.cipher.encrypt(json.dumps(replies).encode()), px=self.ttl_ms)
        except redis.RedisError as error:  # the patient still gets this answer; a copy may be handled again
            self.health.failed(error)
            await self._forget(key)

    async def _forget(self, key: str) -> None:
        try:
            await self.client.delete(key)
        except redis.RedisError as error:
            self.health.failed(error)
