"""Which client a per-address limit counts: X-Forwarded-For only from a trusted proxy (TRUSTED_PROXIES)."""
from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import pytest
from sanic.compat import Header

from bot.channels.client_address import TrustedProxies
from bot.channels.rest import GuardedRestInput
from bot.settings import Settings

TOKEN = "t" * 40


def request(peer: str, *forwarded: str, body: bytes = b"") -> SimpleNamespace:
    headers = Header([("X-Forwarded-For", value) for value in forwarded])
    headers["Authorization"] = f"Bearer {TOKEN}"
    return SimpleNamespace(ip=peer, headers=headers, body=body)


PROXIES = TrustedProxies.parse("127.0.0.1, 10.1.0.0/16, ::1")


def test_no_proxy_is_trusted_by_default():
    assert Settings.from_env({}).trusted_proxies == ""
    assert TrustedProxies.parse("").client(request("127.0.0.1", "203.0.113.9")) == "127.0.0.1"


@pytest.mark.parametrize("peer,forwarded,client", [
    ("127.0.0.1", ["203.0.113.9"], "203.0.113.9"),  # our proxy says who it serves
    ("198.51.100.4", ["203.0.113.9"], "198.51.100.4"),  # a client forging the header is counted as itself
    ("127.0.0.1", ["1.2.3.4, 203.0.113.9"], "203.0.113.9"),  # the client's own header, then our proxy's hop
    ("127.0.0.1", ["1.2.3.4", "203.0.113.9"], "203.0.113.9"),  # the same as two header lines
    ("127.0.0.1", ["203.0.113.9, 10.1.4.4"], "203.0.113.9"),  # two of our proxies in a row
    ("127.0.0.1", [], "127.0.0.1"),  # a health check of the proxy itself
    ("127.0.0.1", ["10.1.2.3"], "10.1.2.3"),  # only proxies: the first of them
    ("127.0.0.1", ["not-an-address, 203.0.113.9"], "203.0.113.9"),
    ("127.0.0.1", ["203.0.113.9, garbage"], "127.0.0.1"),  # an unreadable hop of ours: believe nothing
    ("::ffff:127.0.0.1", ["2001:db8::7"], "2001:db8::7"),  # IPv4 peer on an IPv6 socket, IPv6 client
    ("::1", ["[2001:db8::8]"], "2001:db8::8"),
])
def test_the_client_is_the_right_most_address_that_is_no_trusted_proxy(peer, forwarded, client):
    assert PROXIES.client(request(peer, *forwarded)) == client


def test_a_setting_that_is_no_address_is_refused():
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        TrustedProxies.parse("127.0.0.1, proxy.local")


def test_the_rest_channel_limits_the_forwarded_client_not_the_proxy():
    channel = GuardedRestInput(TOKEN, messages_per_sender=100, messages_per_address=2,
                               proxies=TrustedProxies.parse("127.0.0.1"))

    async def on_new_message(message):
        await message.output_channel.send_text_message(message.sender_id, "hello")

    def status(peer: str, *forwarded: str) -> int:
        body = json.dumps({"sender": "bridge-1", "message": "hi"}).encode()
        return asyncio.run(channel._answer(request(peer, *forwarded, body=body), on_new_message)).status

    # two clients behind our proxy each get their own limit ...
    assert [status("127.0.0.1", "203.0.113.1") for _ in range(3)] == [200, 200, 429]
    assert status("127.0.0.1", "203.0.113.2") == 200
    # ... and a client that writes the header itself cannot buy a fresh one with each message
    assert [status("198.51.100.4", f"203.0.113.{n}") for n in range(10, 13)] == [200, 200, 429]
