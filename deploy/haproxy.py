"""Writes the HAProxy configuration for N Rasa servers and M action servers from deploy/haproxy.cfg.in.

    python deploy/haproxy.py --rasa 10.0.0.11:5005 --rasa 10.0.0.12:5005 \
        --action 10.0.0.21:5055 --action 10.0.0.22:5055 --out /etc/haproxy/haproxy.cfg

Then give every Rasa server ACTION_ENDPOINT_URL=http://<proxy>:5055/webhook and TRUSTED_PROXIES=<proxy's
address>. `--foreground` leaves out what only Debian's haproxy service needs (chroot, user, /dev/log): for
running haproxy as an ordinary child process, as tests/support/topology.py does."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).with_name("haproxy.cfg.in")

# As Debian's own /etc/haproxy/haproxy.cfg: syslog, a chroot, an unprivileged user, the admin socket.
SERVICE_GLOBAL = (
    "log /dev/log local0",
    "chroot /var/lib/haproxy",
    "stats socket /run/haproxy/admin.sock mode 660 level admin",
    "user haproxy",
    "group haproxy",
)
FOREGROUND_GLOBAL = ("log stdout format raw local0",)

# What to watch (deploy/README.md): per server and backend, messages waiting for a server (qcur), average reply
# and total times over the last 1024 requests (rtime, ttime), servers up or down. Read-only; keep it on localhost
# or the admin network. `;csv` after the URL gives the same as CSV.
STATS_SECTION = """
# What to watch: queued messages (qcur), reply times (rtime, ttime), servers up or down. Read-only.
frontend stats
    bind {bind}
    stats enable
    stats uri /haproxy-stats
    stats refresh 10s
    stats show-legends
"""


def _servers(prefix: str, addresses: list[str]) -> str:
    if not addresses:
        raise ValueError(f"at least one {prefix} server is needed")
    for address in addresses:
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"{address!r} is not host:port")
    return "\n".join(f"    server {prefix}{n} {address} check" for n, address in enumerate(addresses, start=1))


def render(
    rasa: list[str],
    actions: list[str],
    rasa_bind: str = ":5005",
    actions_bind: str = ":5055",
    foreground: bool = False,
    stats_bind: str = "",
) -> str:
    """The configuration text; raises ValueError for a server list that is empty or not host:port."""
    lines = FOREGROUND_GLOBAL if foreground else SERVICE_GLOBAL
    return Template(TEMPLATE.read_text()).substitute(
        global_lines="\n".join("    " + line for line in lines),
        rasa_bind=rasa_bind,
        actions_bind=actions_bind,
        rasa_servers=_servers("rasa", rasa),
        action_servers=_servers("actions", actions),
        stats_section=STATS_SECTION.format(bind=stats_bind) if stats_bind else "",
    )


def write_private(path: Path, text: str) -> None:
    """Writes `text` to `path`, readable by its owner only (0600), whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rasa", action="append", default=[], metavar="HOST:PORT", help="a Rasa server")
    parser.add_argument("--action", action="append", default=[], metavar="HOST:PORT", help="an action server")
    parser.add_argument("--rasa-bind", default=":5005", help="where the proxy takes messages (default :5005)")
    parser.add_argument("--actions-bind", default=":5055", help="where it takes action calls (default :5055)")
    parser.add_argument(
        "--stats-bind", default="127.0.0.1:8404", help='the read-only stats page (default 127.0.0.1:8404; "" = none)'
    )
    parser.add_argument("--foreground", action="store_true", help="no chroot/user/syslog: a child process")
    parser.add_argument("--out", type=Path, help="file to write (mode 0600); default: print")
    args = parser.parse_args(argv)
    try:
        text = render(args.rasa, args.action, args.rasa_bind, args.actions_bind, args.foreground, args.stats_bind)
    except ValueError as error:
        parser.error(str(error))
    if args.out:
        write_private(args.out, text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
