"""Rate limits shared through the real Redis (bot/channels/shared_limits.py): two limiters stand for two Rasa
servers and must count one limit between them; an unreachable Redis falls back to the in-memory limiter."""
from __future__ import annotations

import logging
import threading
import time
import uuid

import pytest
import redis

from bot.channels.limits import RateLimiter
from bot.channels.rest import GuardedRestInput
from bot.channels.shared_limits import (
    KEY_PREFIX, Limits, RedisHealth, RedisRateLimiter, SharedRateLimiter, redis_client,
)
from bot.channels.web import SecureWebChannel
from bot.settings import Settings

pytestmark = pytest.mark.slow  # the real Redis server
REDIS_URL = "redis://127.0.0.1:6379/6"  # this file's own database, emptied before each test
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def red():
    client = redis_client(REDIS_URL)
    try:
        client.flushdb()
    except redis.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (see README: the services the tests use)")
    yield client
    client.flushdb()
    client.close()


def key() -> str:
    return "web-" + uuid.uuid4().hex


def replicas(red, limit: int, window: float, name: str = "web-message") -> tuple[RedisRateLimiter, RedisRateLimiter]:
    """Two limiters with their own clients, as two Rasa servers have."""
    return (RedisRateLimiter(red, name, limit, window),
            RedisRateLimiter(redis_client(REDIS_URL), name, limit, window))


def test_two_replicas_share_one_limit(red):
    first, second = replicas(red, limit=4, window=60)
    sender = key()
    allowed = [(first if i % 2 == 0 else second).allow(sender) for i in range(7)]
    assert allowed == [True, True, True, True, False, False, False]
    assert 55 <= first.retry_after(sender) <= 61 and 55 <= second.retry_after(sender) <= 61
    other = key()
    assert second.allow(other) and first.retry_after(other) > 0  # keys are counted apart
    assert first.retry_after(key()) == 0  # a key never seen may go now


def test_limits_of_different_names_do_not_share_counts(red):
    messages = RedisRateLimiter(red, "web-message", 1, 60)
    photos = RedisRateLimiter(red, "web-photo", 1, 60)
    sender = key()
    assert messages.allow(sender) and photos.allow(sender)
    assert not messages.allow(sender) and not photos.allow(sender)


def test_the_window_slides_and_keys_expire(red):
    first, second = replicas(red, limit=2, window=0.4)
    sender = key()
    assert first.allow(sender) and second.allow(sender) and not first.allow(sender)
    time.sleep(0.45)
    assert second.allow(sender)  # the old hits left the window
    time.sleep(0.45)
    assert red.keys(KEY_PREFIX + "*") == []  # nothing is kept past its window
    # no sender id in readable form in Redis
    assert first.allow(sender) and all(sender.encode() not in k for k in red.keys("*"))


def test_concurrent_hits_from_two_replicas_never_pass_the_limit(red):
    first, second = replicas(red, limit=25, window=60)
    sender, allowed, lock = key(), [], threading.Lock()

    def hammer(limiter):
        for _ in range(40):
            ok = limiter.allow(sender)
            with lock:
                allowed.append(ok)

    threads = [threading.Thread(target=hammer, args=(lim,)) for lim in (first, second, first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 160 and allowed.count(True) == 25


def test_an_unreachable_redis_falls_back_to_the_process_limit_and_logs_once(caplog):
    now = [0.0]
    health = RedisHealth(retry_seconds=15, clock=lambda: now[0])
    dead = redis_client(DEAD_REDIS_URL)
    messages, sessions = (SharedRateLimiter(RedisRateLimiter(dead, name, 3, 60), RateLimiter(3, 60), health)
                          for name in ("web-message", "web-session"))
    sender = key()
    with caplog.at_level(logging.WARNING, logger="bot.channels.shared_limits"):
        assert [messages.allow(sender) for _ in range(4)] == [True, True, True, False]
        assert messages.retry_after(sender) > 0 and sessions.allow("203.0.113.5")
        now[0] = 20.0  # past retry_seconds: Redis is tried again, still down, still answered
        assert not messages.allow(sender)
    unreachable = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(unreachable) == 1 and sender not in caplog.text  # one line for the process's limiters


def test_redis_coming_back_makes_the_limits_shared_again(red, caplog):
    now = [0.0]
    dead = RedisRateLimiter(redis_client(DEAD_REDIS_URL), "web-message", 2, 60)
    shared = SharedRateLimiter(dead, RateLimiter(2, 60), RedisHealth(retry_seconds=15, clock=lambda: now[0]))
    sender = key()
    assert shared.allow(sender)  # counted in this process
    shared.shared = RedisRateLimiter(red, "web-message", 2, 60)  # Redis is back
    assert shared.allow(sender)  # still in this process until retry_seconds pass
    now[0] = 16.0
    other_replica = RedisRateLimiter(redis_client(REDIS_URL), "web-message", 2, 60)
    with caplog.at_level(logging.WARNING, logger="bot.channels.shared_limits"):
        assert shared.allow(sender) and other_replica.allow(sender) and not shared.allow(sender)
    assert "reachable again" in caplog.text


def test_settings_choose_redis_when_a_url_or_the_lock_store_is_configured():
    assert Settings.from_env({}).channel_redis_url == ""
    lock_store = {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_DB": "3"}
    assert Settings.from_env(lock_store).channel_redis_url == "redis://127.0.0.1:6379/3"
    given = {**lock_store, "CHANNEL_REDIS_URL": REDIS_URL}
    assert Settings.from_env(given).channel_redis_url == REDIS_URL
    assert isinstance(Limits("").limiter("x", 1, 1), RateLimiter)
    assert isinstance(Limits(REDIS_URL).limiter("x", 1, 1), SharedRateLimiter)


def test_channels_built_from_the_environment_share_their_limits(red, monkeypatch):
    monkeypatch.setenv("CHANNEL_REDIS_URL", REDIS_URL)
    monkeypatch.setenv("REST_CHANNEL_TOKEN", "t" * 40)
    monkeypatch.setenv("WEB_CHANNEL_SECRET", "s" * 40)
    rest = [GuardedRestInput.from_credentials({"messages_per_sender": 2}) for _ in range(2)]
    assert [channel.sender_limit.allow("bridge-7") for channel in (*rest, *rest)] == [True, True, False, False]
    web = [SecureWebChannel.from_credentials({"messages_per_window": 3, "photos_per_window": 1}) for _ in range(2)]
    sender = key()
    assert [channel.message_limit.allow(sender) for channel in (*web, *web)] == [True, True, True, False]
    assert web[0].photos.limit.allow(sender) and not web[1].photos.limit.allow(sender)
