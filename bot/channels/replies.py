"""What every channel does with the assistant's answer to one patient message.

`never_silent`: a patient message always gets at least one reply. The dialogue should always answer; if a
turn ends with nothing to say (a rule gap, an action that failed), the patient gets a polite line instead of
silence and the gap is logged (without the patient's words) so it can be fixed.

`RecentReplies`: a message a client sends again (its request timed out, the patient pressed "retry") is
answered from the first handling instead of being processed twice: same client message id, same replies.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from bot.pseudonym import pseudonym

log = logging.getLogger(__name__)
FALLBACK_TEXT = (
    "Sorry, I couldn't answer that just now. Could you say it again, perhaps in other words? "
    'You can also write "talk to a person".'
)


def never_silent(messages: list[dict[str, Any]], sender_id: str) -> list[dict[str, Any]]:
    if any(m.get("text") or m.get("buttons") or m.get("image") or m.get("custom") for m in messages):
        return messages
    log.warning("No reply to a message of conversation %s: sent the fallback line", pseudonym(sender_id))
    return [*messages, {"recipient_id": sender_id, "text": FALLBACK_TEXT}]


class RecentReplies:
    """Replies by (sender, client message id), kept `ttl_seconds` and at most `size` of them."""

    def __init__(self, size: int = 2000, ttl_seconds: float = 600) -> None:
        self.size = size
        self.ttl = ttl_seconds
        self._entries: OrderedDict[tuple[str, str], tuple[float, asyncio.Future]] = OrderedDict()

    def _forget_old(self, now: float) -> None:
        while self._entries:
            key, (at, _) = next(iter(self._entries.items()))
            if now - at <= self.ttl and len(self._entries) <= self.size:
                break
            self._entries.popitem(last=False)

    async def once(
        self, sender_id: str, message_id: str | None, handle: Callable[[], Awaitable[list[dict[str, Any]]]]
    ) -> list[dict[str, Any]]:
        """`handle()`'s replies; for a message id seen before, the first handling's (awaiting it if needed)."""
        if not message_id:
            return await handle()
        now = time.monotonic()
        self._forget_old(now)
        key = (sender_id, message_id)
        if key in self._entries:
            return await asyncio.shield(self._entries[key][1])
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._entries[key] = (now, future)
        try:
            replies = await handle()
        except BaseException as error:
            self._entries.pop(key, None)  # a failed handling may be tried again
            if not future.done():
                future.set_exception(error)
                future.exception()  # retrieved: no "never retrieved" warning when nobody else waits
            raise
        future.set_result(replies)
        return replies
