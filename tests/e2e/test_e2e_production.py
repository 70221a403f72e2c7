"""The production set-up (endpoints.production.yml) on the real servers: conversations in PostgreSQL, the
Redis lock store, events to RabbitMQ; and the tracker database going away in the middle of a conversation."""
from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.services import ROOT
from bot.store import make_engine
from tests.conftest import create_pg_database, drop_pg_database
from tests.support.assistant import RunningAssistant
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    tracker_url = create_pg_database()
    clinic_url = create_pg_database()
    proxy = TcpProxy(5432).start()  # the tracker store reaches PostgreSQL through a plug the test can pull
    queue = f"skn_events_{uuid.uuid4().hex[:8]}"
    env = {
        "DATABASE_URL": clinic_url,
        "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": str(proxy.port),
        "TRACKER_DB_NAME": make_url(tracker_url).database, "TRACKER_DB_USER": "postgres", "TRACKER_DB_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_DB": "3",
        "RABBITMQ_HOST": "127.0.0.1", "RABBITMQ_PORT": "5672", "RABBITMQ_USER": "guest",
        "RABBITMQ_PASSWORD": "guest", "RABBITMQ_QUEUE": queue,
    }
    running = RunningAssistant(tmp_path_factory.mktemp("production"), extra_env=env,
                               endpoints=str(ROOT / "endpoints.production.yml"))
    running.database_url = clinic_url
    with running.serving():
        yield running, proxy, tracker_url, queue
    proxy.stop()
    asyncio.run(_delete_queue(queue))
    drop_pg_database(tracker_url)
    drop_pg_database(clinic_url)


async def _delete_queue(queue: str) -> None:
    import aio_pika
    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1:5672/")
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete(queue)


async def _events_in_queue(queue: str) -> list[dict]:
    import aio_pika
    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1:5672/")
    found = []
    async with connection:
        channel = await connection.channel()
        q = await channel.declare_queue(queue, durable=True)
        while True:
            message = await q.get(no_ack=True, fail=False)
            if message is None:
                return found
            found.append(json.loads(message.body))


def stored_user_texts(tracker_url: str, sender: str) -> list[str]:
    engine = make_engine(tracker_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"),
                            {"s": sender}).all()
    engine.dispose()
    return [json.loads(row[0])["text"] for row in rows]


def test_conversation_is_stored_in_postgresql_and_published_to_rabbitmq(production):
    assistant, _, tracker_url, queue = production
    sender = f"prod-{uuid.uuid4().hex[:8]}"
    assert any("store your answers" in t for t in assistant.texts(sender, "hi"))
    assistant.texts(sender, "yes")
    assert stored_user_texts(tracker_url, sender) == ["", ""]  # words before consent are never stored
    events = asyncio.run(_events_in_queue(queue))
    mine = [e for e in events if e.get("sender_id") == sender]
    assert {"user", "bot", "action"} <= {e["event"] for e in mine}


def test_tracker_database_outage_loses_nothing(production):
    assistant, proxy, tracker_url, _ = production
    sender = f"prod-{uuid.uuid4().hex[:8]}"
    assistant.texts(sender, "hi")
    assistant.texts(sender, "yes")
    proxy.stop()  # PostgreSQL is unreachable for the tracker store
    try:
        during = assistant.texts(sender, "Hina")
        # the patient sees the conversation carry on (not a fresh greeting)
        assert any("How old are you" in t for t in during), during
        assert not any("store your answers" in t for t in during)
        assistant.texts(sender, "29")
    finally:
        proxy.start()
    after = assistant.texts(sender, "female")
    assert after and not any("store your answers" in t for t in after)
    # staff see the whole conversation, including what was said during the outage
    assert stored_user_texts(tracker_url, sender) == ["", "", "Hina", "29", "female"]
    slots = assistant.tracker(sender)["slots"]
    assert slots["first_name"] == "Hina" and slots["age"] == 29 and slots["sex"] == "female"
    assert "Tracker database unavailable" in assistant.logs()
