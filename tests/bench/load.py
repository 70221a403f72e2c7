"""Concurrent senders over Rasa's REST channel: each sends its messages one after another, waiting for the reply.

Measures every message's round trip (request sent -> replies received) and the wall time of the whole level.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from tests.bench.conversations import Conversation, OffTheRails

REQUEST_TIMEOUT_SECONDS = 300


@dataclass
class Level:
    """The result of one load level: `senders` conversations at once."""

    bot: str
    senders: int
    latencies: list[float] = field(default_factory=list)  # seconds, one per answered message
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    conversations_done: int = 0

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile in seconds (0 when nothing was measured)."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        rank = max(1, math.ceil(share * len(ordered)))
        return ordered[rank - 1]

    @property
    def messages(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "bot": self.bot,
            "senders": self.senders,
            "messages": self.messages,
            "conversations_done": self.conversations_done,
            "errors": len(self.errors),
            "error_samples": self.errors[:5],
            "p50_ms": round(self.percentile(0.50) * 1000, 1),
            "p95_ms": round(self.percentile(0.95) * 1000, 1),
            "max_ms": round(max(self.latencies, default=0.0) * 1000, 1),
            "messages_per_s": round(self.throughput, 2),
            "seconds": round(self.seconds, 2),
        }


async def _converse(
    session: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    sender: str,
    conversation: Conversation,
    level: Level,
) -> None:
    message: str | None = conversation.first()
    while message is not None:
        started = time.perf_counter()
        async with session.post(url, json={"sender": sender, "message": message}, headers=headers) as response:
            body = await response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                raise OffTheRails(f"HTTP {response.status} at message {conversation.messages_sent}: {body[:200]!r}")
        level.latencies.append(elapsed)
        message = conversation.next(json.loads(body))
    level.conversations_done += 1


async def _sender(session, url, headers, prefix, number, make_conversation, level) -> None:  # type: ignore[no-untyped-def]
    sender = f"{prefix}-{number}-{uuid.uuid4().hex[:8]}"
    try:
        await _converse(session, url, headers, sender, make_conversation(number), level)
    except (OffTheRails, aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        level.errors.append(f"sender {number}: {type(error).__name__}: {error}")


async def run_level(
    bot: str,
    base_url: str,
    senders: int,
    make_conversation: Callable[[int], Conversation],
    headers: dict[str, str] | None = None,
    first_number: int = 0,
) -> Level:
    """`senders` conversations at once against `base_url`; sender n talks through make_conversation(n)."""
    level = Level(bot, senders)
    url = base_url + "/webhooks/rest/webhook"
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    # limit=0: one connection per sender, as separate clients would have
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=0)) as session:
        started = time.perf_counter()
        await asyncio.gather(
            *(
                _sender(session, url, headers or {}, f"bench{senders}", first_number + n, make_conversation, level)
                for n in range(senders)
            )
        )
        level.seconds = time.perf_counter() - started
    return level
