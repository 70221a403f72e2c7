"""`make bench-chat`: our intake assistant against Rasa's starter bot under the same load (issue 15).

    python -m tests.bench.chat            # 1, 20 and 50 senders on both bots, then 100 patients on ours
    python -m tests.bench.chat --quick    # smoke run: 2 senders on our bot only

Ours runs the way `make run` starts it (bot.services: action server + Rasa server, a temporary SQLite tracker
store and clinic database); each sender is a patient going through the whole intake to a booking. Theirs is
`rasa init`'s bot under `rasa run` (in-memory tracker store, no custom actions), each sender chatting about its
mood for as many messages as our intake took. The bots run one after the other, each warmed up by one
conversation first, so they never share the CPU. Every message must get HTTP 200 and the reply the script
expects; any error makes the run fail. Targets (issue 15), checked at 20 senders: our p95 <= 1.2x theirs,
our throughput >= 0.83x theirs; 100 patients at once without an error; the Rasa server's peak memory <= 1.2 GB.
Results: printed, and written as JSON to tests/output/bench-chat.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import rasa
import yaml

from bot.services import ROOT
from tests.bench.conversations import Intake, Mood
from tests.bench.load import Level, run_level
from tests.bench.memory import peak_rss_mib
from tests.bench.starter import start_starter, starter_project, url_of
from tests.support.assistant import RunningAssistant

P95_RATIO_TARGET = 1.2
THROUGHPUT_RATIO_TARGET = 0.83
MEMORY_TARGET_MIB = 1.2e9 / 2**20  # 1.2 GB
TARGET_SENDERS = 20
# The REST channel's rate limits (credentials.yml) are raised so that the bench measures the bot, not the
# limiter: every bench sender comes from one address and sends far faster than a person types.
BENCH_RATE_LIMIT = 1_000_000


def bench_credentials(folder: Path) -> tuple[str, dict[str, Any]]:
    """credentials.yml with the REST channel's limits raised; returns its path and the limits used."""
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    rest = credentials.setdefault("bot.channels.rest.GuardedRestInput", {}) or {}
    rest.update(messages_per_sender=BENCH_RATE_LIMIT, messages_per_address=BENCH_RATE_LIMIT)
    credentials["bot.channels.rest.GuardedRestInput"] = rest
    path = folder / "credentials.yml"
    path.write_text(yaml.safe_dump(credentials, sort_keys=False))
    return str(path), rest


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def _levels(bot: str, url: str, plan: list[int], make, headers=None, first_number=0) -> list[Level]:  # type: ignore[no-untyped-def]
    results = []
    for senders in plan:
        print(f"  {bot}: {senders} sender(s) ... ({load_note()})", flush=True)
        level = asyncio.run(run_level(bot, url, senders, make, headers, first_number))
        first_number += senders
        results.append(level)
        row = level.summary()
        print(f"    p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, {row['messages_per_s']} messages/s, "
              f"{row['errors']} error(s)", flush=True)
        for error in level.errors[:5]:
            print(f"    ERROR {error}", flush=True)
    return results


def bench_ours(plan: list[int], patients: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="skn-bench-") as folder:
        credentials, limits = bench_credentials(Path(folder))
        print(f"Our assistant (REST channel limits raised for the bench: {limits})", flush=True)
        with RunningAssistant(Path(folder) / "ours", credentials=credentials).serving() as ours:
            assert ours.rasa is not None and ours.actions is not None
            headers = ours.rest_headers()
            warm = asyncio.run(run_level("ours", ours.url, 1, Intake, headers, first_number=900_000))
            if warm.errors:
                print(ours.logs())
                raise SystemExit(f"warm-up conversation failed: {warm.errors[0]}")
            levels = _levels("ours", ours.url, plan, Intake, headers, first_number=1)
            crowd = _levels("ours", ours.url, [patients], Intake, headers, first_number=500_000) if patients else []
            return {
                "messages_per_conversation": warm.messages,
                "levels": levels,
                "patients": crowd[0] if crowd else None,
                "rasa_peak_mib": peak_rss_mib(ours.rasa.process.pid),
                "action_server_peak_mib": peak_rss_mib(ours.actions.process.pid),
                "rate_limits": limits,
            }


def bench_theirs(plan: list[int], length: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="skn-bench-") as folder:
        with open(Path(folder) / "train.log", "ab") as log:
            project = starter_project(log)
        print(f"Rasa's starter bot ({project}), {length} messages per conversation", flush=True)
        server = start_starter(project, Path(folder) / "log")
        try:
            server.wait_ready()
            url = url_of(server)
            warm = asyncio.run(run_level("starter", url, 1, lambda n: Mood(length)))
            if warm.errors:
                raise SystemExit(f"starter bot warm-up failed: {warm.errors[0]}")
            levels = _levels("starter", url, plan, lambda n: Mood(length))
            return {"levels": levels, "rasa_peak_mib": peak_rss_mib(server.process.pid)}
        finally:
            server.stop()


def ratio(ours: float, theirs: float) -> float | None:
    return round(ours / theirs, 2) if theirs else None


