"""Which address a request to a channel comes from, for the per-address limits.

Behind our load balancer every request arrives from the proxy, so the client is in X-Forwarded-For. That header
is believed only when the request comes straight from a trusted proxy (TRUSTED_PROXIES, none by default):
anyone else could write any address into it and get a fresh limit for each message. Each proxy appends the
address it saw, so the client is the right-most address that is not itself a trusted proxy."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from sanic.request import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    # an IPv4 client seen through an IPv6 socket (::ffff:a.b.c.d) is that IPv4 client
    return address.ipv4_mapped or address if isinstance(address, ipaddress.IPv6Address) else address


class TrustedProxies:
    def __init__(self, networks: Iterable[Network] = ()) -> None:
        self.networks = tuple(networks)

    @classmethod
    def parse(cls, value: str) -> TrustedProxies:
        """'127.0.0.1, 10.0.0.0/8' -> the proxies; a word that is no address or network is an error."""
        networks = []
        for item in value.split(","):
            if item.strip():
                try:
                    networks.append(ipaddress.ip_network(item.strip(), strict=False))
                except ValueError:
                    raise ValueError(f"TRUSTED_PROXIES: {item.strip()!r} is not an address or network") from None
        return cls(networks)

    def trusts(self, text: str) -> bool:
        address = _address(text)
        return address is not None and any(address in network for network in self.networks)

    def client(self, request: Request) -> str:
        """The client's address: the peer itself unless the peer is a trusted proxy that says who it serves."""
        peer = request.ip or "unknown"
        if not self.trusts(peer):
            return peer
        lines = request.headers.getall("x-forwarded-for", [])
        hops = [hop.strip() for line in lines for hop in line.split(",") if hop.strip()]
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                return peer  # a hop we cannot read: nothing to its left can be believed either
            if not self.trusts(hop):
                return str(address)
        return str(_address(hops[0])) if hops else peer  # every hop is one of ours: the first is the client
