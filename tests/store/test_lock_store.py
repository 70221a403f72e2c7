"""The lock store several Rasa servers share (rasa#9213): Rasa's RedisLockStore, reproduced racing on the real
Redis, and bot.lock_store.AtomicRedisLockStore holding under the same race: one ticket per message, one
message of a patient processed at a time, in the order they came."""
from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest
import redis
from rasa.core.lock_store import RedisLockStore

from bot.lock_store import AtomicRedisLockStore

pytestmark = pytest.mark.slow  # the real Redis server
REDIS_DB = 5


@pytest.fixture
def red():
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (see README: the services the tests use)")
    yield client
    client.close()


def conversation() -> str:
    return "wa-" + uuid.uuid4().hex[:12]


class SlowRedis(redis.Redis):
    """A Redis client whose reads take as long as a busy network's: the window rasa#9213 is about."""

    def get(self, name):
        value = super().get(name)
        time.sleep(0.01)
        return value


def test_rasas_store_gives_two_servers_the_same_ticket(red):
    servers = []
    for _ in range(2):
        store = RedisLockStore(host="127.0.0.1", port=6379, db=REDIS_DB)
        store.red = SlowRedis(host="127.0.0.1", port=6379, db=REDIS_DB)
        servers.append(store)
    cid = conversation()
    tickets: list[int] = []
    start = threading.Barrier(2)

    def take(store):
        start.wait()
        tickets.append(store.issue_ticket(cid))

    threads = [threading.Thread(target=take, args=(s,)) for s in servers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    servers[0].delete_lock(cid)
    assert len(tickets) == 2 and tickets[0] == tickets[1], "the race did not show: both servers got one ticket"


def test_atomic_store_gives_every_message_its_own_ticket_across_servers(red):
    servers = [AtomicRedisLockStore(client=redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)) for _ in range(4)]
    cid = conversation()
    tickets: list[int] = []
    start = threading.Barrier(len(servers) * 5)

    def take(store):
        start.wait()
        tickets.append(store.issue_ticket(cid))

    threads = [threading.Thread(target=take, args=(s,)) for s in servers for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(tickets) == list(range(1, 21))
    for ticket in tickets:
        servers[0].cleanup(cid, ticket)
    assert not red.exists(*servers[0]._keys(cid))  # the last one out removed the keys


async def test_one_message_of_a_patient_at_a_time_in_the_order_they_came(red):
    servers = [AtomicRedisLockStore(client=redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)) for _ in range(2)]
    cid = conversation()
    inside, entered = [], []

    async def message(n: int):
        store = servers[n % 2]  # a burst spread over both servers
        async with store.lock(cid):
            inside.append(n)
            assert len(inside) == 1, f"two messages of one patient processed at once: {inside}"
            entered.append(n)
            await asyncio.sleep(0.01)
            inside.remove(n)

    tasks = []
    for n in range(12):
        tasks.append(asyncio.create_task(message(n)))
        await asyncio.sleep(0.002)  # they arrive one after another, faster than each is processed
    await asyncio.gather(*tasks)
    assert entered == list(range(12))


async def test_a_ticket_of_a_dead_server_expires_and_no_longer_blocks(red):
    store = AtomicRedisLockStore(client=redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB))
    cid = conversation()
    store.issue_ticket(cid, lock_lifetime=0.2)  # a server took it and died (never released)
    started = time.monotonic()
    async with store.lock(cid, lock_lifetime=5):
        waited = time.monotonic() - started
    assert 0.1 < waited < 3


async def test_a_message_that_waits_past_its_lifetime_gets_a_lock_error(red):
    from rasa.core.lock_store import LockError

    store = AtomicRedisLockStore(client=redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB))
    cid = conversation()
    first = store.issue_ticket(cid, lock_lifetime=5)
    with pytest.raises(LockError):
        async with store.lock(cid, lock_lifetime=0.1):
            pass
    store.cleanup(cid, first)


def test_endpoints_configure_it_like_rasas_store():
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig

    config = EndpointConfig(url="127.0.0.1", type="bot.lock_store.AtomicRedisLockStore", port=6379, db=REDIS_DB)
    store = LockStore.create(config)
    assert isinstance(store, AtomicRedisLockStore) and store.red.ping()
