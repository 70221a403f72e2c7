"""Two Rasa servers and two action servers behind HAProxy (issue 15), on PostgreSQL, the Redis lock store and
RabbitMQ: concurrent conversations and bursts for one patient spread over both servers lose nothing, duplicate
nothing and keep each patient's order; a web session works on every server and its limits count across them."""
from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import jwt
import pytest

from tests.support.topology import Topology

pytestmark = pytest.mark.slow

SENDERS = 10
NAMES = ["Hina", "Amina", "Sara", "Bilal", "Omar", "Zara", "Ali", "Nadia", "Farah", "Imran"]
NEXT_AFTER_SECONDS = 0.3  # the next message of a burst even when no ticket shows (a lock store that is not ours)
MESSAGES_PER_SESSION = 4  # the web channel's limits in this test's credentials
SESSIONS_PER_ADDRESS = 6
CREDENTIALS = f"""
bot.channels.rest.GuardedRestInput:
  messages_per_sender: 60
  messages_per_address: 600
  window_seconds: 60
bot.channels.web.SecureWebChannel:
  messages_per_window: {MESSAGES_PER_SESSION}
  sessions_per_window: {SESSIONS_PER_ADDRESS}
  window_seconds: 60
"""


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("topology")
    credentials = workdir / "credentials.yml"
    credentials.write_text(CREDENTIALS)
    with Topology(workdir, credentials).serving() as running:
        yield running
    asyncio.run(_delete_queue(running.queue))


def consented(topology: Topology, sender: str) -> None:
    """Starts a conversation and consents, so the patient's words are stored from here on."""
    for message in ("hi", "yes"):
        status, replies = topology.say(sender, message)
        assert status == 200 and replies, (status, replies)


def user_texts_after_consent(topology: Topology, sender: str) -> list[str]:
    return [event.get("text") for kind, event in topology.stored_events(sender) if kind == "user"][2:]


def assert_each_message_answered(topology: Topology, sender: str) -> None:
    kinds = [kind for kind, _ in topology.stored_events(sender)]
    for position, kind in enumerate(kinds):
        if kind == "user":
            assert position + 1 < len(kinds) and kinds[position + 1] == "bot", kinds


def test_concurrent_conversations_through_the_proxy_keep_every_message_once_in_order(topology):
    senders = [f"topo-{uuid.uuid4().hex[:8]}" for _ in range(SENDERS)]
    script = {sender: ["hi", "yes", name, str(20 + n)] for n, (sender, name) in enumerate(zip(senders, NAMES))}

    def converse(sender: str) -> list[tuple[int, list]]:
        return [topology.say(sender, message) for message in script[sender]]

    with ThreadPoolExecutor(SENDERS) as pool:
        answers = dict(zip(senders, pool.map(converse, senders)))
    for sender in senders:
        assert all(status == 200 and replies for status, replies in answers[sender]), answers[sender]
        assert all(reply["recipient_id"] == sender for _, replies in answers[sender] for reply in replies)
        # words before consent are stored as their intent only (bot.tracker_store); after it, word for word
        stored = [event.get("text") for kind, event in topology.stored_events(sender) if kind == "user"]
        assert stored == ["", "", *script[sender][2:]]
        assert_each_message_answered(topology, sender)
    # both Rasa servers took part
    assert {"rasa1", "rasa2"} <= set(topology.haproxy_servers_used("/webhooks/rest/webhook"))
    # every event reached RabbitMQ once; each server publishes on its own connection, so a consumer puts one
    # conversation's events in order by their timestamps, not by when they arrived in the queue
    events = asyncio.run(_events_in_queue(topology.queue))
    for sender in senders:
        published = sorted((e for e in events if e.get("sender_id") == sender and e.get("event") == "user"),
                           key=lambda e: e["timestamp"])
        assert [e.get("text") for e in published] == ["", "", *script[sender][2:]]


def burst(topology: Topology, sender: str, messages: list[str], urls: list[str]) -> tuple[list[tuple[int, list]], int]:
    """Sends `messages` for one patient nearly at once, message i to urls[i]: each as soon as the one before has
    its ticket in the lock store (so the order they arrived in is known), long before it is answered; at the
    latest after NEXT_AFTER_SECONDS. Returns the answers and the most tickets seen live at once (more than one:
    the messages queued behind each other)."""
    results: list[tuple[int, list]] = [(0, [])] * len(messages)

    def send(index: int) -> None:
        results[index] = topology.say(sender, messages[index], urls[index])

    threads, most_live = [], 0
    for index in range(len(messages)):
        before, _ = topology.lock_tickets(sender)
        threads.append(threading.Thread(target=send, args=(index,)))
        threads[-1].start()
        deadline = time.monotonic() + NEXT_AFTER_SECONDS
        while threads[-1].is_alive() and time.monotonic() < deadline:
            last, live = topology.lock_tickets(sender)
            most_live = max(most_live, live)
            if last is not None and last != before:
                break  # this message has its place in the queue: send the next
            time.sleep(0.002)
    for thread in threads:
        thread.join()
    return results, most_live


BURST = ["Hina", "29", "female", "about three months", "all over my head", "no"]


