"""Benchmark: python -m bot.clinical.bench  -> ms per classification (text -> findings -> assessment),
measured after the pipeline is loaded.  Exit code 1 when the mean is over the target (20 ms)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from bot.nlp.no_tensorflow import skip_tensorflow_probe

TARGET_MS = 20.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.clinical.bench")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--target-ms", type=float, default=TARGET_MS)
    args = parser.parse_args(argv)
    skip_tensorflow_probe()
    from .evaluate import load_cases
    from .text_classification import classify_text

    t0 = time.perf_counter()
    classify_text("warm-up: thinning on top like my dad")
    load_ms = (time.perf_counter() - t0) * 1000
    cases = load_cases()
    times = []
    for _ in range(args.rounds):
        for case in cases:
            t = time.perf_counter()
            classify_text(case["text"], case.get("slots") or {})
            times.append((time.perf_counter() - t) * 1000)
    mean, p95 = statistics.mean(times), sorted(times)[int(0.95 * (len(times) - 1))]
    print(
        f"load+first: {load_ms:.0f} ms; {len(times)} classifications: mean {mean:.2f} ms, "
        f"median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, max {max(times):.2f} ms "
        f"(target < {args.target_ms:.0f} ms)"
    )
    return 0 if mean < args.target_ms else 1


if __name__ == "__main__":
    sys.exit(main())
