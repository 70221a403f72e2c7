"""Reply times from HAProxy's log: how many messages each backend answered and their p50, p95 and slowest.

    journalctl -u haproxy --since "-1 hour" | python deploy/reply_times.py
    python deploy/reply_times.py /var/log/haproxy.log

HAProxy's `option httplog` line has the timers TR/Tw/Tc/Tr/Ta after `backend/server`: Tr is how long the server
took to answer (ms), Ta the whole request. The stats page shows only averages; the p95 is worked out here.
Lines that are not such request lines (start-up messages, health checks turned off) are skipped."""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Iterable

# "... rasa rasa_servers/rasa2 0/0/0/1023/1023 200 ..." : frontend, backend/server, TR/Tw/Tc/Tr/Ta, status
_REQUEST = re.compile(r"\s(?P<backend>[\w.-]+)/(?P<server>[\w.<>-]+) (?:-?\d+/){3}(?P<tr>-?\d+)/(?P<ta>-?\d+) (?P<status>\d{3}) ")


def percentile(sorted_values: list[int], share: float) -> int:
    """The nearest-rank percentile of values already sorted."""
    rank = max(1, -(-len(sorted_values) * share // 1))  # ceil without floats drifting
    return sorted_values[int(rank) - 1]


def reply_times(lines: Iterable[str]) -> dict[str, list[int]]:
    """Backend -> the server reply times (Tr, ms) of its answered requests (Tr is -1 when none came)."""
    found: dict[str, list[int]] = defaultdict(list)
    for line in lines:
        match = _REQUEST.search(line)
        if match and int(match["tr"]) >= 0:
            found[match["backend"]].append(int(match["tr"]))
    return found


def report(found: dict[str, list[int]]) -> str:
    rows = [f"{'backend':<20} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"]
    for backend, times in sorted(found.items()):
        ordered = sorted(times)
        rows.append(
            f"{backend:<20} {len(ordered):>9} {percentile(ordered, 0.5):>8} {percentile(ordered, 0.95):>8}"
            f" {ordered[-1]:>8}"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("log", nargs="?", help="HAProxy's log file (default: standard input)")
    args = parser.parse_args(argv)
    if args.log:
        with open(args.log, encoding="utf-8", errors="replace") as lines:
            found = reply_times(lines)
    else:
        found = reply_times(sys.stdin)
    if not found:
        print("no request lines found (is `option httplog` on?)", file=sys.stderr)
        return 1
    print(report(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