def report(ours: dict[str, Any], theirs: dict[str, Any] | None) -> tuple[dict[str, Any], list[str]]:
    """Prints the table; returns the JSON document and the list of failures (errors, missed targets)."""
    failures: list[str] = []
    rows = []
    print(f"\n{'senders':>8} {'bot':>8} {'p50 ms':>9} {'p95 ms':>9} {'msg/s':>8} {'errors':>7}"
          f" {'p50 x':>7} {'p95 x':>7} {'msg/s x':>8}")
    theirs_by_senders = {lv.senders: lv for lv in (theirs or {}).get("levels", [])}
    for level in ours["levels"]:
        other = theirs_by_senders.get(level.senders)
        row: dict[str, Any] = {"ours": level.summary()}
        print(f"{level.senders:>8} {'ours':>8} {row['ours']['p50_ms']:>9} {row['ours']['p95_ms']:>9} "
              f"{row['ours']['messages_per_s']:>8} {len(level.errors):>7}")
        if other is not None:
            row["starter"] = other.summary()
            row["ratios"] = {
                "p50": ratio(level.percentile(0.5), other.percentile(0.5)),
                "p95": ratio(level.percentile(0.95), other.percentile(0.95)),
                "throughput": ratio(level.throughput, other.throughput),
            }
            r = row["ratios"]
            print(f"{'':>8} {'starter':>8} {row['starter']['p50_ms']:>9} {row['starter']['p95_ms']:>9} "
                  f"{row['starter']['messages_per_s']:>8} {len(other.errors):>7} {r['p50']:>7} {r['p95']:>7} "
                  f"{r['throughput']:>8}")
            failures += [f"starter bot, {other.senders} senders: {e}" for e in other.errors[:3]]
            if level.senders == TARGET_SENDERS:
                if r["p95"] is None or r["p95"] > P95_RATIO_TARGET:
                    failures.append(f"p95 at {TARGET_SENDERS} senders is {r['p95']}x the starter bot's "
                                    f"(target <= {P95_RATIO_TARGET}x)")
                if r["throughput"] is None or r["throughput"] < THROUGHPUT_RATIO_TARGET:
                    failures.append(f"throughput at {TARGET_SENDERS} senders is {r['throughput']}x the starter "
                                    f"bot's (target >= {THROUGHPUT_RATIO_TARGET}x)")
        failures += [f"ours, {level.senders} senders: {e}" for e in level.errors[:3]]
        rows.append(row)
    patients = ours.get("patients")
    if patients is not None:
        s = patients.summary()
        print(f"\n{patients.senders} patients at once (ours): p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, "
              f"{s['messages_per_s']} messages/s, {s['conversations_done']} bookings, {s['errors']} error(s)")
        failures += [f"ours, {patients.senders} patients: {e}" for e in patients.errors[:3]]
    print(f"\nRasa server peak memory: ours {ours['rasa_peak_mib']:.0f} MiB (action server "
          f"{ours['action_server_peak_mib']:.0f} MiB)"
          + (f", starter bot {theirs['rasa_peak_mib']:.0f} MiB" if theirs else "")
          + f"; target <= 1.2 GB ({MEMORY_TARGET_MIB:.0f} MiB)")
    if ours["rasa_peak_mib"] > MEMORY_TARGET_MIB:
        failures.append(f"our Rasa server peaked at {ours['rasa_peak_mib']:.0f} MiB")
    print(f"Messages per conversation: {ours['messages_per_conversation']} (a full intake to a booking); "
          f"REST channel limits raised for the bench: {ours['rate_limits']}")
    document = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "rasa": rasa.__version__,
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "after": load_note()},
        "messages_per_conversation": ours["messages_per_conversation"],
        "rest_rate_limits": ours["rate_limits"],
        "levels": rows,
        "patients": patients.summary() if patients is not None else None,
        "rasa_peak_mib": {"ours": round(ours["rasa_peak_mib"]),
                          "ours_action_server": round(ours["action_server_peak_mib"]),
                          "starter": round(theirs["rasa_peak_mib"]) if theirs else None},
        "targets": {"p95_ratio_max": P95_RATIO_TARGET, "throughput_ratio_min": THROUGHPUT_RATIO_TARGET,
                    "at_senders": TARGET_SENDERS, "rasa_peak_mib_max": round(MEMORY_TARGET_MIB)},
        "failures": failures,
    }
    return document, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 senders on our bot only (a smoke run)")
    parser.add_argument("--senders", default="1,20,50", help="comma-separated sender counts (default 1,20,50)")
    parser.add_argument("--patients", type=int, default=100, help="patients at once on ours at the end (0: skip)")
    parser.add_argument("--ours-only", action="store_true", help="skip Rasa's starter bot")
    parser.add_argument("--json", default=str(ROOT / "tests" / "output" / "bench-chat.json"))
    args = parser.parse_args(argv)
    plan = [int(n) for n in args.senders.split(",") if n.strip()]
    if args.quick:
        plan, args.patients, args.ours_only = [2], 0, True
    print(f"bench-chat: Rasa {rasa.__version__}, {load_note()}", flush=True)
    ours = bench_ours(plan, args.patients)
    theirs = None if args.ours_only else bench_theirs(plan, ours["messages_per_conversation"])
    document, failures = report(ours, theirs)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=2) + "\n")
    print(f"Results: {out}")
    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
