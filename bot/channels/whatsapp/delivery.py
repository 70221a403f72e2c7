"""Sending a conversation's queued replies in order, one conversation at a time, through the outbox.

Every reply is first stored in the outbox (records.finish), then sent from there: a reply that cannot be
sent now (Graph API down, rate-limited) waits there, in order, and the outbox loop tries again later with a
growing delay. A reply that may never be sent (the 24-hour window closed, Meta refuses its body) is dropped
and logged, with the conversation's pseudonym and the status code only, never the text."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from bot.pseudonym import pseudonym
from bot.settings import WhatsAppSettings
from bot.store.db import SessionFactory
from bot.store.models import utcnow

from . import records
from .graph import GraphClient, SendFailed, WindowClosed, check_window, template_body
from .inbound import phone_of

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_ATTEMPTS = 30  # outbox attempts (about a day with the delays below) before a reply is given up
RETRY_BASE = dt.timedelta(seconds=30)
RETRY_CAP = dt.timedelta(hours=1)


async def in_thread(fn: Callable[..., T], *args: Any) -> T:
    """A blocking (database) call, off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(fn, *args))


class SenderLocks:
    """One asyncio lock per conversation, forgotten when nobody holds or awaits it: one patient's messages
    are handled and answered in order, different patients' side by side."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(conversation_id, (asyncio.Lock(), 0))
        self._locks[conversation_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[conversation_id]
            if users <= 1:
                del self._locks[conversation_id]
            else:
                self._locks[conversation_id] = (lock, users - 1)


class Delivery:
    def __init__(
        self,
        settings: WhatsAppSettings,
        sessions: SessionFactory,
        client: GraphClient,
        locks: SenderLocks | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.settings, self.sessions, self.client, self.clock = settings, sessions, client, clock
        self.locks = locks or SenderLocks()

    async def flush(self, conversation_id: str) -> int:
        """Sends the conversation's due outbox rows in order (the caller holds its lock); how many were sent.
        Stops at the first one that must wait, so later replies never overtake it."""
        recipient = await in_thread(records.recipient_of, self.sessions, conversation_id)
        phone = phone_of(conversation_id)
        if recipient is None and phone:  # the sender row is purged when idle; the number is in the id
            recipient = records.Recipient(phone[1:], True, None)
        delivered = 0
        for row in await in_thread(records.queued, self.sessions, conversation_id):
            now = self.clock()
            if row.due > now:
                break
            try:
                if recipient is None:
                    raise WindowClosed("no WhatsApp address for this conversation")
                check_window(row.body, recipient.last_inbound_at, now, self.settings.template_name)
                await self.client.send(recipient.address, recipient.is_phone, row.body)
            except WindowClosed:
                log.warning(
                    "WhatsApp: a reply to %s was dropped: outside the 24-hour window", pseudonym(conversation_id)
                )
                await in_thread(records.sent, self.sessions, row.row_id)
                continue
            except SendFailed as failure:
                if not failure.retryable:
                    log.error(
                        "WhatsApp: Meta refused a reply to %s (status %s); dropped",
                        pseudonym(conversation_id),
                        failure.status,
                    )
                    await in_thread(records.sent, self.sessions, row.row_id)
                    continue
                wait = max(RETRY_BASE * (2 ** min(row.attempts, 10)), dt.timedelta(seconds=failure.retry_after or 0))
                attempts = await in_thread(
                    records.postpone, self.sessions, row.row_id, failure.status, now + min(wait, RETRY_CAP)
                )
                log.warning(
                    "WhatsApp: a reply to %s is kept in the outbox (status %s, attempt %d)",
                    pseudonym(conversation_id),
                    failure.status,
                    attempts,
                )
                if attempts >= MAX_ATTEMPTS:
                    log.error("WhatsApp: gave up a reply to %s after %d attempts", pseudonym(conversation_id), attempts)
                    await in_thread(records.sent, self.sessions, row.row_id)
                    continue
                break
            await in_thread(records.sent, self.sessions, row.row_id)
            delivered += 1
        return delivered

    async def retry_due(self) -> None:
        """One pass of the outbox loop."""
        for conversation_id in await in_thread(records.due_conversations, self.sessions, self.clock()):
            async with self.locks.hold(conversation_id):
                await self.flush(conversation_id)

    async def send_template(self, to: str, template_name: str, language: str, parameters: list[str]) -> int:
        """Sends the approved template to conversation `to` ("wa-..."), e.g. a reminder outside the 24-hour
        window. Raises WindowClosed for any template but the configured one; queued like every reply."""
        body = template_body(template_name, language, parameters)
        check_window(body, None, self.clock(), self.settings.template_name)
        async with self.locks.hold(to):
            await in_thread(records.queue, self.sessions, to, [body], self.clock())
            return await self.flush(to)