def test_a_burst_for_one_patient_spread_over_both_servers_is_kept_in_order(topology):
    sender = f"burst-{uuid.uuid4().hex[:8]}"
    consented(topology, sender)
    first, second = topology.replica_urls
    # every other message straight to the other server: both handle this patient at the same time
    results, most_live = burst(topology, sender, BURST, [first, second] * (len(BURST) // 2))
    assert all(status == 200 and replies for status, replies in results), results
    assert user_texts_after_consent(topology, sender) == BURST  # none lost, none twice, in the order sent
    assert_each_message_answered(topology, sender)
    assert most_live >= 2  # they were in the servers at the same time, waiting their turn


def test_a_burst_through_the_proxy_reaches_both_servers_and_keeps_its_order(topology):
    sender = f"burst-{uuid.uuid4().hex[:8]}"
    consented(topology, sender)
    before = len(topology.haproxy_servers_used("/webhooks/rest/webhook"))
    results, most_live = burst(topology, sender, BURST, [topology.url] * len(BURST))
    assert all(status == 200 and replies for status, replies in results), results
    assert user_texts_after_consent(topology, sender) == BURST
    assert_each_message_answered(topology, sender)
    assert most_live >= 2
    time.sleep(0.2)  # HAProxy writes a request's log line once it is answered
    assert set(topology.haproxy_servers_used("/webhooks/rest/webhook")[before:]) == {"rasa1", "rasa2"}


# -- the web widget's channel ------------------------------------------------------------------------------
def new_session(topology: Topology, url: str | None = None, forwarded_for: str | None = None) -> tuple[int, dict]:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return topology.call("POST", url or topology.url, "/webhooks/web/session", {}, headers)


def web_message(topology: Topology, url: str, token: str, text: str) -> int:
    status, _ = topology.call("POST", url, "/webhooks/web/message", {"text": text},
                              {"Authorization": f"Bearer {token}"})
    return status


def test_a_web_session_works_on_every_server_and_its_limit_counts_across_them(topology):
    first, second = topology.replica_urls
    status, session = new_session(topology)  # issued by whichever server HAProxy chose
    assert status == 201
    assert [web_message(topology, url, session["token"], "hi") for url in (first, second)] == [200, 200]
    for url in (first, second):
        status, history = topology.call("GET", url, "/webhooks/web/history",
                                        headers={"Authorization": f"Bearer {session['token']}"})
        assert status == 200 and len(history["messages"]) >= 4  # two messages and their replies, on both
    # the per-session limit trips at the same count on one server as on the two in turn
    for urls in ([first] * 5, [first, second] * 3):
        status, session = new_session(topology)
        assert status == 201
        statuses = [web_message(topology, url, session["token"], "hi") for url in urls[: MESSAGES_PER_SESSION + 1]]
        assert statuses == [200] * MESSAGES_PER_SESSION + [429], (urls, statuses)


def test_a_web_message_sent_again_to_the_other_server_is_handled_once(topology):
    first, second = topology.replica_urls
    status, session = new_session(topology)
    assert status == 201
    sender = jwt.decode(session["token"], options={"verify_signature": False})["sub"]
    body, headers = {"text": "hi", "id": uuid.uuid4().hex}, {"Authorization": f"Bearer {session['token']}"}
    answers: list = [None, None]

    def send(index: int, url: str) -> None:
        time.sleep(index * 0.05)  # the copy arrives while the first is being handled, as a widget's resend can
        answers[index] = topology.call("POST", url, "/webhooks/web/message", body, headers)

    threads = [threading.Thread(target=send, args=(i, url)) for i, url in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers[0][0] == answers[1][0] == 200 and answers[0][1]["messages"] == answers[1][1]["messages"]
    assert [kind for kind, _ in topology.stored_events(sender)].count("user") == 1


def test_new_sessions_per_client_address_count_across_servers_and_only_trust_the_proxy(topology):
    first, second = topology.replica_urls
    client = "203.0.113.77"  # a documentation address, never contacted: it is only a header's value
    # the tests' own address is a trusted proxy (TRUSTED_PROXIES=127.0.0.1), so this header names the client
    statuses = [new_session(topology, url, client)[0] for url in [first, second] * (SESSIONS_PER_ADDRESS // 2 + 1)]
    assert statuses == [201] * SESSIONS_PER_ADDRESS + [429, 429]
    # through HAProxy a client's own X-Forwarded-For is dropped: it is counted as the address HAProxy saw
    assert new_session(topology, forwarded_for=client)[0] == 201


# -- RabbitMQ --------------------------------------------------------------------------------------------
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


async def _delete_queue(queue: str) -> None:
    import aio_pika
    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1:5672/")
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete(queue)


def test_the_stats_page_shows_queues_reply_times_and_servers(topology):
    """What the deployment guide says to watch: messages queued for a server (qcur), reply times (rtime), up/down."""
    import csv
    import io
    import urllib.request

    sender = f"topo-{uuid.uuid4().hex[:8]}"
    for message in ("hi", "yes"):
        assert topology.say(sender, message)[0] == 200
    with urllib.request.urlopen(f"http://127.0.0.1:{topology.stats_port}/haproxy-stats;csv", timeout=10) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode().lstrip("# "))))
    rasa = {row["svname"]: row for row in rows if row["pxname"] == "rasa_servers"}
    assert {"rasa1", "rasa2", "BACKEND"} <= set(rasa)
    statuses = {name: rasa[name]["status"] for name in ("rasa1", "rasa2")}
    assert all(status.startswith("UP") for status in statuses.values()), statuses
    assert int(rasa["BACKEND"]["qcur"]) >= 0 and int(rasa["BACKEND"]["rtime"]) > 0  # messages were answered
    assert {row["svname"] for row in rows if row["pxname"] == "action_servers"} >= {"actions1", "actions2"}
    # and the p95 the guide reads from HAProxy's own log lines
    from deploy.reply_times import reply_times

    times = reply_times(topology.haproxy_log.read_text().splitlines())
    answered = sorted(times["rasa_servers"])
    assert len(answered) >= 2 and answered[len(answered) // 2] > 0 and times["action_servers"]
