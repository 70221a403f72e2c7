"""A web message sent again is answered once across servers (bot/channels/shared_replies.py), on the real Redis:
two SharedRecentReplies with their own clients stand for two Rasa servers."""
from __future__ import annotations

import asyncio
import logging
import uuid

import pytest
import redis

from bot.channels.shared_limits import RedisHealth
from bot.channels.shared_replies import KEY_PREFIX, SharedRecentReplies

pytestmark = pytest.mark.slow  # the real Redis server
REDIS_URL = "redis://127.0.0.1:6379/6"  # shared with test_shared_limits.py: emptied before each test
SECRET = "s" * 40


@pytest.fixture
def red():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    except redis.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (see README: the services the tests use)")
    yield client
    client.flushdb()
    client.close()


class Turns:
    """A stand-in for handling a message: counts how often it ran, answers after `delay` seconds."""

    def __init__(self, delay: float = 0.0, fail: bool = False):
        self.calls, self.delay, self.fail = 0, delay, fail

    async def __call__(self):
        self.calls += 1
        await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError("the tracker store is down")
        return [{"recipient_id": "web-x", "text": f"Thanks, Hina (turn {self.calls})"}]


def servers(n: int = 2, url: str = REDIS_URL) -> list[SharedRecentReplies]:
    return [SharedRecentReplies.from_url(url, SECRET, RedisHealth()) for _ in range(n)]


def ids() -> tuple[str, str]:
    return "web-" + uuid.uuid4().hex, uuid.uuid4().hex


def test_a_copy_on_the_other_server_while_the_first_is_handled_waits_for_its_replies(red):
    async def scenario():
        first, second = servers()
        sender, message_id = ids()
        turns = Turns(delay=0.3)
        answers = await asyncio.gather(first.once(sender, message_id, turns),
                                       second.once(sender, message_id, turns))
        later = await second.once(sender, message_id, turns)  # a retry after the answer
        return turns.calls, answers, later

    calls, (a, b), later = asyncio.run(scenario())
    assert calls == 1 and a == b == later and "turn 1" in a[0]["text"]


def test_different_messages_and_messages_without_an_id_are_each_handled(red):
    async def scenario():
        first, second = servers()
        sender, message_id = ids()
        turns = Turns()
        await first.once(sender, message_id, turns)
        await second.once(sender, uuid.uuid4().hex, turns)  # another message
        await second.once("web-" + uuid.uuid4().hex, message_id, turns)  # another patient, same id
        await first.once(sender, None, turns)
        await second.once(sender, None, turns)
        return turns.calls

    assert asyncio.run(scenario()) == 5


def test_a_failed_handling_may_be_tried_again_on_any_server(red):
    async def scenario():
        first, second = servers()
        sender, message_id = ids()
        with pytest.raises(RuntimeError):
            await first.once(sender, message_id, Turns(fail=True))
        turns = Turns()
        replies = await second.once(sender, message_id, turns)
        return turns.calls, replies

    calls, replies = asyncio.run(scenario())
    assert calls == 1 and replies


def test_nothing_the_assistant_said_is_readable_in_redis_and_it_expires(red):
    async def scenario():
        (server,) = servers(1)
        server.ttl_ms = 500
        await server.once(*ids(), Turns())

    asyncio.run(scenario())
    keys = red.keys(KEY_PREFIX + "*")
    assert len(keys) == 1 and b"Hina" not in red.get(keys[0]) and 0 < red.pttl(keys[0]) <= 500


def test_without_redis_each_server_answers_copies_from_its_own_memory(caplog):
    async def scenario():
        (server,) = servers(1, url="redis://127.0.0.1:1/0")  # nothing listens on port 1
        sender, message_id = ids()
        turns = Turns()
        with caplog.at_level(logging.WARNING):
            a = await server.once(sender, message_id, turns)
            b = await server.once(sender, message_id, turns)
        return turns.calls, a, b

    calls, a, b = asyncio.run(scenario())
    assert calls == 1 and a == b  # the patient is answered, and a copy on this server is still answered once
    assert "Redis unreachable" in caplog.text
